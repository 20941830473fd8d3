import type { OrphanedJob } from './instances.js';

/**
 * Marks finished jobs complete in batches: one UPDATE per queue and one claim DELETE per flush,
 * instead of two statements per job. A job whose completion is lost in a crash is simply run
 * again, and its handler finds its work already stored.
 */
export class Settler {
  private pending: OrphanedJob[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly complete: (queue: string, ids: string[]) => Promise<unknown>,
    private readonly release: (claims: OrphanedJob[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 20,
  ) {}

  add(claim: OrphanedJob): void {
    this.pending.push(claim);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending (and waits for any flush under way). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      const byQueue = new Map<string, string[]>();
      for (const claim of batch) byQueue.set(claim.queue, [...(byQueue.get(claim.queue) ?? []), claim.job_id]);
      try {
        for (const [queue, ids] of byQueue) await this.complete(queue, ids);
        await this.release(batch);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.flushing;
  }
}
