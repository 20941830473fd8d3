import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { pause } from '../pause.js';
import type { Analyser } from './analyser.js';
import type { RegistryNames } from './identity.js';
import { featuresRow, type FeaturesRow } from './rows.js';
import { loadForAnalysis, recentNeedingFeatures, registryNames, sweepPage, writeFeatures } from './store.js';

export interface FeaturesServiceOptions {
  /** Comparisons per worker request and per write. */
  batchSize?: number;
  /** Comparisons the sweep reads per query. */
  pageSize?: number;
  /** How often comparisons of the last hour are checked for a missing row. */
  pollMs?: number;
  /** How often the whole table is swept again (besides at start). */
  sweepEveryMs?: number;
  /** After a failure (database or worker), work resumes after this long. */
  retryMs?: number;
  /** The chats in flight on this instance, which the work waits for (see `maxDeferMs`). */
  interactive?: InteractiveRequests;
  /** The longest the work waits for a moment without chats in flight before it runs anyway. */
  maxDeferMs?: number;
}

/** What the service needs of the instance's interactive traffic (src/jobs/backgroundCalls.ts keeps it). */
export interface InteractiveRequests {
  quiet(maxWaitMs: number, signal: AbortSignal): Promise<void>;
}

const NO_TRAFFIC: InteractiveRequests = { quiet: () => Promise.resolve() };

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Nudged ids beyond this are left to the poll and the sweep. */
const MAX_QUEUE = 10_000;
const REGISTRY_TTL_MS = 30_000;
/** The poll leaves the newest comparisons to the instance that stored them (it was nudged). */
const POLL_WINDOW = { fromSeconds: 3_600, toSeconds: 30 };


/**
 * Keeps comparison_features filled, off the request path:
 * - a stored comparison is nudged in (`enqueue`) and computed within moments on the worker;
 * - every `pollMs`, comparisons of the last hour without a row are computed (those another
 *   instance stored and did not finish, say because it was killed);
 * - at start and every `sweepEveryMs`, a sweep walks every comparison, a page of ids at a time,
 *   and computes what is missing or of an older FEATURES_VERSION: the backfill of a deployment
 *   that existed before, and the recomputation after the rules change. It starts at a random id
 *   and wraps around, so instances started together mostly work on different comparisons, and
 *   it rests as long as it worked (half a core at most), so chats keep their CPU.
 * Nothing is remembered in memory that the database does not also say, so a restart resumes
 * where the rows end. Each round of work first waits (up to `maxDeferMs`) for a moment when no
 * chat is in flight on this instance: the worker thread and its queries then never compete with
 * a burst of chats for the cores, and what a burst leaves queued is computed after it in
 * batches, which cost less per comparison than one at a time.
 */
export class FeaturesService {
  private readonly queue = new Set<string>();
  private readonly options: Required<FeaturesServiceOptions>;
  private drain: Promise<void> | undefined;
  private sweep: Promise<number> | undefined;
  private poll: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private registry: { at: number; names: Promise<RegistryNames> } | undefined;
  private lastSweepAt = 0;
  private stopped = false;
  /** Ends every pause at once when the service stops. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly analyser: Analyser,
    private readonly logger: Logger,
    options: FeaturesServiceOptions = {},
  ) {
    this.options = { batchSize: 100, pageSize: 500, pollMs: 60_000, sweepEveryMs: 6 * 3_600_000, retryMs: 30_000, interactive: NO_TRAFFIC, maxDeferMs: 15_000, ...options };
  }

  /** Starts the sweep and the poll. */
  start(): void {
    this.startSweep();
    this.timer = setInterval(() => {
      if (Date.now() - this.lastSweepAt >= this.options.sweepEveryMs) this.startSweep();
      this.poll ??= this.pollRecent().finally(() => (this.poll = undefined));
    }, this.options.pollMs);
    this.timer.unref();
  }

  /** A comparison was just stored: compute its row soon. Never throws, never waits. */
  enqueue(comparisonId: string): void {
    if (this.stopped || this.queue.size >= MAX_QUEUE) return;
    this.queue.add(comparisonId);
    this.drain ??= this.drainQueue().finally(() => (this.drain = undefined));
  }

