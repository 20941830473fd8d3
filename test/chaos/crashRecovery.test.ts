import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { readEvents, type ReceivedEvent } from '../helpers/sse.js';
import { startServerProcess } from '../helpers/serverProcess.js';
import { apiClient } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

type Target = 'pglite' | 'postgres';

/** Environment for a server on the embedded database in `dataDir`, or on a fresh PostgreSQL database. */
async function environment(target: Target, dataDir: string): Promise<Record<string, string>> {
  const base = { DATA_DIR: dataDir, JWT_SECRET: 'crash-test-secret-0123456789abcdefghijklm', DEMO_DELAY_MS: '150', CHAT_RATE_LIMIT_PER_MINUTE: '10000' };
  if (target === 'pglite') return base;
  const name = `dualmind_crash_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { ...base, DATABASE_URL: inject('postgresUrl').replace(/\/[^/]*$/, `/${name}`) };
}

type StreamOutcome =
  /** No response at all: the connection was refused or reset before the headers. */
  | { kind: 'refused'; error: string }
  /** The response started, then the connection ended without an `end` event. */
  | { kind: 'cut'; events: number }
  /** The `end` event arrived: the comparison was acknowledged. */
  | { kind: 'complete'; comparisonId: string };

/**
 * Starts one SSE dual chat. `firstDelta` resolves when its first delta arrives (never, if it
 * fails first); `outcome` always resolves, with what the client saw.
 */
function watchStream(url: string, token: string, prompt: string): { firstDelta: Promise<void>; outcome: Promise<StreamOutcome> } {
  let sawDelta: () => void = () => {};
  const firstDelta = new Promise<void>((resolve) => (sawDelta = resolve));
  const outcome = (async (): Promise<StreamOutcome> => {
    let response: Response;
    try {
      response = await fetch(`${url}/api/comparisons`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ prompt, mode: 'anonymous' }),
      });
    } catch (error) {
      return { kind: 'refused', error: String((error as Error).cause ?? error) };
    }
    expect(response.status).toBe(200);
    const events: ReceivedEvent[] = [];
    try {
      await readEvents(response, (event) => {
        events.push(event);
        if (event.event === 'delta') sawDelta();
        return false;
      });
    } catch {
      // The connection was cut mid-stream: the events read so far are what the client saw.
    }
    const end = events.find((event) => event.event === 'end');
    return end ? { kind: 'complete', comparisonId: end.data.comparison_id as string } : { kind: 'cut', events: events.length };
  })();
  return { firstDelta, outcome };
}

describe.each<Target>(['pglite', 'postgres'])('kill -9 with streams in flight, on %s', (target) => {
  it('restarts cleanly on the same data, keeps every acknowledged vote, and leaves no message without its comparison', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-crash-'));
    const env = await environment(target, dataDir);
    try {
      const first = await startServerProcess(env);
      const api = apiClient(first.url);
      const user = await signUp(api, 'crash');

      // Votes acknowledged before the crash.
      const acknowledged = await Promise.all(
        Array.from({ length: 5 }, async (_, round) => {
          const battle = await api<{ comparison_id: string }>('POST', '/api/comparisons', { token: user.token, body: { prompt: `Before ${round}`, mode: 'anonymous' } });
          const vote = await api<{ vote: { vote_id: string } }>('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: user.token, body: { winner: 'tie' } });
          expect(vote.status).toBe(201);
          return vote.body.vote.vote_id;
        }),
      );

      // 50 streams in flight when the process is killed: the kill waits until each has its
      // first delta (or a deadline passes on a very slow machine). Whatever the kill catches, every
      // promise here settles with its outcome; none rejects.
      const streams = Array.from({ length: 50 }, (_, index) => watchStream(first.url, user.token, `In flight ${index}`));
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(streams.map((stream) => stream.firstDelta)), new Promise((resolve) => (deadline = setTimeout(resolve, 30_000)))]);
      clearTimeout(deadline);
      expect(await first.stop('SIGKILL')).toBeNull();
      const outcomes = await Promise.all(streams.map((stream) => stream.outcome));
      const count = (kind: StreamOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
      console.log(`crash on ${target}: ${count('cut')} streams cut, ${count('complete')} complete, ${count('refused')} refused`);
      // An answer takes seconds (150 ms a chunk) and the kill came after the first deltas: the
      // crash caught streams in flight, which is what this test is about.
      expect(count('cut') + count('refused')).toBeGreaterThan(0);

      const second = await startServerProcess(env);
      try {
        expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
        const check = apiClient(second.url);
        const login = await check<{ access_token: string }>('POST', '/api/auth/login', { body: { email: 'crash@example.com', password: 'password-crash' } });
        expect(login.status).toBe(200);
        // Every acknowledged vote is there, and counted.
        const board = await check<{ votes: number }>('GET', '/api/leaderboard?method=elo', { token: login.body.access_token });
        expect(board.body.votes).toBeGreaterThanOrEqual(acknowledged.length);
        const exported = await fetch(`${second.url}/api/admin/export/battles`, { headers: { authorization: `Bearer ${login.body.access_token}` } });
        const ids = (await exported.text()).trim().split('\n').map((line) => (JSON.parse(line) as { vote_id: string }).vote_id);
        for (const id of acknowledged) expect(ids).toContain(id);
        // Every stream whose `end` arrived before the kill was stored.
        for (const outcome of outcomes) {
          if (outcome.kind !== 'complete') continue;
          expect((await check('GET', `/api/comparisons/${outcome.comparisonId}`, { token: login.body.access_token })).status).toBe(200);
        }
        // Every stored message's comparison exists (threads list → each thread's messages).
        const threads = await check<Array<{ thread_id: string }>>('GET', '/api/threads?limit=100', { token: login.body.access_token });
        for (const thread of threads.body) {
          const full = await check<{ messages: Array<{ comparison_id: string | null }> }>('GET', `/api/threads/${thread.thread_id}`, { token: login.body.access_token });
          for (const message of full.body.messages) {
            if (!message.comparison_id) continue;
            expect((await check('GET', `/api/comparisons/${message.comparison_id}`, { token: login.body.access_token })).status).toBe(200);
          }
        }
        // And the lab still works.
        const after = await check('POST', '/api/comparisons', { token: login.body.access_token, body: { prompt: 'After', mode: 'anonymous' } });
        expect(after.status).toBe(201);
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
