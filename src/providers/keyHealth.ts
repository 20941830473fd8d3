import type { FailureCategory } from './errors.js';

/** The smallest cooldown after a rate limit, when the upstream names none or a shorter one. */
export const BASE_RATE_LIMIT_COOLDOWN_MS = 5_000;
export const QUOTA_COOLDOWN_MS = 3_600_000;
/** Server-like failures cool a key from this many consecutive failures on. */
export const BACKOFF_FROM_FAILURE = 3;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 300_000;

/** What one failed call does to the key that made it (DESIGN.md's table). */
export interface FailureEffect {
  /**
   * failure_count + 1 (consecutive failures). Not while the key is cooling down: such a failure
   * comes from a call already in flight when the cooldown began, part of the same incident.
   */
  countsAsFailure: boolean;
  deactivate: boolean;
  /** A fixed cooldown from now, in ms. */
  cooldownMs: number | undefined;
  /** Exponential cooldown from the BACKOFF_FROM_FAILURE-th consecutive failure. */
  backoff: boolean;
  /** False when the key is not at fault: nothing about it is written. */
  touchesKey: boolean;
}

export function failureEffect(category: FailureCategory, retryAfterMs: number | undefined): FailureEffect {
  const none = { countsAsFailure: false, deactivate: false, cooldownMs: undefined, backoff: false, touchesKey: true };
  switch (category) {
    case 'rate_limit':
      return { ...none, cooldownMs: Math.max(retryAfterMs ?? 0, BASE_RATE_LIMIT_COOLDOWN_MS) };
    case 'auth':
      return { ...none, deactivate: true };
    case 'quota':
      return { ...none, cooldownMs: Math.max(retryAfterMs ?? 0, QUOTA_COOLDOWN_MS) };
    case 'server':
    case 'timeout':
    case 'network':
      return { ...none, countsAsFailure: true, backoff: true };
    case 'bad_request':
    case 'aborted':
    case 'unavailable':
      return { ...none, touchesKey: false };
  }
}

/** Cooldown after `failureCount` consecutive server-like failures: 5 s doubling, capped at 5 min. */
export function backoffMs(failureCount: number): number | undefined {
  if (failureCount < BACKOFF_FROM_FAILURE) return undefined;
  return Math.min(BACKOFF_BASE_MS * 2 ** (failureCount - BACKOFF_FROM_FAILURE), BACKOFF_CAP_MS);
}
