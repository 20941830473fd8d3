import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { Agent, request } from 'undici';
import { openDatabase } from '../src/db/connection.js';
import type { PostgresServer } from '../test/helpers/postgresServer.js';
import { BENCH_API_KEYS, createThreads, signIn, startLab, type Lab } from './gateway/lab.js';
import { startScript } from './gateway/processes.js';
import { median, percentile, type Figure } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LONG_TURNS = 10_000;
const SHORT_TURNS = 9;
const ANSWER_CHARS = 2048;
/** Measured turns of each kind per run. */
const TURNS = 200;

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function api<T>(lab: Lab, method: string, route: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${lab.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Earlier turns written straight into the database (the lab stopped, so PGlite's data directory
 * is free): `turns` per thread, answers of 2 KB, older than anything the lab writes next.
 */
async function seed(env: Record<string, string>, threadIds: string[], turns: number, modelId: string): Promise<void> {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await sql`
      INSERT INTO thread_messages (thread_id, prompt_text, model1_id, model1_response, model1_time_ms, created_at)
      SELECT t.id, 'Earlier question ' || n, ${modelId}::uuid, n || ' ' || repeat('x', ${ANSWER_CHARS}), 100,
             now() - make_interval(secs => ${turns + 1} - n)
      FROM unnest(${threadIds}::uuid[]) AS t(id) CROSS JOIN generate_series(1, ${turns}) AS n`.execute(database.db);
  } finally {
    await database.close();
  }
}

/** One stored JSON turn; resolves with its latency in ms. */
async function turn(lab: Lab, dispatcher: Agent, token: string, threadId: string, modelId: string, index: number): Promise<number> {
  const started = performance.now();
  const response = await request(`${lab.url}/api/threads/${threadId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: `History turn ${index}: say hello.`, model_id: modelId }),
    dispatcher,
  });
  await response.body.text();
  if (response.statusCode !== 201) throw new Error(`turn answered ${response.statusCode}`);
  return performance.now() - started;
}

/**
 * A turn reads only the history its budget needs: a stored JSON turn (c=1) on a thread of
 * 10,000 turns with 2 KB answers against one on a thread of 10 turns (each a fresh thread with 9
 * earlier turns), interleaved, on PostgreSQL and PGlite. The load is sequential, so the bench
 * process sends it itself.
 */
async function historyOn(label: string, env: Record<string, string>, notes: string[]): Promise<Figure> {
  // Its answers are 2 KB too, so the turns measured on the long thread keep its shape (a history
  // of short new answers would fit more turns into the budget with every turn measured).
  const started = await startScript('bench/gateway/upstreamProcess.ts', { chunks: Array.from({ length: 8 }, () => 'x'.repeat(ANSWER_CHARS / 8)) });
  const upstream = { child: started.child, baseURL: (JSON.parse(started.firstLine) as { baseURL: string }).baseURL };
  let lab: Lab | undefined;
  try {
    lab = await startLab(env);
    await api(lab, 'POST', '/api/auth/signup', undefined, { email: 'bench@example.com', password: 'password-bench' });
    const token = await signIn(lab);
    await api(lab, 'POST', '/api/admin/providers', token, { provider_name: 'bench-fast' });
    await api(lab, 'POST', '/api/admin/providers/bench-fast/keys', token, { api_key: BENCH_API_KEYS.fast });
    const { model_id: modelId } = await api<{ model_id: string }>(lab, 'POST', '/api/admin/models', token, { model_name: 'bench-fast', provider_name: 'bench-fast', api_url: upstream.baseURL });
    const [longThread, ...shortThreads] = await createThreads(lab, token, 1 + RUNS * TURNS);
    await lab.child.stop();
    const seeding = performance.now();
    await seed(env, [longThread as string], LONG_TURNS, modelId);
    await seed(env, shortThreads, SHORT_TURNS, modelId);
    notes.push(`- History on ${label}: ${LONG_TURNS.toLocaleString('en')} turns with ${ANSWER_CHARS}-character answers in one thread and ${SHORT_TURNS} in each of ${shortThreads.length} others, seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s.`);

    lab = await startLab(env);
    const again = await signIn(lab);
    const dispatcher = new Agent({ connections: 1 });
    const ratios: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const long: number[] = [];
        const short: number[] = [];
        for (let index = 0; index < TURNS; index++) {
          // Alternating, each kind first half the time.
          const order = index % 2 === 0 ? ['long', 'short'] : ['short', 'long'];
          for (const kind of order) {
            if (kind === 'long') long.push(await turn(lab, dispatcher, again, longThread as string, modelId, index));
            else short.push(await turn(lab, dispatcher, again, shortThreads[run * TURNS + index] as string, modelId, index));
          }
        }
        ratios.push(percentile(long, 50) / percentile(short, 50));
        notes.push(
          `- History on ${label}, run ${run + 1}: a turn on the ${LONG_TURNS.toLocaleString('en')}-turn thread p50 ${ms(percentile(long, 50))} / p99 ${ms(percentile(long, 99))}; on a 10-turn thread p50 ${ms(percentile(short, 50))} / p99 ${ms(percentile(short, 99))}.`,
        );
      }
    } finally {
      await dispatcher.close();
    }
    return { name: `history: stored turn on a thread of ${LONG_TURNS.toLocaleString('en')} turns (2 KB answers) ÷ on a thread of 10, p50`, unit: '×', runs: ratios, target: 1.1, database: label };
  } finally {
    await lab?.child.stop();
    await upstream.child.stop();
  }
}

export async function historyBench(postgres: PostgresServer): Promise<{ figures: Figure[]; notes: string[] }> {
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_history');
  await admin.end();
  const notes: string[] = [];
  const figures: Figure[] = [];
  for (const [label, url] of [
    ['PostgreSQL 15', postgres.url('bench_history')],
    ['PGlite', undefined],
  ] as const) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-bench-history-'));
    try {
      figures.push(await historyOn(label, { DATA_DIR: dataDir, ...(url && { DATABASE_URL: url }) }, notes));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  notes.push(`- History, medians of the ratio: ${figures.map((figure) => `${figure.database} ${median(figure.runs).toFixed(3)}`).join(', ')}.`);
  return { figures, notes };
}
