/**
 * Counts hits per key in fixed windows. In memory, so each server instance counts on its own:
 * behind a load balancer with N instances a client gets at most N times the limit.
 *
 * Windows are kept in the order they opened (a Map keeps insertion order, and every window is
 * equally long), so the expired ones are always at the front: each hit drops those it meets
 * there and stops at the first live one. Keys are the client's to choose (an email, an address
 * from X-Forwarded-For behind a proxy), so their number is capped too: past `maxKeys` live
 * windows the oldest goes, which resets that key's count — the price of bounded memory.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one hit; when the key is over its limit, says how long until the window resets. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    this.dropExpired(now);
    let window = this.windows.get(key);
    if (!window) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
      if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    }
    window.count += 1;
    if (window.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((window.resetAt - now) / 1000) };
  }

  /** Whether a hit now would be allowed, without counting one (for limits on failures, counted afterwards). */
  peek(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now || window.count < this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((window.resetAt - now) / 1000) };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** How many keys are counted now. */
  get size(): number {
    return this.windows.size;
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt > now) return;
      this.windows.delete(key);
    }
  }
}
