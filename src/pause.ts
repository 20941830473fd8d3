/**
 * Waits `ms`, or less if `signal` aborts first; never rejects. Background loops rest with it, so
 * stopping them ends every rest at once, and the timer never keeps the process alive.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
