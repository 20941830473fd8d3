import { useEffect, useState } from 'react';

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A side's clock: ticks from `startedAt` while it runs, then shows the final time. */
export function ElapsedTime({ startedAt, finalMs, running }: { startedAt: number; finalMs: number | null; running: boolean }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(timer);
  }, [running]);
  if (finalMs !== null) return <span className="elapsed final">{formatSeconds(finalMs)}</span>;
  if (!running) return null;
  return (
    <span className="elapsed live" aria-hidden="true">
      {formatSeconds(Math.max(0, now - startedAt))}
    </span>
  );
}
