import type { NewJob } from './jobQueue.js';

interface Pending {
  name: string;
  group: string;
  jobs: NewJob<unknown>[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  timer: NodeJS.Timeout;
}

/**
 * Gathers the jobs sent to one queue and group within a few milliseconds into one insert. An
 * evaluation's answer jobs each send a judgment or two as they finish, 32 at a time: one insert
 * each was the embedded database's third-largest cost. A sender's promise settles when its jobs
 * are stored (or the insert failed), so a handler that awaits it still ends only after the jobs it
 * sent are durable.
 */
export class SendBatcher {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly send: (name: string, group: string, jobs: NewJob<unknown>[]) => Promise<void>,
    private readonly delayMs = 10,
  ) {}

  add<T>(name: string, group: string, jobs: NewJob<T>[]): Promise<void> {
    if (jobs.length === 0) return Promise.resolve();
    const key = JSON.stringify([name, group]);
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { name, group, jobs: [], waiters: [], timer: setTimeout(() => void this.flushOne(key), this.delayMs) };
      this.pending.set(key, batch);
    }
    batch.jobs.push(...(jobs as NewJob<unknown>[]));
    const { waiters } = batch;
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  /** Sends everything gathered so far, now. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending.keys()].map((key) => this.flushOne(key)));
  }

  private async flushOne(key: string): Promise<void> {
    const batch = this.pending.get(key);
    if (!batch) return;
    this.pending.delete(key);
    clearTimeout(batch.timer);
    try {
      await this.send(batch.name, batch.group, batch.jobs);
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    }
  }
}
