import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { KeyStateCount } from '../metrics.js';
import type { ProviderError } from './errors.js';
import { KeyDecryptionError, type KeyCipher } from './keyCrypto.js';
import { backoffMs, failureEffect } from './keyHealth.js';

/** The pool's in-memory view of one `provider_api_keys` row. */
interface PoolKey {
  key_id: string;
  provider_name: string;
  display_mask: string | null;
  /** undefined: cannot be decrypted (another deployment's secret); never selected. */
  plaintext: string | undefined;
  is_active: boolean;
  failure_count: number;
  cooldown_until: number | undefined;
  /** Orders the rotation: the least recently picked key goes next. */
  last_picked: number;
}

export interface SelectedKey {
  key_id: string;
  provider_name: string;
  display_mask: string | null;
  apiKey: string;
}

export type Selection =
  | { ok: true; key: SelectedKey }
  | { ok: false; reason: 'no_keys' | 'all_cooling' | 'all_inactive'; cooldownEndsAt: number | undefined };

/** Successes waiting to be written in one batch. */
interface PendingSuccess {
  count: number;
  last_used_at: Date;
}

/**
 * Picks API keys and keeps their health. Selection runs from memory (no database round trip);
 * the view is reloaded every `refreshMs`, so a cooldown another instance wrote is honoured within
 * that time. Failures are written at once with one atomic UPDATE (cooldowns only ever extend),
 * successes in batches every `flushMs`. A key's writes are queued behind each other, so they
 * reach the database in the order the events happened; while a key's failure is not yet written,
 * a reload keeps this pool's view of that key (the row read may not show the failure yet).
 */
export class KeyPool {
  private keys = new Map<string, PoolKey>();
  /** Decrypted keys by `key_id:ciphertext`, so each row is decrypted once. */
  private plaintexts = new Map<string, string | undefined>();
  /** Bumped on every local health change; a reload that started earlier must not undo it. */
  private changeSeq = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly pending = new Map<string, PendingSuccess>();
  private readonly writes = new Set<Promise<unknown>>();
  /** The last write queued per key: a key's writes run one after another, in the order of events. */
  private readonly lastWrite = new Map<string, Promise<void>>();
  /**
   * Failure writes queued or running per key. Until they finish, the row in the database is
   * behind this pool's view of the key (its cooldown, its deactivation): a reload keeps the view.
   */
  private readonly failuresInFlight = new Map<string, number>();
  /** Per key, the change number of its latest failure and of its latest success. */
  private readonly lastFailure = new Map<string, number>();
  private readonly lastSuccess = new Map<string, number>();
  private pickCounter = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: KeyCipher,
    private readonly logger: Logger,
    private readonly options: { refreshMs: number; flushMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async start(): Promise<void> {
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch((error) => this.logger.warn({ err: error }, 'key pool refresh failed')), this.options.refreshMs);
    this.flushTimer = setInterval(() => void this.flush(), this.options.flushMs);
    this.refreshTimer.unref();
    this.flushTimer.unref();
  }

  /** Writes what is pending and stops the timers (shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    clearInterval(this.flushTimer);
    await this.flush();
  }

  /** Reloads the keys from the database; admin changes call it so they apply at once. */
  refresh(): Promise<void> {
    const run = this.load();
    this.loaded = run;
    return run;
  }

  private async load(): Promise<void> {
    const startedAt = this.changeSeq;
    const rows = await this.db
      .selectFrom('provider_api_keys')
      .select(['key_id', 'provider_name', 'api_key', 'display_mask', 'is_active', 'failure_count', 'cooldown_until', 'last_used_at'])
      .execute();
    const next = new Map<string, PoolKey>();
    const plaintexts = new Map<string, string | undefined>();
    for (const row of rows) {
      const previous = this.keys.get(row.key_id);
      const cacheKey = `${row.key_id}:${row.api_key}`;
      const plaintext = this.plaintexts.has(cacheKey) ? this.plaintexts.get(cacheKey) : this.decrypt(row.key_id, row.api_key);
      plaintexts.set(cacheKey, plaintext);
      const changedSinceQuery = (this.changedAt.get(row.key_id) ?? -1) > startedAt;
      const failureUnwritten = (this.failuresInFlight.get(row.key_id) ?? 0) > 0;
      next.set(
        row.key_id,
        previous && (changedSinceQuery || failureUnwritten)
          ? previous
          : {
              key_id: row.key_id,
              provider_name: row.provider_name,
              display_mask: row.display_mask,
              plaintext,
              is_active: row.is_active,
              failure_count: row.failure_count,
              cooldown_until: row.cooldown_until?.getTime(),
              last_picked: previous?.last_picked ?? row.last_used_at?.getTime() ?? 0,
            },
      );
    }
    this.keys = next;
    this.plaintexts = plaintexts;
  }

