import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorNotice } from '../errors/ErrorNotice';

interface ComposerProps {
  placeholder: string;
  running: boolean;
  disabled?: boolean;
  disabledReason?: string | undefined;
  maxChars: number | undefined;
  /** Resolves to the refusal when the server would not take the prompt (it goes back in the box), else to nothing. */
  onSend(prompt: string): Promise<unknown>;
  onStop(): void;
}

/**
 * The prompt box: Enter sends, Shift+Enter starts a new line; the button turns into Stop while
 * answers stream. A prompt the server refuses comes back into the box with the reason beside it.
 */
export function Composer({ placeholder, running, disabled = false, disabledReason, maxChars, onSend, onStop }: ComposerProps) {
  const [prompt, setPrompt] = useState('');
  const [refusal, setRefusal] = useState<{ error: unknown; prompt: string; at: number } | null>(null);
  const id = useId();
  const tooLong = maxChars !== undefined && prompt.length > maxChars;
  const canSend = !running && !disabled && prompt.trim() !== '' && !tooLong;

  const sendText = async (text: string) => {
    setRefusal(null);
    setPrompt('');
    const refused = await onSend(text);
    if (!refused) return;
    // Typing after Send wins over the refused text.
    setPrompt((current) => (current === '' ? text : current));
    setRefusal({ error: refused, prompt: text, at: Date.now() });
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    void sendText(prompt);
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
      {refusal && !running && <ErrorNotice key={refusal.at} error={refusal.error} onRetry={() => void sendText(refusal.prompt)} />}
      <p id={`${id}-hint`} className={`composer-hint${tooLong ? ' form-error' : ''}`}>
        {tooLong ? `${prompt.length} / ${maxChars} characters: too long` : 'Enter to send, Shift+Enter for a new line'}
      </p>
    </form>
  );
}
