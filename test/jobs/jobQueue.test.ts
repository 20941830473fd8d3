import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { JobQueue, type JobQueueOptions, type QueueSpec } from '../../src/jobs/jobQueue.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');
const FAST: JobQueueOptions = { pollIntervalMs: 50, heartbeatMs: 200, staleAfterMs: 60_000, exclusive: false, discoverMs: 100 };

interface Work {
  n: number;
}

/** A handler that records what ran where, and how many ran at once per group. */
function recorder() {
  const runs: Array<{ n: number; instance: string; group: string }> = [];
  const concurrent = new Map<string, number>();
  const peak = new Map<string, number>();
  const spec = (instance: string, options: Partial<QueueSpec<Work>> = {}): QueueSpec<Work> => ({
    name: 'test-work',
    policy: 'standard',
    concurrency: () => 3,
    expireInSeconds: 600,
    retryLimit: 3,
    retryDelaySeconds: 1,
    async handle(job) {
      const now = (concurrent.get(job.group) ?? 0) + 1;
      concurrent.set(job.group, now);
      peak.set(job.group, Math.max(peak.get(job.group) ?? 0, now));
      await new Promise((resolve) => setTimeout(resolve, 40));
      concurrent.set(job.group, (concurrent.get(job.group) ?? 1) - 1);
      runs.push({ n: job.data.n, instance, group: job.group });
    },
    ...options,
  });
  return { runs, peak, spec };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(DATABASE_KINDS)('the job queue (pg-boss) on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.handle.pool, logger);
  });
  afterAll(() => database.close());

  const queue = (options: Partial<JobQueueOptions> = {}) => new JobQueue(database.handle.pool, database.handle.db, logger, { ...FAST, ...options });

  it('runs every job once, at most `concurrency` at a time per group, with two instances sharing the queue', async () => {
    const { runs, peak, spec } = recorder();
    const one = queue();
    const two = queue();
    one.define(spec('one'));
    two.define(spec('two'));
    await one.start();
    await two.start();
    try {
      await one.send('test-work', 'alpha', Array.from({ length: 40 }, (_, n) => ({ data: { n } })));
      await one.send('test-work', 'beta', Array.from({ length: 20 }, (_, n) => ({ data: { n: 100 + n } })));
      await until(() => runs.length >= 60);
      // A little longer: a job run twice would show up now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(runs.map((run) => run.n).sort((a, b) => a - b)).toEqual([...Array.from({ length: 40 }, (_, n) => n), ...Array.from({ length: 20 }, (_, n) => 100 + n)]);
      // Both instances took part (the second found the groups the first created).
      expect(new Set(runs.map((run) => run.instance))).toEqual(new Set(['one', 'two']));
      // Each instance runs at most 3 per group: 6 across the two.
      expect(peak.get('alpha')).toBeLessThanOrEqual(6);
      expect(peak.get('alpha')).toBeGreaterThan(1);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('sends a job with a given id once, however often it is sent', async () => {
    const { runs, spec } = recorder();
    const instance = queue();
    instance.define(spec('solo'));
    await instance.start();
    try {
      const id = randomUUID();
      await instance.send('test-work', 'gamma', [{ id, data: { n: 1 } }]);
      await instance.send('test-work', 'gamma', [{ id, data: { n: 1 } }]);
      await until(() => runs.length >= 1);
      await instance.send('test-work', 'gamma', [{ id, data: { n: 1 } }]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(runs.filter((run) => run.group === 'gamma')).toHaveLength(1);
    } finally {
      await instance.stop();
    }
  });

  it('retries a job whose handler threw', async () => {
    let calls = 0;
    const instance = queue();
    instance.define<Work>({
      name: 'flaky',
      policy: 'standard',
      concurrency: () => 1,
      expireInSeconds: 600,
      retryLimit: 3,
      retryDelaySeconds: 1,
      async handle() {
        calls += 1;
        if (calls === 1) throw new Error('first attempt fails');
      },
    });
    await instance.start();
    try {
      await instance.send('flaky', 'g', [{ data: { n: 1 } }]);
      await until(() => calls >= 2);
      expect(calls).toBe(2);
    } finally {
      await instance.stop();
    }
  });

  it('hands the running jobs of an instance that stopped heartbeating to another one', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    const hanging = (instance: string): QueueSpec<Work> => ({
      name: 'orphans',
      policy: 'standard',
      // The "dead" one holds its three and takes no more.
      concurrency: () => (instance === 'dead' ? 3 : 5),
      expireInSeconds: 600,
      retryLimit: 3,
      retryDelaySeconds: 1,
      async handle(job, signal) {
        started.push(`${instance}:${job.data.n}`);
        // The first instance never finishes (it "died"); the second does.
        if (instance === 'dead') await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        else finished.push(`${job.data.n}`);
      },
    });
    // This one heartbeats once (at start) and then never again within the test.
    const dead = queue({ heartbeatMs: 3_600_000 });
    dead.define(hanging('dead'));
    await dead.start();
    await dead.send('orphans', 'g', Array.from({ length: 3 }, (_, n) => ({ data: { n } })));
    await until(() => started.length === 3);

    const alive = queue({ staleAfterMs: 500 });
    alive.define(hanging('alive'));
    await alive.start();
    try {
      await until(() => finished.length === 3);
      expect(finished.sort()).toEqual(['0', '1', '2']);
      const { rows } = await database.handle.pool.query('SELECT count(*)::int AS n FROM job_instances WHERE instance_id = $1', [dead.instanceId]);
      expect(rows[0].n).toBe(0);
    } finally {
      await alive.stop();
      await dead.stop();
    }
  });

  it('at start on an exclusive (embedded) database, retries at once what a previous process left running', async () => {
    const ran: number[] = [];
    const spec = (hang: boolean): QueueSpec<Work> => ({
      name: 'restart',
      policy: 'standard',
      concurrency: () => 2,
      expireInSeconds: 600,
      retryLimit: 3,
      retryDelaySeconds: 1,
      async handle(job, signal) {
        if (hang) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        else ran.push(job.data.n);
      },
    });
    const before = queue({ heartbeatMs: 3_600_000 });
    before.define(spec(true));
    await before.start();
    await before.send('restart', 'g', [{ data: { n: 7 } }, { data: { n: 8 } }]);
    await until(async () => (await database.handle.pool.query("SELECT count(*)::int AS n FROM job_claims WHERE queue = 'restart:g'")).rows[0].n === 2);

    // Its heartbeat is fresh: only exclusivity says it is gone.
    const after = queue({ exclusive: true });
    after.define(spec(false));
    await after.start();
    try {
      await until(() => ran.length === 2);
      expect(ran.sort()).toEqual([7, 8]);
    } finally {
      await after.stop();
      await before.stop();
    }
  });
});
