import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
const SLOW_CHUNKS = Array.from({ length: 10 }, (_, index) => `s${index} `);
const FAST_CHUNKS = ['Fast ', 'answer ', 'here.'];

describe.each(DATABASE_KINDS)('the arena on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let slowA: FakeUpstream;
  let slowB: FakeUpstream;
  let fast: FakeUpstream;
  let admin: SignedUp;
  let owner: SignedUp;
  const models: Record<string, string> = {};

  /** POST with Accept: text/event-stream, as the web app does. */
  const stream = (token: string, route: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      ...(signal && { signal }),
    });

  beforeAll(async () => {
    // Two upstreams that each take ~1 s to stream their answer, and a quick one.
    [slowA, slowB, fast] = await Promise.all([
      FakeUpstream.start({ chunks: SLOW_CHUNKS, chunkDelayMs: 100 }),
      FakeUpstream.start({ chunks: SLOW_CHUNKS.map((chunk) => chunk.toUpperCase()), chunkDelayMs: 100 }),
      FakeUpstream.start({ chunks: FAST_CHUNKS }),
    ]);
    server = await startTestServer(kind, { JWT_SECRET: 'arena-test-secret-0123456789abcdefghijkl', DEMO_DELAY_MS: '0', UPSTREAM_TIMEOUT_MS: '3000' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
    for (const [provider, upstream, name] of [
      ['alpha', slowA, 'alpha-slow'],
      ['beta', slowB, 'beta-slow'],
      ['gamma', fast, 'gamma-fast'],
    ] as const) {
      await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: provider } });
      const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: provider, api_url: upstream.baseURL } });
      models[name] = created.body.model_id as string;
    }
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([slowA.close(), slowB.close(), fast.close()]);
  });

  it('streams two 1 s answers concurrently, interleaved, and stores exactly what was streamed', async () => {
    const started = performance.now();
    const response = await stream(owner.token, '/api/comparisons', { prompt: 'Race!', model1_id: models['alpha-slow'], model2_id: models['beta-slow'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    // The upstreams pace their chunks: nothing can be faster than one side's own time.
    expect(performance.now() - started).toBeGreaterThan(900);

    expect(events[0]?.event).toBe('meta');
    expect(events[0]?.data).toMatchObject({ mode: 'named', model1: { model_name: 'alpha-slow' }, model2: { model_name: 'beta-slow' } });
    const sides = events.filter((event) => event.event === 'delta').map((event) => event.data.side);
    // Interleaved: the sides alternate many times rather than one finishing before the other starts.
    const switches = sides.filter((side, index) => index > 0 && side !== sides[index - 1]).length;
    expect(switches).toBeGreaterThan(5);
    // Concurrent, whatever the machine's load: each side's first delta arrived before the other's last.
    const deltaTimes = (side: string) => events.filter((event) => event.event === 'delta' && event.data.side === side).map((event) => event.at);
    expect(Math.min(...deltaTimes('model1'))).toBeLessThan(Math.max(...deltaTimes('model2')));
    expect(Math.min(...deltaTimes('model2'))).toBeLessThan(Math.max(...deltaTimes('model1')));
    const text = (side: string) => events.filter((event) => event.event === 'delta' && event.data.side === side).map((event) => event.data.text).join('');
    expect(text('model1')).toBe(SLOW_CHUNKS.join(''));
    expect(text('model2')).toBe(SLOW_CHUNKS.join('').toUpperCase());
    const done = events.filter((event) => event.event === 'done');
    expect(done.map((event) => event.data.side).sort()).toEqual(['model1', 'model2']);
    for (const event of done) expect(event.data.time_ms).toBeGreaterThan(900);
    const end = events.at(-1);
    expect(end?.event).toBe('end');

    const stored = await api<Row>('GET', `/api/comparisons/${end?.data.comparison_id}`, { token: owner.token });
    expect(stored.body).toMatchObject({ model1_response: text('model1'), model2_response: text('model2'), mode: 'named', model1_error: null, model2_error: null });
    expect(stored.body.model1_time_ms).toBeGreaterThan(900);
    const thread = await api<{ title: string; messages: Row[] }>('GET', `/api/threads/${end?.data.thread_id}`, { token: owner.token });
    expect(thread.body.title).toBe('Race!');
    expect(thread.body.messages).toHaveLength(1);
    expect(thread.body.messages[0]).toMatchObject({ comparison_id: end?.data.comparison_id, model1_response: text('model1'), model2_response: text('model2') });
  });

  it('answers JSON with 201 when no event stream is asked for', async () => {
    const response = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'JSON please', model1_id: models['gamma-fast'], model2_id: models['alpha-slow'] } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ mode: 'named', model1_id: models['gamma-fast'], model2_id: models['alpha-slow'], model1_response: FAST_CHUNKS.join(''), model2_response: SLOW_CHUNKS.join('') });
    expect(response.body.errors).toBeUndefined();
  });

  it('keeps the other side complete when one side fails mid-stream, and stores and reports the failure', async () => {
    const key = `gsk_dualmind-test-failing-${Date.now()}`;
    await api('POST', '/api/admin/providers/gamma/keys', { token: admin.token, body: { api_key: key } });
    fast.behave(key, behaviours.errorEvent(2));
    const response = await stream(owner.token, '/api/comparisons', { prompt: 'One breaks', model1_id: models['gamma-fast'], model2_id: models['beta-slow'] });
    const events = await readEvents(response);
    const error = events.find((event) => event.event === 'error');
    expect(error?.data).toMatchObject({ side: 'model1', category: 'server' });
    expect(events.find((event) => event.event === 'done')?.data.side).toBe('model2');
    const comparisonId = events.at(-1)?.data.comparison_id;
    const stored = await api<Row>('GET', `/api/comparisons/${comparisonId}`, { token: owner.token });
    expect(stored.body.model1_response).toBe(FAST_CHUNKS.slice(0, 2).join(''));
    expect(stored.body.model1_error).toMatchObject({ category: 'server' });
    expect(stored.body.model2_response).toBe(SLOW_CHUNKS.join('').toUpperCase());
    expect(stored.body.model2_error).toBeNull();
    await api('DELETE', `/api/admin/providers/gamma`, { token: admin.token }).then(() =>
      api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'gamma' } }),
    );
  });

  it('aborts both upstream calls when the client goes away, and stores what arrived', async () => {
    const before = { a: slowA.stats('(none)').aborted, b: slowB.stats('(none)').aborted };
    const controller = new AbortController();
    const response = await stream(owner.token, '/api/comparisons', { prompt: 'Leaving early', model1_id: models['alpha-slow'], model2_id: models['beta-slow'] }, controller.signal);
    let meta: Row | undefined;
    await readEvents(response, (event) => {
      if (event.event === 'meta') meta = event.data;
      return event.event === 'delta' && event.at > 300;
    }).catch(() => []);
    controller.abort();
    await expect.poll(() => slowA.stats('(none)').aborted, { timeout: 3000 }).toBe(before.a + 1);
    await expect.poll(() => slowB.stats('(none)').aborted, { timeout: 3000 }).toBe(before.b + 1);
    const stored = async () =>
      server.database.handle.db.selectFrom('comparisons').selectAll().where('comparison_id', '=', meta?.comparison_id as string).executeTakeFirst();
    await expect.poll(async () => (await stored()) !== undefined, { timeout: 3000 }).toBe(true);
    const row = await stored();
    expect(row?.model1_response?.length).toBeGreaterThan(0);
    expect(row?.model1_response?.length).toBeLessThan(SLOW_CHUNKS.join('').length);
    expect(row?.model1_error).toMatchObject({ category: 'aborted' });
    const message = await server.database.handle.db.selectFrom('thread_messages').select('comparison_id').where('comparison_id', '=', meta?.comparison_id as string).executeTakeFirst();
    expect(message).toBeDefined();
  });

  it('never reveals an anonymous battle’s models before the vote, in any byte, then reveals them', async () => {
    const secrets = ['alpha', 'beta', 'gamma', 'demo-concise', 'demo-detailed', 'Concise', 'Detailed', ...Object.keys(models), ...Object.values(models)];
    const response = await stream(owner.token, '/api/comparisons', { prompt: 'Who are you?', mode: 'anonymous' });
    const events = await readEvents(response);
    const allBytes = events.map((event) => `${event.event}:${event.raw}`).join('\n');
    const ids = events.at(-1)?.data as { comparison_id: string; thread_id: string };
    const json = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Again', mode: 'anonymous', thread_id: ids.thread_id } });
    expect(json.status).toBe(201);
    // A follow-up before the vote continues the same battle: same models, same sides.
    const pairOf = async (comparisonId: unknown) =>
      server.database.handle.db.selectFrom('comparisons').select(['model1_id', 'model2_id']).where('comparison_id', '=', comparisonId as string).executeTakeFirstOrThrow();
    expect(await pairOf(json.body.comparison_id)).toEqual(await pairOf(ids.comparison_id));
    const comparison = await api('GET', `/api/comparisons/${ids.comparison_id}`, { token: owner.token });
    const thread = await api('GET', `/api/threads/${ids.thread_id}`, { token: owner.token });
    for (const text of [allBytes, JSON.stringify(json.body), JSON.stringify(comparison.body), JSON.stringify(thread.body)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(comparison.body).toMatchObject({ models_hidden: true, model1: null, model1_id: null });

    const vote = await api<{ model1: Row; model2: Row }>('POST', `/api/comparisons/${ids.comparison_id}/vote`, { token: owner.token, body: { winner: 'tie' } });
    expect(vote.status).toBe(201);
    const active = (await api<Row[]>('GET', '/api/models')).body.map((model) => model.model_name);
    expect(active).toContain(vote.body.model1.model_name);
    expect(active).toContain(vote.body.model2.model_name);
    expect(vote.body.model1.model_name).not.toBe(vote.body.model2.model_name);
    const revealed = await api<Row>('GET', `/api/comparisons/${ids.comparison_id}`, { token: owner.token });
    expect(revealed.body.models_hidden).toBe(false);
    expect(revealed.body.model1_id).toBe(vote.body.model1.model_id);
    // The vote records a tie: no winner, and which kind of non-win it was.
    expect(revealed.body.vote).toMatchObject({ outcome: 'tie', winner_model_id: null });
  });

  it('accepts exactly one of 20 concurrent votes on a comparison', async () => {
    const created = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Vote race', model1_id: models['gamma-fast'], model2_id: models['alpha-slow'] } });
    const votes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api('POST', `/api/comparisons/${created.body.comparison_id}/vote`, { token: owner.token, body: { winner: index % 2 ? 'model1' : 'model2' } }),
      ),
    );
    expect(votes.filter((vote) => vote.status === 201)).toHaveLength(1);
    expect(votes.filter((vote) => vote.status === 409)).toHaveLength(19);
    const rows = await server.database.handle.db.selectFrom('model_votes').selectAll().where('comparison_id', '=', created.body.comparison_id as string).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.winner_model_id).toBe(rows[0]?.outcome === 'model1' ? models['gamma-fast'] : models['alpha-slow']);
  });

  it('refuses bad comparisons: unknown, inactive or identical models, too-long prompts', async () => {
    const refuse = async (body: Row, status: number, message: RegExp) => {
      const response = await api<{ error: { message: string } }>('POST', '/api/comparisons', { token: owner.token, body });
      expect([status, response.status, response.body.error?.message]).toEqual([status, status, expect.stringMatching(message)]);
    };
    const inactive = (await api<Row[]>('GET', '/api/admin/models', { token: admin.token })).body.find((model) => model.status === 'inactive');
    await refuse({ prompt: 'x', model1_id: models['gamma-fast'], model2_id: inactive?.model_id }, 400, /^model2_id: .* is inactive/);
    await refuse({ prompt: 'x', model1_id: models['gamma-fast'], model2_id: models['gamma-fast'] }, 400, /^model2_id: pick two different/);
    await refuse({ prompt: 'x', model1_id: '00000000-0000-4000-8000-000000000000', model2_id: models['gamma-fast'] }, 400, /^model1_id: no model/);
    await refuse({ prompt: 'x', model1_id: models['gamma-fast'] }, 400, /^model2_id: required/);
    await refuse({ prompt: '   ', model1_id: models['gamma-fast'], model2_id: models['alpha-slow'] }, 400, /^prompt: /);
    await refuse({ prompt: 'x', mode: 'anonymous', model1_id: models['gamma-fast'] }, 400, /^model1_id: the server picks/);
    await api('PUT', '/api/admin/settings/max_prompt_chars', { token: admin.token, body: { value: '50' } });
    await refuse({ prompt: 'y'.repeat(51), model1_id: models['gamma-fast'], model2_id: models['alpha-slow'] }, 413, /limit is 50/);
    await api('PUT', '/api/admin/settings/max_prompt_chars', { token: admin.token, body: { value: '16000' } });
  });
});
