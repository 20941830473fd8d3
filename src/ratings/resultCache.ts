import { LRUCache } from 'lru-cache';

interface Entry {
  version: number;
  checkedAt: number;
  watermark: string;
  value: Promise<unknown>;
}

/**
 * Computed results keyed by what they were computed from, bounded: the least recently read entry
 * goes once `maxEntries` are held, so callers choosing keys (filter values) cannot grow memory.
 * A result is reused while its inputs have not changed: `invalidate()` (a vote on this instance)
 * drops everything at once, and any other change is noticed by `watermark()` once an entry is
 * `freshnessMs` old. Concurrent reads of one key share one computation, also while it is running
 * and even if its entry was evicted meanwhile.
 */
export class ResultCache {
  private version = 0;
  private readonly entries: LRUCache<string, Entry>;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly watermark: () => Promise<string>,
    private readonly options: { freshnessMs: number; maxEntries: number },
  ) {
    this.entries = new LRUCache({ max: options.maxEntries });
  }

  invalidate(): void {
    this.version += 1;
  }

  /** How many results are held. */
  get size(): number {
    return this.entries.size;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight as Promise<T>;
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === this.version) {
      if (now - entry.checkedAt < this.options.freshnessMs) return entry.value as Promise<T>;
      const watermark = await this.watermark();
      if (watermark === entry.watermark) {
        entry.checkedAt = now;
        return entry.value as Promise<T>;
      }
    }
    return this.start(key, compute, now);
  }

  private start<T>(key: string, compute: () => Promise<T>, now: number): Promise<T> {
    const again = this.running.get(key);
    if (again) return again as Promise<T>;
    // Registered before any await, so concurrent readers share it; the watermark is read before
    // the data, so a change arriving meanwhile is noticed next time.
    const fresh: Entry = { version: this.version, checkedAt: now, watermark: '', value: Promise.resolve() };
    const value = this.watermark().then((watermark) => {
      fresh.watermark = watermark;
      return compute();
    });
    fresh.value = value;
    this.running.set(key, value);
    this.entries.set(key, fresh);
    value.then(
      () => this.running.delete(key),
      () => {
        this.running.delete(key);
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    return value;
  }
}
