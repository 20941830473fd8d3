import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../helpers/sse.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

/**
 * "A vote or a comparison is committed before the response reports success": the instant a 201
 * (or a stream's `end` event) arrives, another connection to the database, one the server does
 * not use, already reads the row. On a PostgreSQL server, under concurrent load; the embedded
 * database has a single connection (the crash test covers it: acknowledged votes survive kill -9).
 */

const WORKERS = 8;
const ROUNDS = 5;

interface ComparisonBody {
  comparison_id: string;
  message_id: string;
  thread_id: string;
  model1_response: string;
  model2_response: string;
}

describe('acknowledged writes are committed', () => {
  let server: TestServer;
  let api: ApiClient;
  let user: SignedUp;
  let observer: pg.Pool;
  let modelId: string;

  beforeAll(async () => {
    server = await startTestServer('postgres', { JWT_SECRET: 'durability-secret-0123456789abcdefghijklm', DEMO_DELAY_MS: '0', CHAT_RATE_LIMIT_PER_MINUTE: '100000' });
    api = apiClient(server.url);
    user = await signUp(api, 'durable');
    // Its own connections, never the server's pool.
    observer = new pg.Pool({ connectionString: server.database.url, max: 4 });
    modelId = (await api<Array<{ model_id: string }>>('GET', '/api/models')).body[0]?.model_id ?? '';
    expect(modelId).not.toBe('');
  });
  afterAll(async () => {
    await observer?.end();
    await server?.close();
  });

  const read = async (text: string, values: unknown[]) => (await observer.query(text, values)).rows as Array<Record<string, unknown>>;

  it(`reads every acknowledged comparison, vote and message from another connection at once (${WORKERS} clients × ${ROUNDS} rounds)`, async () => {
    const missing: string[] = [];
    let checked = 0;
    const expectRow = async (what: string, text: string, values: unknown[], expected: Record<string, unknown>) => {
      const rows = await read(text, values);
      checked += 1;
      if (rows.length !== 1) missing.push(`${what} ${String(values[0])}: ${rows.length} rows`);
      else if (Object.entries(expected).some(([key, value]) => rows[0]?.[key] !== value)) missing.push(`${what} ${String(values[0])}: ${JSON.stringify(rows[0])} is not ${JSON.stringify(expected)}`);
    };

    const worker = async (index: number) => {
      for (let round = 0; round < ROUNDS; round++) {
        // A dual chat answered as JSON, then its vote.
        const battle = await api<ComparisonBody>('POST', '/api/comparisons', { token: user.token, body: { prompt: `Battle ${index}.${round}`, mode: 'anonymous' } });
        expect(battle.status).toBe(201);
        const { comparison_id, message_id, model1_response, model2_response } = battle.body;
        await expectRow('comparison', 'SELECT model1_response, model2_response FROM comparisons WHERE comparison_id = $1', [comparison_id], { model1_response, model2_response });
        await expectRow('message of comparison', 'SELECT comparison_id FROM thread_messages WHERE message_id = $1', [message_id], { comparison_id });

        const vote = await api<{ vote: { vote_id: string } }>('POST', `/api/comparisons/${comparison_id}/vote`, { token: user.token, body: { winner: round % 2 === 0 ? 'model1' : 'tie' } });
        expect(vote.status).toBe(201);
        await expectRow('vote', 'SELECT comparison_id FROM model_votes WHERE vote_id = $1', [vote.body.vote.vote_id], { comparison_id });

        // A streamed dual chat: its `end` event is the acknowledgement.
        const response = await fetch(`${server.url}/api/comparisons`, {
          method: 'POST',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ prompt: `Streamed ${index}.${round}`, mode: 'anonymous' }),
        });
        const events = await readEvents(response, (event) => event.event === 'end');
        const end = events.at(-1);
        expect(end?.event).toBe('end');
        await expectRow('streamed comparison', 'SELECT prompt_text FROM comparisons WHERE comparison_id = $1', [end?.data.comparison_id], { prompt_text: `Streamed ${index}.${round}` });

        // A single-model turn in the thread of the first battle.
        const single = await api<{ message_id: string }>('POST', `/api/threads/${battle.body.thread_id}/messages`, { token: user.token, body: { prompt: `Single ${index}.${round}`, model_id: modelId } });
        expect(single.status).toBe(201);
        await expectRow('single message', 'SELECT prompt_text FROM thread_messages WHERE message_id = $1', [single.body.message_id], { prompt_text: `Single ${index}.${round}` });
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
    expect(missing).toEqual([]);
    expect(checked).toBe(WORKERS * ROUNDS * 5);
  }, 120_000);
});
