import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteOutcome } from '../../src/db/schema.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
type Excluded = { failed: number; identity_leak: number; duplicate: number; daily_cap: number; demo: number };
interface Board {
  votes: number;
  excluded: Excluded;
  models: Array<{ model_name: string; votes: number }>;
}
interface ExcludedList {
  total: number;
  votes: Array<{ vote_id: string; reason: string; model1: { model_name: string } | null }>;
}

/** Each hygiene rule moves exactly the votes it should, and none deletes a row. */
describe.each(DATABASE_KINDS)('vote hygiene on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let voter: SignedUp;
  const ids: Record<string, string> = {};
  const capped: string[] = [];
  let failedVote = '';

  const db = () => server.database.handle.db;
  const board = async (query = '', token = admin.token) => (await api<Board>('GET', `/api/leaderboard${query}`, { token })).body;
  const setting = async (key: string, value: string) => {
    const response = await api<{ error?: { message: string } }>('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } });
    return response;
  };
  const voteCount = async () => Number((await db().selectFrom('model_votes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  async function seed(a: string, b: string, user: string | null, at: string, options: { outcome?: VoteOutcome; failed?: boolean } = {}) {
    const comparison = await db()
      .insertInto('comparisons')
      .values({
        model1_id: ids[a] as string,
        model2_id: ids[b] as string,
        mode: 'named',
        user_id: user,
        model1_response: 'one',
        model2_response: options.failed ? '' : 'two',
        created_at: at,
      })
      .returning('comparison_id')
      .executeTakeFirstOrThrow();
    const vote = await db()
      .insertInto('model_votes')
      .values({ comparison_id: comparison.comparison_id, user_id: user, outcome: options.outcome ?? 'model1', winner_model_id: ids[a] as string, created_at: at })
      .returning('vote_id')
      .executeTakeFirstOrThrow();
    return vote.vote_id;
  }

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'vote-hygiene-test-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '20', LEADERBOARD_FRESHNESS_MS: '0' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    voter = await signUp(api, 'voter');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'lab' } });
    for (const name of ['ace', 'bolt']) ids[name] = (await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'lab', api_url: 'http://127.0.0.1:9/v1' } })).body.model_id as string;
    for (const model of (await api<Row[]>('GET', '/api/models')).body) if (model.is_demo) ids[model.model_name as string] = model.model_id as string;

    // The voter's first day: a failed battle first (it uses up no cap), then four votes.
    failedVote = await seed('ace', 'bolt', voter.user_id, '2026-03-01T10:00:00Z', { failed: true });
    await seed('ace', 'bolt', voter.user_id, '2026-03-01T10:01:00Z');
    await seed('bolt', 'ace', voter.user_id, '2026-03-01T10:02:00Z');
    capped.push(await seed('ace', 'bolt', voter.user_id, '2026-03-01T10:03:00Z', { outcome: 'tie' }));
    capped.push(await seed('bolt', 'ace', voter.user_id, '2026-03-01T23:59:00Z'));
    // Their second day, and another user's first.
    await seed('ace', 'bolt', voter.user_id, '2026-03-02T00:00:00Z');
    await seed('ace', 'bolt', voter.user_id, '2026-03-02T08:00:00Z');
    await seed('ace', 'bolt', admin.user_id, '2026-03-01T09:00:00Z');
    await seed('bolt', 'ace', admin.user_id, '2026-03-01T09:30:00Z');
    capped.push(await seed('ace', 'bolt', admin.user_id, '2026-03-01T11:00:00Z'));
    // Votes on the demo models, from before the real models existed.
    for (let n = 0; n < 4; n++) await seed('demo-concise', 'demo-detailed', null, `2026-02-01T10:0${n}:00Z`);
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves failed battles and, once real models are active, the demo models out by default', async () => {
    const everything = await board();
    expect(everything.votes).toBe(9);
    expect(everything.excluded).toEqual({ failed: 1, identity_leak: 0, duplicate: 0, daily_cap: 0, demo: 4 });
    expect(everything.models.map((row) => row.model_name).sort()).toEqual(['ace', 'bolt']);
    const list = (await api<ExcludedList>('GET', '/api/admin/leaderboard/excluded', { token: admin.token })).body;
    expect(list.total).toBe(1);
    expect(list.votes).toMatchObject([{ vote_id: failedVote, reason: 'failed', model1: { model_name: 'ace' } }]);
  });

  it('keeps the demo models when the setting says so', async () => {
    expect((await setting('keep_demo_models', 'true')).status).toBe(200);
    const kept = await board();
    expect(kept.votes).toBe(13);
    expect(kept.excluded.demo).toBe(0);
    expect(kept.models.map((row) => row.model_name).sort()).toEqual(['ace', 'bolt', 'demo-concise', 'demo-detailed']);
    await setting('keep_demo_models', 'false');
  });

  it('caps the votes counted per user and UTC day, first come first counted, and lists the capped votes', async () => {
    expect(await setting('daily_vote_cap', 'two')).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^daily_vote_cap: must be a whole number/) } } });
    expect((await setting('daily_vote_cap', '2')).status).toBe(200);
    const all = await board();
    expect(all.votes).toBe(6);
    expect(all.excluded).toEqual({ failed: 1, identity_leak: 0, duplicate: 0, daily_cap: 3, demo: 4 });
    const mine = await board('?mine=true', voter.token);
    expect([mine.votes, mine.excluded.daily_cap, mine.excluded.failed]).toEqual([4, 2, 1]);
    const elo = await board('?method=elo');
    expect(elo.votes).toBe(6);

    const list = (await api<ExcludedList>('GET', '/api/admin/leaderboard/excluded?reason=daily_cap', { token: admin.token })).body;
    expect(list.total).toBe(3);
    expect(list.votes.map((vote) => vote.vote_id).sort()).toEqual([...capped].sort());
    const page = (await api<ExcludedList>('GET', '/api/admin/leaderboard/excluded?limit=2&offset=2', { token: admin.token })).body;
    expect([page.total, page.votes.length]).toEqual([4, 2]);
    expect(await voteCount()).toBe(14);

    await setting('daily_vote_cap', '0');
    expect((await board()).votes).toBe(9);
  });

  it('refuses bad admin list parameters with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['reason=bogus', 'reason'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
    ]) {
      const response = await api<{ error: { message: string } }>('GET', `/api/admin/leaderboard/excluded?${query}`, { token: admin.token });
      expect([response.status, response.body.error.message]).toEqual([400, expect.stringMatching(new RegExp(`^${field}: `))]);
    }
    expect((await api('GET', '/api/admin/leaderboard/excluded', { token: voter.token })).status).toBe(403);
  });
});
