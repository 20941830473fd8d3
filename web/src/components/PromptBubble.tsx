import { useState } from 'react';

/** Past this a prompt shows its start only: a pasted document must not push the answers off screen. */
const PREVIEW_CHARS = 400;
const PREVIEW_LINES = 6;

function preview(prompt: string): string | null {
  const lines = prompt.split('\n');
  if (prompt.length <= PREVIEW_CHARS && lines.length <= PREVIEW_LINES) return null;
  return lines.slice(0, PREVIEW_LINES).join('\n').slice(0, PREVIEW_CHARS);
}

/** The user's prompt of a turn; a long one renders collapsed with a button to show it whole. */
export function PromptBubble({ prompt }: { prompt: string }) {
  const [open, setOpen] = useState(false);
  const start = preview(prompt);
  if (start === null) return <p className="prompt-bubble">{prompt}</p>;
  return (
    <div className="prompt-bubble collapsible" data-testid="prompt-bubble">
      <p>{open ? prompt : `${start}…`}</p>
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Show less' : `Show the whole prompt (${prompt.length.toLocaleString('en')} characters)`}
      </button>
    </div>
  );
}
