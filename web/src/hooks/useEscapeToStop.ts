import { useEffect } from 'react';

/** Esc stops a running answer, wherever the focus is. */
export function useEscapeToStop(running: boolean, stop: () => void): void {
  useEffect(() => {
    if (!running) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      stop();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [running, stop]);
}
