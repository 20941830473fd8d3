import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle.js';

const LIMITS = { perEmailAndAddress: 3, perAddress: 100, windowMs: 60_000, perEmail: 5, emailWindowMs: 600_000 };

function throttle(limits = LIMITS) {
  const clock = { now: 1_000_000 };
  return { clock, logins: new LoginThrottle(limits, () => clock.now) };
}

/** One login attempt that fails if admitted; returns whether it was admitted. */
const fail = (logins: LoginThrottle, email: string, address: string) => {
  const admitted = logins.admit(email, address).allowed;
  if (admitted) logins.failed(email, address);
  return admitted;
};

describe('LoginThrottle', () => {
  it('stops a guesser at its (email, address) pair and lets the owner in from elsewhere', () => {
    const { logins } = throttle();
    expect([1, 2, 3, 4].map(() => fail(logins, 'ada@example.com', '203.0.113.7'))).toEqual([true, true, true, false]);
    expect(logins.admit('ada@example.com', '203.0.113.7')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(logins.admit('ada@example.com', '198.51.100.2').allowed).toBe(true);
    // The guesser's address may still log in to other accounts.
    expect(logins.admit('grace@example.com', '203.0.113.7').allowed).toBe(true);
  });

  it('past the per-email limit refuses only the addresses that failed for that email', () => {
    const { clock, logins } = throttle();
    // Five addresses fail once each: the email's limit is reached.
    for (let index = 0; index < 5; index++) expect(fail(logins, 'ada@example.com', `203.0.113.${index}`)).toBe(true);
    expect(logins.admit('ada@example.com', '203.0.113.0')).toEqual({ allowed: false, retryAfterSeconds: 600 });
    // A fresh address (the owner's, or one more of the guesser's) gets in once; failing shuts it too.
    expect(fail(logins, 'ada@example.com', '198.51.100.2')).toBe(true);
    expect(logins.admit('ada@example.com', '198.51.100.2').allowed).toBe(false);
    expect(logins.admit('ada@example.com', '192.0.2.9').allowed).toBe(true);
    // When the email's window ends, the failed addresses are free again.
    clock.now += 600_000;
    expect(logins.admit('ada@example.com', '203.0.113.0').allowed).toBe(true);
  });

  it('forgets a pair’s failures when the owner gets in from it', () => {
    const { logins } = throttle();
    fail(logins, 'ada@example.com', '198.51.100.2');
    fail(logins, 'ada@example.com', '198.51.100.2');
    expect(logins.admit('ada@example.com', '198.51.100.2').allowed).toBe(true);
    logins.succeeded('ada@example.com', '198.51.100.2');
    expect([1, 2, 3].map(() => fail(logins, 'ada@example.com', '198.51.100.2'))).toEqual([true, true, true]);
  });

  it('limits every attempt from one address, across emails', () => {
    const { logins } = throttle({ ...LIMITS, perAddress: 4 });
    for (let index = 0; index < 4; index++) expect(logins.admit(`user${index}@example.com`, '203.0.113.7').allowed).toBe(true);
    expect(logins.admit('user9@example.com', '203.0.113.7').allowed).toBe(false);
    expect(logins.admit('user9@example.com', '198.51.100.2').allowed).toBe(true);
  });
});
