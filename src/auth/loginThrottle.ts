import { FixedWindowRateLimiter } from '../rateLimiter.js';

export interface LoginLimits {
  /** Failed logins per (email, address) pair per `windowMs`; a success clears the pair. */
  perEmailAndAddress: number;
  /** Login attempts, failed or not, per address per `windowMs`. */
  perAddress: number;
  windowMs: number;
  /** Failed logins per email from every address per `emailWindowMs`. */
  perEmail: number;
  emailWindowMs: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The login rate limits, built so that a stranger cannot lock an account's owner out. Guessing
 * is limited per (email, address) pair and per address; the per-email limit is wider and slower,
 * and once it is reached it refuses only the addresses that have themselves failed for that
 * email within its window: the owner, signing in from an address that has not failed, still gets
 * in. A distributed guesser therefore gets `perEmail` guesses per window, plus one per fresh
 * address. In memory, per server instance, like every rate limit here.
 */
export class LoginThrottle {
  private readonly attemptsByAddress: FixedWindowRateLimiter;
  private readonly failuresByPair: FixedWindowRateLimiter;
  private readonly failuresByEmail: FixedWindowRateLimiter;
  /** Pairs that failed within the email window: "has this address failed for this email?" */
  private readonly failedPairs: FixedWindowRateLimiter;

  constructor(limits: LoginLimits, now: () => number = Date.now) {
    this.attemptsByAddress = new FixedWindowRateLimiter(limits.perAddress, limits.windowMs, now);
    this.failuresByPair = new FixedWindowRateLimiter(limits.perEmailAndAddress, limits.windowMs, now);
    this.failuresByEmail = new FixedWindowRateLimiter(limits.perEmail, limits.emailWindowMs, now);
    this.failedPairs = new FixedWindowRateLimiter(1, limits.emailWindowMs, now);
  }

  /** Counts an attempt from `address` and says whether it may check a password for `email`. */
  admit(email: string, address: string): Admission {
    const byAddress = this.attemptsByAddress.hit(address);
    if (!byAddress.allowed) return byAddress;
    const pair = pairKey(email, address);
    const byPair = this.failuresByPair.peek(pair);
    if (!byPair.allowed) return byPair;
    const byEmail = this.failuresByEmail.peek(email);
    const addressFailed = this.failedPairs.peek(pair);
    if (!byEmail.allowed && !addressFailed.allowed) {
      // Allowed again when either this address's failure or the email's window is forgotten.
      return { allowed: false, retryAfterSeconds: Math.min(byEmail.retryAfterSeconds, addressFailed.retryAfterSeconds) };
    }
    return { allowed: true };
  }

  failed(email: string, address: string): void {
    const pair = pairKey(email, address);
    this.failuresByPair.hit(pair);
    this.failuresByEmail.hit(email);
    this.failedPairs.hit(pair);
  }

  succeeded(email: string, address: string): void {
    const pair = pairKey(email, address);
    this.failuresByPair.reset(pair);
    this.failedPairs.reset(pair);
  }
}

// A newline cannot occur in an email (the schema checks it) or an address.
const pairKey = (email: string, address: string) => `${email}\n${address}`;
