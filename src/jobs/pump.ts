/** How long a refill waits for more slots to free up. */
const REFILL_MS = 25;

/** What a pump needs from the queue: fetch up to n jobs, and settle one. */
export interface PumpSource<J> {
  fetch(limit: number): Promise<J[]>;
  run(job: J): Promise<void>;
}

/**
 * Keeps up to `limit()` jobs of one queue running on this instance. After a full batch it fetches
 * again as soon as a slot frees; after a short one (the queue is drained) it waits `pollMs`, or
 * less when `wake()` says new work was sent. pg-boss's own `work()` cannot do this: it awaits a
 * whole batch and then sleeps, which idles most slots when calls take a few hundred ms.
 */
export class Pump<J> {
  private running = 0;
  private stopped = false;
  private sleeper: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private readonly idle = new Set<() => void>();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly source: PumpSource<J>,
    private readonly limit: () => number | Promise<number>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** New work may be waiting: fetch now instead of at the next poll. */
  wake(): void {
    const sleeper = this.sleeper;
    if (!sleeper) return;
    this.sleeper = undefined;
    clearTimeout(sleeper.timer);
    sleeper.resolve();
  }

  get inFlight(): number {
    return this.running;
  }

  /** Stops fetching; resolves when the loop has ended (running jobs are the caller's business). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    for (const release of this.idle) release();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleeper = { timer: setTimeout(() => this.wake(), ms), resolve };
    });
  }

  /** Resolves when a running job settles (or the pump stops). */
  private slotFreed(): Promise<void> {
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let free = 0;
      let fetched = 0;
      try {
        const limit = Math.floor(await this.limit());
        free = limit - this.running;
        // While most slots are busy, wait a moment for more to free up: one fetch then takes
        // several jobs instead of one fetch (and one claim) per finished job.
        if (free > 0 && this.running > 0 && free < Math.ceil(limit / 4)) {
          await this.sleep(REFILL_MS);
          this.wake();
          free = limit - this.running;
        }
        if (free <= 0) {
          // The limit can also grow without a job settling (a setting, a widening window).
          await Promise.race([this.slotFreed(), this.sleep(this.pollMs)]);
          this.wake();
          continue;
        }
        const jobs = await this.source.fetch(free);
        fetched = jobs.length;
        for (const job of jobs) this.launch(job);
      } catch (error) {
        this.onError(error);
      }
      if (!this.stopped && fetched < free) await this.sleep(this.pollMs);
    }
  }

  private launch(job: J): void {
    this.running += 1;
    void this.source
      .run(job)
      .catch(this.onError)
      .finally(() => {
        this.running -= 1;
        const waiters = [...this.idle];
        this.idle.clear();
        for (const release of waiters) release();
      });
  }
}
