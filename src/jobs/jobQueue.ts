import { randomUUID } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { PREPARED } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { InstanceRegistry, type OrphanedJob } from './instances.js';
import { Pump } from './pump.js';
import { SendBatcher } from './sendBatcher.js';
import { Settler } from './settler.js';

/** One job as a handler sees it. */
export interface JobContext<T> {
  id: string;
  /** The group the job was sent to (for evaluations: the provider that serves the call). */
  group: string;
  data: T;
}

/**
 * A kind of job. Jobs are sent to a group, and each group is its own pg-boss queue
 * (`name:group`), so one group's backlog never holds another's slots: the evaluation's groups are
 * providers, each with its own concurrency.
 */
export interface QueueSpec<T> {
  name: string;
  /**
   * `short`: at most one waiting job per singleton key (a sender that repeats itself is ignored
   * while the first is still waiting). `standard`: no such rule.
   */
  policy: 'standard' | 'short';
  /** Handlers of one group running at once on this instance; asked before every fetch. */
  concurrency(group: string): number | Promise<number>;
  /**
   * pg-boss fails a job still active this long after it started (a process that died without
   * its heartbeat being noticed): the fallback behind the instance registry.
   */
  expireInSeconds: number;
  /** How often a job is retried after its handler threw or its instance died. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Throws to fail the job (pg-boss then retries it); the signal aborts when the queue stops. */
  handle(job: JobContext<T>, signal: AbortSignal): Promise<void>;
}

export interface NewJob<T> {
  /** A deterministic id makes sending idempotent: a job with this id in this group is sent once. */
  id?: string;
  data: T;
  startAfterSeconds?: number;
  singletonKey?: string;
  /** Higher runs first. */
  priority?: number;
}

export interface JobQueueOptions {
  /** How long an idle group waits before looking for jobs again. */
  pollIntervalMs: number;
  heartbeatMs: number;
  /** An instance silent this long is dead: its jobs are retried elsewhere. */
  staleAfterMs: number;
  /** The database has one owner (the embedded one): every other registered instance is dead. */
  exclusive: boolean;
  /** pg-boss maintenance (expiry of orphaned jobs, archiving) runs this often. */
  maintenanceIntervalSeconds?: number;
  /** How often the list of group queues (created by any instance) is read again. */
  discoverMs?: number;
}

const SEPARATOR = ':';
const STOP_GRACE_MS = 2_000;

/** Any fixed 64-bit number that no other advisory lock of the lab uses (migrations use their own). */
const BOSS_START_LOCK_KEY = 7_316_104_211;

