import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { apiClient } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';
import { addModels, contestantReply, createSet, judges, waitForStatus, type Row } from './support.js';

type Target = 'pglite' | 'postgres';
const PROMPTS = 40;
const ANSWERS = PROMPTS * 3;
const JUDGMENTS = PROMPTS * 4;
/** Jobs a provider runs at once for the default 8 calls (runner.ts, jobsFor): what a kill -9 can make be asked again. */
const RUNNING_AT_KILL = 16;

async function freshPostgres(): Promise<string> {
  const name = `dualmind_evals_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return inject('postgresUrl').replace(/\/[^/]*$/, `/${name}`);
}

/**
 * Rows stored for the run's items, read straight from PostgreSQL (the embedded database has one
 * owner, the server: there the API's counts say the same).
 */
async function storedRows(url: string, evaluationId: string): Promise<{ answers: number; judgments: number; duplicates: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const run = (await client.query('SELECT * FROM evaluations WHERE evaluation_id = $1', [evaluationId])).rows[0];
    const answers = await client.query(
      `SELECT count(*)::int AS n FROM eval_answers a JOIN prompt_set_items i ON i.prompt_hash = a.prompt_hash
       WHERE i.prompt_set_id = $1 AND i.version = $2 AND a.settings_hash = $3 AND a.model_id = ANY($4::uuid[]) AND a.error IS NULL`,
      [run.prompt_set_id, run.prompt_set_version, run.settings_hash, [...run.model_ids, run.baseline_model_id]],
    );
    const judgments = await client.query('SELECT count(*)::int AS n FROM eval_judgments WHERE judge_model_id = $1', [run.judge_model_id]);
    const duplicates = await client.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM eval_answers GROUP BY model_id, prompt_hash, settings_hash HAVING count(*) > 1) d',
    );
    return { answers: answers.rows[0].n, judgments: judgments.rows[0].n, duplicates: duplicates.rows[0].n };
  } finally {
    await client.end();
  }
}

describe('evaluations as durable jobs', () => {
  let contestants: FakeUpstream;
  let judge: FakeUpstream;

  beforeAll(async () => {
    // Every call takes about 300 ms (three chunks 100 ms apart): a run takes seconds, long enough to kill it midway.
    contestants = await FakeUpstream.start({ reply: contestantReply, chunkDelayMs: 100 });
    judge = await FakeUpstream.start({ reply: judges.prefers('alpha'), chunkDelayMs: 100 });
  });
  afterAll(async () => {
    await Promise.all([contestants.close(), judge.close()]);
  });

  async function setUp(url: string) {
    const api = apiClient(url);
    const admin = await signUp(api, `admin-${randomUUID().slice(0, 6)}`);
    const models = {
      ...(await addModels(api, admin.token, 'contest', contestants.baseURL, ['alpha', 'beta', 'base'])),
      ...(await addModels(api, admin.token, 'judging', judge.baseURL, ['judge'])),
    };
    const setId = await createSet(api, admin.token, 'Durable', PROMPTS);
    const created = await api<Row>('POST', '/api/evaluations', {
      token: admin.token,
      body: { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models.alpha, models.beta], baseline_model_id: models.base, judge_model_id: models.judge },
    });
    expect(created.status).toBe(201);
    return { admin, id: created.body.evaluation_id as string };
  }

  const calls = () => ({ answers: contestants.requests.length, judgments: judge.requests.length });

  describe.each<Target>(['pglite', 'postgres'])('kill -9 in the middle of a run, on %s', (target) => {
    it('restarts and finishes the run, with no answer or verdict stored twice and none missing', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-evals-crash-'));
      const url = target === 'postgres' ? await freshPostgres() : undefined;
      const env = { DATA_DIR: dataDir, JWT_SECRET: 'evals-crash-secret-0123456789abcdefghijkl', JOBS_POLL_MS: '200', JOBS_STALE_AFTER_MS: '3000', ...(url && { DATABASE_URL: url }) };
      const before = calls();
      let second: ServerProcess | undefined;
      try {
        const first = await startServerProcess(env);
        const { admin, id } = await setUp(first.url);
        const api = apiClient(first.url);
        // Kill it once it is well under way, answers stored and judgments started.
        for (;;) {
          const view = await api<Row>('GET', `/api/evaluations/${id}`, { token: admin.token });
          const progress = view.body.progress as { answers: Row; judgments: Row };
          if ((progress.judgments.done as number) >= 10) break;
          expect(view.body.status).toBe('running');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(await first.stop('SIGKILL')).toBeNull();
        const atKill = calls();

        second = await startServerProcess(env);
        // Same JWT secret: the token from before the crash still works.
        const view = await waitForStatus(apiClient(second.url), admin.token, id, ['done', 'failed'], 120_000);
        expect(view.status).toBe('done');
        expect(view.progress).toMatchObject({ answers: { done: ANSWERS, total: ANSWERS, failed: 0 }, judgments: { done: JUDGMENTS, total: JUDGMENTS, failed: 0 } });
        expect(((view.results as Row).models as Row[]).find((model) => model.model_name === 'alpha')).toMatchObject({ win_rate: 1 });

        // Each item was asked for once, plus at most the jobs that were running when the process died,
        // their calls in flight or made and not yet stored.
        const made = calls();
        expect(made.answers - before.answers).toBeGreaterThanOrEqual(ANSWERS);
        expect(made.answers - before.answers).toBeLessThanOrEqual(ANSWERS + RUNNING_AT_KILL);
        expect(made.judgments - before.judgments).toBeGreaterThanOrEqual(JUDGMENTS);
        expect(made.judgments - before.judgments).toBeLessThanOrEqual(JUDGMENTS + RUNNING_AT_KILL);
        expect(atKill.answers - before.answers).toBeLessThan(ANSWERS + RUNNING_AT_KILL);
        if (url) expect(await storedRows(url, id)).toEqual({ answers: ANSWERS, judgments: JUDGMENTS, duplicates: 0 });
      } finally {
        await second?.stop('SIGTERM');
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }, 240_000);
  });

  it('two instances on one PostgreSQL finish one run together, each item done once', async () => {
    const url = await freshPostgres();
    const env = (name: string) => ({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `dualmind-evals-${name}-`)), DATABASE_URL: url, JWT_SECRET: 'evals-two-secret-0123456789abcdefghijklmn', JOBS_POLL_MS: '200' });
    const one = await startServerProcess(env('one'));
    const two = await startServerProcess(env('two'));
    try {
      const before = calls();
      const { admin, id } = await setUp(one.url);
      const view = await waitForStatus(apiClient(two.url), admin.token, id, ['done', 'failed'], 120_000);
      expect(view.status).toBe('done');
      const made = calls();
      // No kill: every answer and every verdict was asked for exactly once, across both instances.
      expect(made.answers - before.answers).toBe(ANSWERS);
      expect(made.judgments - before.judgments).toBe(JUDGMENTS);
      expect(await storedRows(url, id)).toEqual({ answers: ANSWERS, judgments: JUDGMENTS, duplicates: 0 });
      // Both took part.
      const upstreamCalls = (server: ServerProcess) => server.output().split('\n').filter((line) => line.includes('"msg":"upstream call"')).length;
      expect(upstreamCalls(one)).toBeGreaterThan(0);
      expect(upstreamCalls(two)).toBeGreaterThan(0);
      expect(upstreamCalls(one) + upstreamCalls(two)).toBe(ANSWERS + JUDGMENTS);
    } finally {
      await Promise.all([one.stop('SIGTERM'), two.stop('SIGTERM')]);
    }
  }, 240_000);
});
