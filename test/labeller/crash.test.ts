import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { apiClient } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

const PROMPTS = Array.from({ length: 6 }, (_, index) => `Prompt number ${index} about sums`);
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * A real server process killed with SIGKILL while its labeller call is in flight. The SQL is the
 * same on both databases (the labeller test runs on both); this one runs on PostgreSQL, where a
 * process starts in a second or two.
 */
it('a labeller killed mid-call (kill -9) resumes after the restart: every comparison labelled, none asked twice but the one in flight', async () => {
  const name = `dualmind_labeller_crash_${randomUUID().replaceAll('-', '')}`;
  const adminClient = new pg.Client({ connectionString: inject('postgresUrl') });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: inject('postgresUrl') });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-labeller-crash-'));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: inject('postgresUrl').replace(/\/[^/]*$/, `/${name}`),
    JWT_SECRET: 'labeller-crash-secret-0123456789abcdefghij',
    LABELLER_IDLE_MS: '100',
    LABELLER_LEASE_MS: '4000',
    SETTINGS_CACHE_MS: '0',
  };
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  // Each reply takes about half a second (a quarter of the 2 s a call may take): the kill lands mid-call.
  const upstream = await FakeUpstream.start({ reply: () => ['<decision>', 'yes', '</decision>'], chunkDelayMs: 150 });
  cleanups.push(() => upstream.close());

  let server: ServerProcess = await startServerProcess(env);
  cleanups.push(() => server.stop('SIGKILL'));
  const api = apiClient(server.url);
  const admin = await signUp(api, 'crash-admin');
  expect((await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'judges' } })).status).toBe(201);
  const model = await api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'crash-judge', provider_name: 'judges', api_url: upstream.baseURL, status: 'inactive' } });
  expect(model.status).toBe(201);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  cleanups.push(() => db.end());
  for (const prompt of PROMPTS) await db.query('INSERT INTO comparisons (prompt_text) VALUES ($1)', [prompt]);
  for (const [key, value] of [['labeller_categories', 'math'], ['labeller_rate_per_minute', '600'], ['labeller_model_id', model.body.model_id]]) {
    expect((await api('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } })).status).toBe(200);
  }
  const labelled = async () => Number((await db.query("SELECT count(*) AS n FROM comparison_labels WHERE category = 'math' AND value IS NOT NULL")).rows[0].n);

  // Kill it while a call is in flight, after at least one label is written.
  await expect.poll(labelled, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(1);
  const sent = upstream.requests.length;
  await expect.poll(() => upstream.requests.length, { timeout: 10_000, interval: 10 }).toBeGreaterThan(sent);
  await server.stop('SIGKILL');
  const beforeRestart = await labelled();
  expect(beforeRestart).toBeLessThan(PROMPTS.length);

  server = await startServerProcess(env);
  await expect.poll(labelled, { timeout: 60_000, interval: 100 }).toBe(PROMPTS.length);
  const asked = new Map<string, number>();
  for (const request of upstream.requests) {
    const prompt = PROMPTS.find((text) => request.messages[1]?.content.includes(text)) ?? '';
    asked.set(prompt, (asked.get(prompt) ?? 0) + 1);
  }
  // The killed call's comparison is asked again (its answer was never stored); nothing else is.
  expect([...asked.values()].sort()).toEqual([...Array(PROMPTS.length - 1).fill(1), 2]);
  expect(upstream.requests).toHaveLength(PROMPTS.length + 1);
  const rows = await db.query("SELECT value, labeller_model_id, retry_at FROM comparison_labels WHERE category = 'math'");
  expect(rows.rows.every((row) => row.value === true && row.labeller_model_id === model.body.model_id && row.retry_at === null)).toBe(true);
});
