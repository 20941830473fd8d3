import { useEffect, useState } from 'react';
import { describeError, formatWait } from './describeError';

/**
 * An error in words; when sending again may help, a Retry button that waits out the time the
 * server asked for (the button says how long), so a user never retries into the same refusal.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const described = describeError(error);
  const [until] = useState(() => Date.now() + (described.retryAfterSeconds ?? 0) * 1000);
  const [now, setNow] = useState(Date.now);
  const left = Math.max(0, (until - now) / 1000);
  useEffect(() => {
    if (left <= 0) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [left]);
  return (
    <div className="error-notice" role="alert" data-testid="error-notice">
      <p>{described.text}</p>
      {described.retryable && onRetry && (
        <button type="button" className="button small" disabled={left > 0} onClick={onRetry}>
          {left > 0 ? `Retry in ${formatWait(left)}` : 'Retry'}
        </button>
      )}
    </div>
  );
}
