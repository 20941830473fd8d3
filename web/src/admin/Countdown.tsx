import { useEffect, useState } from 'react';

/** Seconds left until `until`, ticking; nothing once it has passed. */
export function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.ceil((until - now) / 1000);
  if (left <= 0) return null;
  const minutes = Math.floor(left / 60);
  // Beside a "cooling" badge: the time alone ("27 s left"), not "cooling cooling 27 s".
  return <span className="countdown">{minutes > 0 ? `${minutes} min ${left % 60} s` : `${left} s`} left</span>;
}
