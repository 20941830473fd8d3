import { expect, it } from 'vitest';
import { FixedWindowRateLimiter } from './rateLimiter.js';

it('allows the limit per window, then answers how long to wait, then allows again', () => {
  let now = 1_000_000;
  const limiter = new FixedWindowRateLimiter(3, 60_000, () => now);
  expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
  expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  expect(limiter.hit('b').allowed).toBe(true);
  now += 45_500;
  expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 15 });
  now += 15_000;
  expect(limiter.hit('a').allowed).toBe(true);
  limiter.hit('a');
  limiter.hit('a');
  limiter.reset('a');
  expect(limiter.hit('a').allowed).toBe(true);
});