  /** Resolves when everything enqueued so far, and any sweep under way, is done. */
  async settled(): Promise<void> {
    while (this.drain || this.sweep || this.poll) await Promise.all([this.drain, this.sweep, this.poll]);
  }

  /** One full sweep (tests, and what `start` runs); resolves with the rows written. */
  runSweep(): Promise<number> {
    this.startSweep();
    return this.sweep ?? Promise.resolve(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearInterval(this.timer);
    this.queue.clear();
    await this.settled();
    await this.analyser.close();
  }

  private pause(ms: number): Promise<void> {
    return pause(ms, this.stopping.signal);
  }

  private chatsFirst(): Promise<void> {
    return this.options.interactive.quiet(this.options.maxDeferMs, this.stopping.signal);
  }

  private startSweep(): void {
    if (this.stopped || this.sweep) return;
    this.lastSweepAt = Date.now();
    this.sweep = this.sweepAll().finally(() => (this.sweep = undefined));
  }

  private async drainQueue(): Promise<void> {
    // Once per drain, not per batch: under steady traffic the queue is still worked off.
    await this.chatsFirst();
    while (!this.stopped && this.queue.size > 0) {
      const ids = [...this.queue].slice(0, this.options.batchSize);
      ids.forEach((id) => this.queue.delete(id));
      try {
        await this.compute(ids);
      } catch (error) {
        // The poll (for recent ones) or the next sweep picks these up again.
        this.logger.warn({ err: error, comparisons: ids.length }, 'comparison features not computed; will retry');
        await this.pause(this.options.retryMs);
      }
    }
  }

  private async pollRecent(): Promise<void> {
    try {
      await this.chatsFirst();
      const ids = await recentNeedingFeatures(this.db, POLL_WINDOW, this.options.batchSize);
      await this.compute(ids);
    } catch (error) {
      this.logger.warn({ err: error }, 'comparison features poll failed');
    }
  }

  private async sweepAll(): Promise<number> {
    const start = randomUUID();
    // From the random start to the end of the ids, then from the beginning back to the start.
    const ranges: Array<{ after: string; until: string | undefined }> = [
      { after: start, until: undefined },
      { after: NIL_UUID, until: start },
    ];
    let written = 0;
    for (const range of ranges) {
      for (;;) {
        if (this.stopped) return written;
        let page: Awaited<ReturnType<typeof sweepPage>>;
        try {
          await this.chatsFirst();
          page = await sweepPage(this.db, range, this.options.pageSize);
          const started = performance.now();
          for (let index = 0; index < page.needed.length && !this.stopped; index += this.options.batchSize) {
            written += await this.compute(page.needed.slice(index, index + this.options.batchSize));
          }
          if (page.needed.length > 0) await this.pause(performance.now() - started);
        } catch (error) {
          this.logger.warn({ err: error }, 'comparison features sweep paused after a failure');
          await this.pause(this.options.retryMs);
          continue;
        }
        if (!page.full || !page.last) break;
        range.after = page.last;
      }
    }
    if (written > 0) this.logger.info({ comparisons: written }, 'comparison features computed by the sweep');
    return written;
  }

  private registryNames(): Promise<RegistryNames> {
    if (!this.registry || Date.now() - this.registry.at > REGISTRY_TTL_MS) {
      const names = registryNames(this.db);
      this.registry = { at: Date.now(), names };
      names.catch(() => (this.registry = undefined));
    }
    return this.registry.names;
  }

  /** Computes and writes the rows of those of `ids` that need one; returns how many it wrote. */
  private async compute(ids: string[]): Promise<number> {
    const comparisons = await loadForAnalysis(this.db, ids);
    if (comparisons.length === 0) return 0;
    const results = await this.analyser.comparisons(
      comparisons.map(({ prompt, answers, firstTurn }) => ({ prompt, answers, firstTurn })),
      await this.registryNames(),
    );
    const rows: FeaturesRow[] = [];
    results.forEach((result, index) => {
      const comparison = comparisons[index];
      if (!comparison) return;
      if (result.ok) rows.push(featuresRow(comparison.comparison_id, result.value, comparison.sides));
      else this.logger.warn({ comparison_id: comparison.comparison_id, error: result.error }, 'comparison features could not be computed');
    });
    await writeFeatures(this.db, rows);
    return rows.length;
  }
}
