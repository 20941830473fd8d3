import type { Kysely } from 'kysely';
import type { AiModel, Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { pause } from '../pause.js';
import { classifyError, ProviderError } from '../providers/errors.js';
import type { Providers } from '../providers/service.js';
import type { SettingsStore } from '../settings/settings.js';
import { CATEGORY_DEFINITIONS, labellerMessages } from './categories.js';
import { claim, nextWork, release, saveLabel, saveUnreadable, takePaceSlot, type Target, type WorkItem } from './store.js';

export interface LabellerOptions {
  /** With nothing to do (no labeller model, everything labelled), look again after this long. */
  idleMs?: number;
  /**
   * How long a claimed comparison is held; a dead instance's claims lapse after it. A call may
   * take half of it (at most a minute), so a live call always ends inside its lease.
   */
  leaseMs?: number;
  /** Backoff after the first unreadable reply; each further one waits four times longer. */
  retryBaseMs?: number;
  /** After a failed call (rate limit, provider down), the first pause; it doubles up to maxPauseMs. */
  pauseBaseMs?: number;
  maxPauseMs?: number;
  /** Comparisons read per query. */
  batchSize?: number;
}

export const LABELLER_STATES = ['off', 'model_missing', 'idle', 'labelling', 'waiting_for_key', 'paused'] as const;

/** What this instance's labeller is doing, for the admin view. */
export interface LabellerStatus {
  state: (typeof LABELLER_STATES)[number];
  /** Set while paused after a failed call: when it tries again. */
  paused_until: string | null;
  /** The last failed call's reason (never a key). */
  last_error: string | null;
}

type Deps = {
  db: Kysely<Database>;
  settings: SettingsStore;
  providers: Pick<Providers, 'catalog' | 'pool' | 'gateway'>;
  logger: Logger;
};

/**
 * Labels comparisons with the categories of the labeller model the admin picked, in the
 * background, one call at a time per instance:
 * - work comes from the database (comparisons without a current label, voted ones first) and is
 *   claimed row by row with a lease, so instances share it, none labels a comparison twice, and
 *   a restart (kill -9 included) resumes where the rows end;
 * - calls are paced deployment-wide (labeller_pace) at the admin's rate;
 * - a call starts only while the model's provider has a key out of cooldown, and a rate limit or
 *   any failed call pauses the labeller (Retry-After, else a doubling backoff) instead of retrying:
 *   the arena is never left waiting for a key the labeller used up;
 * - it writes only comparison_labels, so nothing it does can change or lose a vote.
 */
export class LabellerService {
  private readonly options: Required<LabellerOptions>;
  private readonly callTimeoutMs: number;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private queue: WorkItem[] = [];
  private queueModel: string | undefined;
  private failedCalls = 0;
  private current: LabellerStatus = { state: 'off', paused_until: null, last_error: null };

  constructor(
    private readonly deps: Deps,
    options: LabellerOptions = {},
  ) {
    this.options = {
      idleMs: 15_000,
      leaseMs: 120_000,
      retryBaseMs: 60_000,
      pauseBaseMs: 5_000,
      maxPauseMs: 300_000,
      batchSize: 20,
      ...options,
    };
    this.callTimeoutMs = Math.min(60_000, this.options.leaseMs / 2);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  status(): LabellerStatus {
    return { ...this.current };
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let waitMs: number;
      try {
        waitMs = await this.step();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'labeller step failed; it tries again later');
        waitMs = this.options.idleMs;
      }
      if (waitMs > 0) await this.pause(waitMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return pause(ms, this.stopping.signal);
  }

  private idle(state: LabellerStatus['state']): number {
    this.current = { ...this.current, state, paused_until: null };
    this.queue = [];
    return this.options.idleMs;
  }

  /** One unit of work; resolves with how long to wait before the next. */
  private async step(): Promise<number> {
    const settings = await this.deps.settings.get();
    const modelId = settings.labeller_model_id;
    if (!modelId || settings.labeller_categories.length === 0) return this.idle('off');
    const model = await this.deps.providers.catalog.model(modelId);
    if (!model) return this.idle('model_missing');
    if (!this.keyAvailable(model)) {
      this.current = { ...this.current, state: 'waiting_for_key' };
      return Math.min(1_000, this.options.idleMs);
    }
    const targets: Target[] = settings.labeller_categories.map((category) => ({ modelId, category }));
    if (this.queueModel !== modelId) this.queue = [];
    this.queueModel = modelId;
    if (this.queue.length === 0) this.queue = await nextWork(this.deps.db, targets, this.options.batchSize);
    if (this.queue.length === 0) return this.idle('idle');

    const wait = await takePaceSlot(this.deps.db, settings.labeller_rate_per_minute);
    if (wait > 0) return wait;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      if (!settings.labeller_categories.includes(item.category)) continue;
      const target = { modelId, category: item.category };
      if ((await claim(this.deps.db, target, item.comparison_id, this.options.leaseMs)) === undefined) continue;
      this.current = { ...this.current, state: 'labelling', paused_until: null };
      return this.label(model, target, item);
    }
    return 0;
  }

  /**
   * Keys are shared, never held, so what the arena could be left waiting for is a cooling key:
   * the labeller calls only while the provider has a key out of cooldown (or uses no keys).
   */
  private keyAvailable(model: AiModel): boolean {
    const provider = model.provider_name ?? '';
    let keys = 0;
    for (const count of this.deps.providers.pool.stateCounts()) {
      if (count.provider !== provider) continue;
      if (count.state === 'available' && count.keys > 0) return true;
      keys += count.keys;
    }
    return keys === 0;
  }

  /** Asks the labeller about one claimed comparison; resolves with the pause before the next call. */
  private async label(model: AiModel, target: Target, item: WorkItem): Promise<number> {
    const { db, logger } = this.deps;
    let reply = '';
    try {
      const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.callTimeoutMs)]);
      for await (const event of this.deps.providers.gateway.stream(model, labellerMessages(target.category, item.prompt), signal)) {
        if (event.type === 'text') reply += event.text;
      }
    } catch (thrown) {
      const error = thrown instanceof ProviderError ? thrown : classifyError(thrown);
      // The prompt itself is refused (too long for the labeller, say): that is this comparison's
      // attempt. Anything else says nothing about the comparison: it waits, and so does the labeller.
      if (error.category === 'bad_request') {
        await saveUnreadable(db, target, item.comparison_id, `refused: ${error.message}`, this.options.retryBaseMs);
        return 0;
      }
      await release(db, target, item.comparison_id, `${error.category}: ${error.message}`);
      if (this.stopping.signal.aborted) return 0;
      this.failedCalls += 1;
      const backoff = Math.min(this.options.pauseBaseMs * 2 ** (this.failedCalls - 1), this.options.maxPauseMs);
      const pauseMs = Math.max(backoff, Math.min(error.retryAfterMs ?? 0, this.options.maxPauseMs));
      this.current = { state: 'paused', paused_until: new Date(Date.now() + pauseMs).toISOString(), last_error: `${error.category}: ${error.message}` };
      logger.warn({ category: error.category, error_type: error.type, pause_ms: pauseMs }, 'labeller call failed; the labeller pauses');
      this.queue = [];
      return pauseMs;
    }
    this.failedCalls = 0;
    const label = CATEGORY_DEFINITIONS[target.category].read(reply);
    if (label) await saveLabel(db, target, item.comparison_id, label);
    else {
      logger.info({ comparison_id: item.comparison_id, category: target.category }, 'labeller reply unreadable; the comparison is asked again later');
      await saveUnreadable(db, target, item.comparison_id, `unreadable reply: ${JSON.stringify(reply.slice(0, 120))}`, this.options.retryBaseMs);
    }
    return 0;
  }
}