  private decrypt(keyId: string, stored: string): string | undefined {
    try {
      return this.cipher.decrypt(stored);
    } catch (error) {
      if (!(error instanceof KeyDecryptionError)) throw error;
      this.logger.warn({ key_id: keyId }, 'API key cannot be decrypted; it is skipped');
      return undefined;
    }
  }

  /** Waits for the first load (selection before it would see no keys). */
  ready(): Promise<void> {
    return this.loaded ?? this.refresh();
  }

  /** Keys per provider by state, for the metrics gauge. */
  stateCounts(): KeyStateCount[] {
    const now = this.now();
    const counts = new Map<string, KeyStateCount>();
    for (const key of this.keys.values()) {
      const state: KeyStateCount['state'] =
        key.plaintext === undefined ? 'undecryptable' : !key.is_active ? 'inactive' : key.cooldown_until !== undefined && key.cooldown_until > now ? 'cooling' : 'available';
      const id = `${key.provider_name}\u0000${state}`;
      const entry = counts.get(id) ?? { provider: key.provider_name, state, keys: 0 };
      entry.keys += 1;
      counts.set(id, entry);
    }
    return [...counts.values()];
  }

  hasKeys(providerName: string): boolean {
    for (const key of this.keys.values()) if (key.provider_name === providerName) return true;
    return false;
  }

  /**
   * The next key for a provider: active, decryptable, not cooling down and not in `exclude`;
   * fewest consecutive failures first, then least recently picked (fair rotation).
   */
  select(providerName: string, exclude: ReadonlySet<string> = new Set()): Selection {
    const now = this.now();
    let best: PoolKey | undefined;
    let cooldownEndsAt: number | undefined;
    let any = false;
    let anyActive = false;
    for (const key of this.keys.values()) {
      if (key.provider_name !== providerName) continue;
      any = true;
      if (!key.is_active || key.plaintext === undefined) continue;
      anyActive = true;
      if (key.cooldown_until !== undefined && key.cooldown_until > now) {
        cooldownEndsAt = Math.min(cooldownEndsAt ?? Infinity, key.cooldown_until);
        continue;
      }
      if (exclude.has(key.key_id)) continue;
      if (!best || key.failure_count < best.failure_count || (key.failure_count === best.failure_count && key.last_picked < best.last_picked)) {
        best = key;
      }
    }
    if (!best) return { ok: false, reason: !any ? 'no_keys' : anyActive ? 'all_cooling' : 'all_inactive', cooldownEndsAt };
    // Strictly increasing, so two picks in the same millisecond still rotate.
    this.pickCounter = Math.max(this.pickCounter + 1, now);
    best.last_picked = this.pickCounter;
    return { ok: true, key: { key_id: best.key_id, provider_name: best.provider_name, display_mask: best.display_mask, apiKey: best.plaintext as string } };
  }

  reportSuccess(keyId: string): void {
    const key = this.keys.get(keyId);
    if (key) key.failure_count = 0;
    this.lastSuccess.set(keyId, ++this.changeSeq);
    const pending = this.pending.get(keyId) ?? { count: 0, last_used_at: new Date() };
    pending.count += 1;
    pending.last_used_at = new Date(this.now());
    this.pending.set(keyId, pending);
  }

  /**
   * Applies a failure to the key here at once (so the next selection skips it), then writes it
   * with one atomic statement that also carries the key's pending successes, so the order of
   * events survives the batching.
   */
  reportFailure(keyId: string, error: ProviderError): Promise<void> {
    const effect = failureEffect(error.category, error.retryAfterMs);
    if (!effect.touchesKey) return Promise.resolve();
    const key = this.keys.get(keyId);
    const now = this.now();
    const seq = ++this.changeSeq;
    this.changedAt.set(keyId, seq);
    this.lastFailure.set(keyId, seq);
    if (key) {
      // A key that is cooling is not handed out, so a failure now comes from a call that was in
      // flight when the cooldown began: the same incident, which must not double the backoff again.
      const cooling = key.cooldown_until !== undefined && key.cooldown_until > now;
      const counts = effect.countsAsFailure && !cooling;
      const failures = counts ? key.failure_count + 1 : key.failure_count;
      key.failure_count = failures;
      if (effect.deactivate) key.is_active = false;
      const cooldown = effect.cooldownMs ?? (effect.backoff && counts ? backoffMs(failures) : undefined);
      if (cooldown !== undefined) key.cooldown_until = Math.max(key.cooldown_until ?? 0, now + cooldown);
    }
    const pending = this.pending.get(keyId);
    this.pending.delete(keyId);
    this.failuresInFlight.set(keyId, (this.failuresInFlight.get(keyId) ?? 0) + 1);
    return this.enqueue(keyId, () =>
      this.writeFailure(keyId, error, pending, seq).finally(() => {
        const left = (this.failuresInFlight.get(keyId) ?? 1) - 1;
        if (left > 0) this.failuresInFlight.set(keyId, left);
        else this.failuresInFlight.delete(keyId);
      }),
    );
  }

