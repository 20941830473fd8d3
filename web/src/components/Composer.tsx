import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';

interface ComposerProps {
  placeholder: string;
  running: boolean;
  disabled?: boolean;
  disabledReason?: string | undefined;
  maxChars: number | undefined;
  onSend(prompt: string): void;
  onStop(): void;
}

/** The prompt box: Enter sends, Shift+Enter starts a new line; the button turns into Stop while answers stream. */
export function Composer({ placeholder, running, disabled = false, disabledReason, maxChars, onSend, onStop }: ComposerProps) {
  const [prompt, setPrompt] = useState('');
  const id = useId();
  const tooLong = maxChars !== undefined && prompt.length > maxChars;
  const canSend = !running && !disabled && prompt.trim() !== '' && !tooLong;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(prompt);
    setPrompt('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Prompt
      </label>
      <textarea
        id={id}
        data-testid="prompt"
        value={prompt}
        rows={2}
        placeholder={disabledReason ?? placeholder}
        disabled={disabled}
        onChange={(event) => setPrompt(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-hint`}
      />
      <div className="composer-side">
        {running ? (
          <button type="button" className="button danger" onClick={onStop} data-testid="stop">
            Stop
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={!canSend} data-testid="send">
            Send
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className={`composer-hint${tooLong ? ' form-error' : ''}`}>
        {tooLong ? `${prompt.length} / ${maxChars} characters: too long` : 'Enter to send, Shift+Enter for a new line'}
      </p>
    </form>
  );
}
