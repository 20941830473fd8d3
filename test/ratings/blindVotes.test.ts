import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
interface Board {
  votes: number;
  excluded: { failed: number; identity_leak: number; duplicate: number; daily_cap: number; demo: number };
  models: Array<{ model_name: string; votes: number; wins: number; losses: number; ties: number }>;
}

/**
 * The blind-vote rule (migration 0008) and the failed-battle rule through the API, on the real
 * server: an anonymous thread keeps one hidden pair, every turn takes a vote, and only a vote
 * nobody could have made knowing the models counts as blind.
 */
describe.each(DATABASE_KINDS)('blind votes and failed battles on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let good: FakeUpstream;
  let broken: FakeUpstream;
  let silent: FakeUpstream;
  let admin: SignedUp;
  let voter: SignedUp;
  const models: Record<string, string> = {};

  const db = () => server.database.handle.db;
  const compare = async (token: string, body: Row) => {
    const response = await api<Row>('POST', '/api/comparisons', { token, body });
    expect(response.status).toBe(201);
    return response.body as { comparison_id: string; thread_id: string };
  };
  const vote = (token: string, comparisonId: string, winner: string) => api<Row>('POST', `/api/comparisons/${comparisonId}/vote`, { token, body: { winner } });
  const pairOf = (comparisonId: string) => db().selectFrom('comparisons').select(['model1_id', 'model2_id']).where('comparison_id', '=', comparisonId).executeTakeFirstOrThrow();
  const blindOf = async (comparisonIds: string[]) =>
    (await db().selectFrom('model_votes').select(['comparison_id', 'blind']).where('comparison_id', 'in', comparisonIds).execute()).filter((row) => row.blind).map((row) => row.comparison_id);
  const setActive = async (names: string[]) => {
    for (const [name, id] of Object.entries(models)) {
      await api('PATCH', `/api/admin/models/${id}`, { token: admin.token, body: { status: names.includes(name) ? 'active' : 'inactive' } });
    }
  };

  beforeAll(async () => {
    [good, broken, silent] = await Promise.all([FakeUpstream.start({ chunks: ['A fine answer.'] }), FakeUpstream.start({ chunks: ['Never seen'] }), FakeUpstream.start({ chunks: [] })]);
    server = await startTestServer(kind, { JWT_SECRET: 'blind-votes-test-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '20' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    voter = await signUp(api, 'voter');
    for (const [provider, upstream, names] of [
      ['good', good, ['north', 'south', 'east']],
      ['broken', broken, ['faulty']],
      ['silent', silent, ['mute']],
    ] as const) {
      await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: provider } });
      for (const name of names) {
        models[name] = (await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: provider, api_url: upstream.baseURL } })).body.model_id as string;
      }
    }
    const key = 'gsk_blind-votes-test-broken-key';
    await api('POST', '/api/admin/providers/broken/keys', { token: admin.token, body: { api_key: key } });
    broken.behave(key, behaviours.contextTooLong());
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([good.close(), broken.close(), silent.close()]);
  });

  it('counts one blind vote for an anonymous battle with nine follow-ups, keeps the pair after the vote, and reveals it on every turn (issue 19)', async () => {
    await setActive(['north', 'south']);
    const first = await compare(voter.token, { prompt: 'Tell me a story', mode: 'anonymous' });
    const turns = [first.comparison_id];
    for (let n = 1; n <= 9; n++) turns.push((await compare(voter.token, { prompt: `Follow-up ${n}`, mode: 'anonymous', thread_id: first.thread_id })).comparison_id);
    const pair = await pairOf(first.comparison_id);
    for (const id of turns) expect(await pairOf(id)).toEqual(pair);
    const hidden = await api<Row>('GET', `/api/comparisons/${first.comparison_id}`, { token: voter.token });
    expect(hidden.body).toMatchObject({ models_hidden: true, model1_id: null });

    // A tie on the last turn reveals the pair; then "model2" on the other nine, as the attacker did.
    const tie = await vote(voter.token, turns[9] as string, 'tie');
    expect(tie.status).toBe(201);
    expect(tie.body.vote).toMatchObject({ blind: true });
    for (const id of turns.slice(0, 9)) {
      const response = await vote(voter.token, id, 'model2');
      expect(response.status).toBe(201);
      expect(response.body.vote).toMatchObject({ blind: false });
    }
    expect(await blindOf(turns)).toEqual([turns[9]]);

    const thread = await api<{ messages: Row[] }>('GET', `/api/threads/${first.thread_id}`, { token: voter.token });
    expect(thread.body.messages.map((message) => message.models_hidden)).toEqual(new Array(10).fill(false));
    expect(thread.body.messages.map((message) => message.model1_id)).toEqual(new Array(10).fill(pair.model1_id));

    const blind = (await api<Board>('GET', '/api/leaderboard?blind=true&mine=true&method=elo', { token: voter.token })).body;
    expect(blind.votes).toBe(1);
    expect(blind.models.map((row) => [row.wins, row.losses, row.ties])).toEqual([
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const all = (await api<Board>('GET', '/api/leaderboard?mine=true', { token: voter.token })).body;
    expect(all.votes).toBe(10);

    // A follow-up after the vote continues the same battle, already revealed; its vote is named.
    const after = await compare(voter.token, { prompt: 'One more', mode: 'anonymous', thread_id: first.thread_id });
    expect(await pairOf(after.comparison_id)).toEqual(pair);
    const shown = await api<Row>('GET', `/api/comparisons/${after.comparison_id}`, { token: voter.token });
    expect(shown.body).toMatchObject({ models_hidden: false, model1_id: pair.model1_id, model2_id: pair.model2_id });
    const late = await vote(voter.token, after.comparison_id, 'model1');
    expect(late, 'the vote after the reveal').toMatchObject({ status: 201, body: { vote: { blind: false } } });
  });

  it('makes exactly one of many concurrent votes on one thread blind', async () => {
    const first = await compare(voter.token, { prompt: 'Race the votes', mode: 'anonymous' });
    const turns = [first.comparison_id];
    for (let n = 1; n < 6; n++) turns.push((await compare(voter.token, { prompt: `Race ${n}`, mode: 'anonymous', thread_id: first.thread_id })).comparison_id);
    const responses = await Promise.all(turns.map((id, n) => vote(voter.token, id, n % 2 ? 'model1' : 'model2')));
    expect(responses.map((response) => response.status)).toEqual(new Array(6).fill(201));
    expect(await blindOf(turns)).toHaveLength(1);
  });

  it('counts a vote as named when the thread showed one of the models by name before it', async () => {
    const named = await compare(voter.token, { prompt: 'Named first', model1_id: models.north, model2_id: models.south });
    const anonymous = await compare(voter.token, { prompt: 'Now hidden', mode: 'anonymous', thread_id: named.thread_id });
    expect((await vote(voter.token, anonymous.comparison_id, 'model1')).body.vote).toMatchObject({ blind: false });
    // The same in a fresh thread is blind.
    const fresh = await compare(voter.token, { prompt: 'Hidden from the start', mode: 'anonymous' });
    expect((await vote(voter.token, fresh.comparison_id, 'model1')).body.vote).toMatchObject({ blind: true });
  });

  it('refuses a vote for a side that failed or came back empty, and leaves failed battles out of the ratings without deleting a vote', async () => {
    await setActive(['north', 'south', 'faulty', 'mute']);
    const before = (await api<Board>('GET', '/api/leaderboard?mine=true', { token: voter.token })).body;
    const votesBefore = (await db().selectFrom('model_votes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;

    const failed = await compare(voter.token, { prompt: 'One side breaks', model1_id: models.north, model2_id: models.faulty });
    const refused = await api<{ error: { code: string; message: string } }>('POST', `/api/comparisons/${failed.comparison_id}/vote`, { token: voter.token, body: { winner: 'model2' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^winner: model B failed or gave no answer/);
    expect(await blindOf([failed.comparison_id])).toEqual([]);
    expect((await vote(voter.token, failed.comparison_id, 'model1')).status).toBe(201);

    const empty = await compare(voter.token, { prompt: 'One side is silent', model1_id: models.mute, model2_id: models.south });
    expect((await vote(voter.token, empty.comparison_id, 'model1')).status).toBe(400);
    expect((await vote(voter.token, empty.comparison_id, 'both_bad')).status).toBe(201);

    const after = (await api<Board>('GET', '/api/leaderboard?mine=true', { token: voter.token })).body;
    expect(after.votes).toBe(before.votes);
    expect(after.excluded.failed - before.excluded.failed).toBe(2);
    expect(after.models.find((row) => row.model_name === 'faulty')).toBeUndefined();
    const votesAfter = (await db().selectFrom('model_votes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(votesAfter) - Number(votesBefore)).toBe(2);
    const everything = (await api<Board>('GET', '/api/leaderboard')).body;
    expect(everything.excluded.failed).toBe(2);
  });
});