  /** `seq` numbers the failure; the row the write returns is adopted unless a later failure of the key came meanwhile. */
  private async writeFailure(keyId: string, error: ProviderError, pending: PendingSuccess | undefined, seq: number): Promise<void> {
    const effect = failureEffect(error.category, error.retryAfterMs);
    const successes = pending?.count ?? 0;
    // As in memory: while the key cools, a failure (of a call already in flight) is not counted.
    const counts = sql<boolean>`(${effect.countsAsFailure} AND (provider_api_keys.cooldown_until IS NULL OR provider_api_keys.cooldown_until <= now()))`;
    const failures = sql<number>`(CASE WHEN ${successes} > 0 THEN 0 ELSE provider_api_keys.failure_count END) + (CASE WHEN ${counts} THEN 1 ELSE 0 END)`;
    const cooldownSeconds =
      effect.cooldownMs !== undefined
        ? sql<number>`${effect.cooldownMs / 1000}::float8`
        : effect.backoff
          ? sql<number>`CASE WHEN ${counts} AND ${failures} >= 3 THEN LEAST(5 * power(2, ${failures} - 3), 300) END`
          : sql<number>`NULL::float8`;
    const row = await this.db
      .updateTable('provider_api_keys')
      .set({
        total_calls: sql<number>`total_calls + ${successes}`,
        last_used_at: pending ? pending.last_used_at : sql<Date>`last_used_at`,
        failure_count: failures,
        is_active: effect.deactivate ? false : sql<boolean>`is_active`,
        // GREATEST ignores NULL: with no new cooldown the old one stays; a new one only extends it.
        cooldown_until: sql<Date>`GREATEST(cooldown_until, now() + make_interval(secs => ${cooldownSeconds}))`,
        last_error_type: error.type,
        last_error_category: error.category,
        last_error_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })
      .where('key_id', '=', keyId)
      .returning(['is_active', 'failure_count', 'cooldown_until'])
      .executeTakeFirst();
    // A later failure of this key already changed the view (and has its own write queued): this
    // row predates it and must not undo it, e.g. clear the cooldown of a 429 that came after.
    const superseded = this.lastFailure.get(keyId) !== seq;
    this.changedAt.set(keyId, ++this.changeSeq);
    const key = this.keys.get(keyId);
    if (row && key && !superseded) {
      key.is_active = row.is_active;
      // A success since this failure (perhaps not written yet) reset the streak.
      key.failure_count = (this.lastSuccess.get(keyId) ?? 0) > seq ? 0 : row.failure_count;
      key.cooldown_until = row.cooldown_until?.getTime();
    }
  }

  /** Writes the batched successes: total_calls, last_used_at, failure_count back to 0. */
  flush(): Promise<void> {
    const batch = [...this.pending.entries()];
    this.pending.clear();
    const writes = batch.map(([keyId, pending]) =>
      this.enqueue(keyId, () =>
        this.db
          .updateTable('provider_api_keys')
          .set({ total_calls: sql<number>`total_calls + ${pending.count}`, last_used_at: pending.last_used_at, failure_count: 0 })
          .where('key_id', '=', keyId)
          .execute(),
      ),
    );
    return Promise.all([...writes, ...this.writes]).then(() => undefined);
  }

  /** Runs a write for a key after the key's earlier writes (whether they succeeded or not). */
  private enqueue(keyId: string, write: () => Promise<unknown>): Promise<void> {
    const previous = this.lastWrite.get(keyId) ?? Promise.resolve();
    const queued = this.track(previous.then(write));
    this.lastWrite.set(keyId, queued);
    void queued.finally(() => {
      if (this.lastWrite.get(keyId) === queued) this.lastWrite.delete(keyId);
    });
    return queued;
  }

  private track(write: Promise<unknown>): Promise<void> {
    const tracked = write.then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, 'key health write failed'),
    );
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
    return tracked;
  }
}
