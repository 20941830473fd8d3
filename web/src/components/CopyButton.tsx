import { useEffect, useState } from 'react';

/** `text` may be a function: read when pressed, for text that is only known then (a rendered block). */
export function CopyButton({ text, label }: { text: string | (() => string); label: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(null), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  const copy = () =>
    navigator.clipboard.writeText(typeof text === 'function' ? text() : text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <button type="button" className="button small" onClick={() => void copy()}>
      <span aria-live="polite">{copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed — select the text instead' : label}</span>
    </button>
  );
}
