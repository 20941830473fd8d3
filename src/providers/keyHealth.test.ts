import { describe, expect, it } from 'vitest';
import { backoffMs, failureEffect } from './keyHealth.js';

describe('failureEffect', () => {
  it('cools a rate-limited key for Retry-After, at least 5 s', () => {
    expect(failureEffect('rate_limit', 30_000).cooldownMs).toBe(30_000);
    expect(failureEffect('rate_limit', 1_000).cooldownMs).toBe(5_000);
    expect(failureEffect('rate_limit', undefined).cooldownMs).toBe(5_000);
  });

  it('deactivates on auth, cools an hour on quota, counts server-like failures', () => {
    expect(failureEffect('auth', undefined)).toMatchObject({ deactivate: true, countsAsFailure: false });
    expect(failureEffect('quota', undefined).cooldownMs).toBe(3_600_000);
    for (const category of ['server', 'timeout', 'network'] as const) {
      expect(failureEffect(category, undefined)).toMatchObject({ countsAsFailure: true, backoff: true, deactivate: false });
    }
  });

  it('leaves the key alone when the request or the client is at fault', () => {
    expect(failureEffect('bad_request', undefined).touchesKey).toBe(false);
    expect(failureEffect('aborted', undefined).touchesKey).toBe(false);
  });
});

describe('backoffMs', () => {
  it('starts at the third consecutive failure, doubles from 5 s and caps at 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 9, 20].map(backoffMs)).toEqual([undefined, undefined, 5_000, 10_000, 20_000, 40_000, 300_000, 300_000]);
  });
});
