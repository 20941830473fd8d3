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

it('forgets expired windows as it goes and never holds more than maxKeys', () => {
  let now = 0;
  const limiter = new FixedWindowRateLimiter(1, 1000, () => now, 100);
  for (let key = 0; key < 50; key++) limiter.hit(`early-${key}`);
  now += 500;
  for (let key = 0; key < 50; key++) limiter.hit(`late-${key}`);
  expect(limiter.size).toBe(100);
  // The early windows have ended: the next hit drops them, and only them.
  now += 600;
  limiter.hit('new');
  expect(limiter.size).toBe(51);
  expect(limiter.hit('late-0').allowed).toBe(false);
  // A flood of distinct keys within one window stays at the cap, dropping the oldest.
  for (let key = 0; key < 1000; key++) limiter.hit(`flood-${key}`);
  expect(limiter.size).toBe(100);
  expect(limiter.hit('flood-999').allowed).toBe(false);
  expect(limiter.hit('late-1').allowed).toBe(true);
});

it('peeks without counting', () => {
  let now = 0;
  const limiter = new FixedWindowRateLimiter(2, 10_000, () => now);
  expect(limiter.peek('a')).toEqual({ allowed: true });
  limiter.hit('a');
  expect(limiter.peek('a')).toEqual({ allowed: true });
  expect(limiter.peek('a')).toEqual({ allowed: true });
  limiter.hit('a');
  now += 4_000;
  expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
  now += 6_000;
  expect(limiter.peek('a')).toEqual({ allowed: true });
});