/**
 * Durable background jobs on pg-boss 10 (jobs are rows in its `pgboss` schema: they survive a
 * restart or kill -9, and several instances fetch from one database with FOR UPDATE SKIP LOCKED).
 * pg-boss talks to the database through the app's own pg Pool: on PGlite that is the single
 * connection the socket allows; nothing here uses LISTEN or session state, so a transaction-mode
 * pooler works too. On top of pg-boss: per-group pumps with a dynamic concurrency, and an
 * instance registry that hands a dead instance's running jobs back within `staleAfterMs`
 * instead of pg-boss's expiry.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly specs = new Map<string, QueueSpec<unknown>>();
  private readonly pumps = new Map<string, Pump<PgBoss.Job<unknown>>>();
  /** Queues known to exist, or being created (concurrent creations of one queue deadlock in pg-boss). */
  private readonly createdQueues = new Map<string, Promise<void>>();
  private readonly registry: InstanceRegistry;
  private readonly settler: Settler;
  private readonly batcher = new SendBatcher((name, group, jobs) => this.send(name, group, jobs));
  private readonly controller = new AbortController();
  /** Running jobs, so stopping can hand them back at once, and their handlers, to await them. */
  private readonly running = new Map<string, OrphanedJob>();
  private readonly handlers = new Set<Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly options: JobQueueOptions,
  ) {
    this.boss = new PgBoss({
      // pg-boss's statements have fixed texts, and it sends one or more per job.
      db: { executeSql: (text, values) => this.pool.query(PREPARED + text, values) },
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      archiveCompletedAfterSeconds: 3_600,
    });
    this.boss.on('error', (error) => this.logger.warn({ err: error }, 'job queue error'));
    this.registry = new InstanceRegistry(db, randomUUID());
    this.settler = new Settler(
      (queue, ids) => this.boss.complete(queue, ids),
      (claims) => this.registry.release(claims),
      (error) => this.logger.warn({ err: error }, 'could not mark jobs complete; they will run again and find their work done'),
    );
  }

  /**
   * pg-boss installs its schema under an advisory lock of its own, yet three instances starting
   * together on an empty PostgreSQL database still collided there (a unique violation on
   * pg_namespace that pg-boss does not take for its "already exists" race, so the server failed
   * to start; seen in the cluster test). So instances take turns, holding a lock of ours on a
   * connection of its own while pg-boss starts. The embedded database has a single owner.
   */
  private async startBoss(): Promise<void> {
    if (this.options.exclusive) return void (await this.boss.start());
    const client = new pg.Client(this.pool.options);
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [BOSS_START_LOCK_KEY]);
      await this.boss.start();
    } finally {
      await client.end();
    }
  }

  get instanceId(): string {
    return this.registry.instanceId;
  }

  define<T>(spec: QueueSpec<T>): void {
    if (this.started) throw new Error(`Queue ${spec.name} must be defined before the job queue starts`);
    this.specs.set(spec.name, spec as QueueSpec<unknown>);
  }

  async start(): Promise<void> {
    await this.startBoss();
    await this.registry.register();
    await this.handBack(await this.registry.reap(this.options.staleAfterMs, this.options.exclusive));
    this.started = true;
    await this.discover();
    const every = (ms: number, task: () => Promise<void>, what: string) => {
      const timer = setInterval(() => void task().catch((error) => this.logger.warn({ err: error }, what)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.heartbeatMs, () => this.beat(), 'job heartbeat failed');
    every(this.options.discoverMs ?? 5_000, () => this.discover(), 'job queue discovery failed');
  }

  /** Sends jobs to a group (creating its queue on first use) and wakes its pump here. */
  async send<T>(name: string, group: string, jobs: NewJob<T>[]): Promise<void> {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`Unknown job queue ${name}`);
    if (jobs.length === 0) return;
    const queue = await this.ensureQueue(spec, group);
    await this.boss.insert(
      jobs.map((job) => ({
        name: queue,
        data: job.data as object,
        ...(job.id !== undefined && { id: job.id }),
        ...(job.singletonKey !== undefined && { singletonKey: job.singletonKey }),
        ...(job.priority !== undefined && { priority: job.priority }),
        ...(job.startAfterSeconds !== undefined && { startAfter: String(job.startAfterSeconds) }),
      })),
    );
    if (this.started) this.pumpFor(spec, group).wake();
  }

  /** As `send`, gathered with the other sends to the group in the next few milliseconds into one insert. */
  sendSoon<T>(name: string, group: string, jobs: NewJob<T>[]): Promise<void> {
    return this.batcher.add(name, group, jobs);
  }

  /** Jobs of a group waiting to run (created or retrying). */
  waiting(name: string, group: string): Promise<number> {
    return this.boss.getQueueSize(`${name}${SEPARATOR}${group}`);
  }

  /**
   * Stops fetching, aborts running handlers and hands their jobs back to pg-boss for a retry
   * (by this or another instance), then leaves the registry. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      await Promise.all([...this.pumps.values()].map((pump) => pump.stop()));
      this.controller.abort();
      // Aborted handlers end within moments (the gateway honours the signal); a stuck one is not awaited.
      const settled = Promise.allSettled([...this.handlers]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      await this.batcher.flush();
      await this.settler.flush();
      const left = [...this.running.values()];
      await this.handBack(left).catch((error) => this.logger.warn({ err: error }, 'could not hand back running jobs'));
      await this.registry.unregister().catch((error) => this.logger.warn({ err: error }, 'could not leave the job registry'));
      await this.boss.stop({ graceful: false, close: false });
    })();
    return this.stopping;
  }

  private async ensureQueue(spec: QueueSpec<unknown>, group: string): Promise<string> {
    const queue = `${spec.name}${SEPARATOR}${group}`;
    let created = this.createdQueues.get(queue);
    if (!created) {
      // One creation per queue here; pg-boss's is idempotent (ON CONFLICT DO NOTHING), and two
      // instances that still collide (a deadlock between their partition DDL) try once more.
      const create = () =>
        this.boss.createQueue(queue, {
          name: queue,
          policy: spec.policy,
          expireInSeconds: spec.expireInSeconds,
          retryLimit: spec.retryLimit,
          retryDelay: spec.retryDelaySeconds,
          retryBackoff: true,
        });
      created = create().catch(() => create());
      this.createdQueues.set(queue, created);
      created.catch(() => this.createdQueues.delete(queue));
    }
    await created;
    return queue;
  }

  /** Starts a pump for every group queue another instance (or an earlier run) created. */
  private async discover(): Promise<void> {
    if (this.stopping) return;
    for (const queue of await this.boss.getQueues()) {
      const cut = queue.name.indexOf(SEPARATOR);
      const spec = cut > 0 ? this.specs.get(queue.name.slice(0, cut)) : undefined;
      if (!spec) continue;
      if (!this.createdQueues.has(queue.name)) this.createdQueues.set(queue.name, Promise.resolve());
      this.pumpFor(spec, queue.name.slice(cut + 1));
    }
  }

  private pumpFor(spec: QueueSpec<unknown>, group: string): Pump<PgBoss.Job<unknown>> {
    const queue = `${spec.name}${SEPARATOR}${group}`;
    let pump = this.pumps.get(queue);
    if (!pump) {
      pump = new Pump(
        {
          fetch: (limit) =>
            this.fetchAndClaim(queue, limit).catch(async () => {
              // Reaped while stalled (the claim's instance row is gone): join again and retry.
              await this.registry.register();
              return this.fetchAndClaim(queue, limit);
            }),
          run: (job) => this.runJob(spec, queue, group, job),
        },
        () => spec.concurrency(group),
        this.options.pollIntervalMs,
        (error) => this.logger.warn({ err: error, queue }, 'job pump error'),
      );
      this.pumps.set(queue, pump);
      if (!this.stopping) pump.start();
    }
    return pump;
  }

  /**
   * Takes up to `limit` jobs and records this instance's claim on them in one transaction. Apart,
   * a process killed between the two left jobs active in pg-boss that no instance had claimed, so
   * no reaper handed them back: they waited for pg-boss's expiry, hours later.
   */
  private fetchAndClaim(queue: string, limit: number): Promise<PgBoss.Job<unknown>[]> {
    return this.db.transaction().execute(async (trx) => {
      const executeSql = async (text: string, values: unknown[]) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(PREPARED + text, values))).rows as unknown[] });
      const jobs = await this.boss.fetch<unknown>(queue, { batchSize: limit, db: { executeSql } });
      await this.registry.claim(queue, jobs.map((job) => job.id), trx);
      return jobs;
    });
  }

  private async runJob(spec: QueueSpec<unknown>, queue: string, group: string, job: PgBoss.Job<unknown>): Promise<void> {
    const claim = { job_id: job.id, queue };
    this.running.set(job.id, claim);
    let failure: unknown;
    const handler = spec.handle({ id: job.id, group, data: job.data }, this.controller.signal);
    this.handlers.add(handler);
    try {
      await handler;
    } catch (error) {
      failure = error;
    } finally {
      this.handlers.delete(handler);
    }
    if (this.controller.signal.aborted) return; // stop() hands it back
    this.running.delete(job.id);
    if (failure === undefined) return this.settler.add(claim);
    this.logger.warn({ err: failure, queue, job_id: job.id }, 'job failed; pg-boss retries it');
    await this.boss.fail(queue, job.id, { message: failure instanceof Error ? failure.message : String(failure) });
    await this.registry.release([claim]);
  }

  private async beat(): Promise<void> {
    if (!(await this.registry.heartbeat())) {
      this.logger.warn('this instance was taken for dead (a long stall?); registering again');
      await this.registry.register();
    }
    await this.handBack(await this.registry.reap(this.options.staleAfterMs));
  }

  /** Fails jobs back to pg-boss, which retries them (a retry counts against retryLimit). */
  private async handBack(jobs: OrphanedJob[]): Promise<void> {
    const byQueue = new Map<string, string[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job.job_id]);
    for (const [queue, ids] of byQueue) {
      await this.boss.fail(queue, ids);
      this.logger.info({ queue, jobs: ids.length }, 'jobs of a stopped instance handed back for a retry');
    }
    await this.registry.release(jobs);
  }
}
