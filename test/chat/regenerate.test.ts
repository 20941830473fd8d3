import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
const FLAKY_KEY = 'sk-dualmind-test-flaky-0123456789';

describe.each(DATABASE_KINDS)('regenerate and retry on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let flaky: FakeUpstream;
  let steady: FakeUpstream;
  let admin: SignedUp;
  let owner: SignedUp;
  let other: SignedUp;
  const models: Record<string, string> = {};

  beforeAll(async () => {
    [flaky, steady] = await Promise.all([FakeUpstream.start({ chunks: ['Flaky ', 'answer.'] }), FakeUpstream.start({ chunks: ['Steady ', 'answer.'] })]);
    server = await startTestServer(kind, { JWT_SECRET: 'regenerate-test-secret-0123456789abcdefgh', DEMO_DELAY_MS: '0' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
    other = await signUp(api, 'other');
    for (const [provider, upstream, name] of [
      ['flakyco', flaky, 'flaky'],
      ['steadyco', steady, 'steady'],
    ] as const) {
      await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: provider } });
      const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: provider, api_url: upstream.baseURL } });
      models[name] = created.body.model_id as string;
    }
    await api('POST', '/api/admin/providers/flakyco/keys', { token: admin.token, body: { api_key: FLAKY_KEY } });
    await api('PUT', `/api/admin/models/${models.steady}/price`, { token: admin.token, body: { input_per_million: 1, output_per_million: 1000 } });
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([flaky.close(), steady.close()]);
  });

  const regenerate = (token: string, comparisonId: string, side: unknown) => api<Row>('POST', `/api/comparisons/${comparisonId}/regenerate`, { token, body: { side } });

  it('retries a failed side as a new turn of the same thread, keeping the other side, each turn with its own vote and figures', async () => {
    // The first answer of side A breaks off with an upstream error; the retry streams normally.
    flaky.behave(FLAKY_KEY, behaviours.errorEvent(0), behaviours.ok());
    const first = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Tell me', model1_id: models.flaky, model2_id: models.steady } });
    expect(first.status).toBe(201);
    expect(first.body.errors).toMatchObject({ model1: { category: expect.any(String) } });
    expect((await api('POST', `/api/comparisons/${first.body.comparison_id}/vote`, { token: owner.token, body: { winner: 'model1' } })).status).toBe(400);

    const retried = await regenerate(owner.token, first.body.comparison_id as string, 'model1');
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ thread_id: first.body.thread_id, model1_id: models.flaky, model2_id: models.steady, model1_response: 'Flaky answer.', model2_response: 'Steady answer.' });
    expect(retried.body.comparison_id).not.toBe(first.body.comparison_id);
    expect(retried.body.errors).toBeUndefined();
    // The kept side was not asked again.
    expect(steady.requests).toHaveLength(1);

    expect((await api('POST', `/api/comparisons/${retried.body.comparison_id}/vote`, { token: owner.token, body: { winner: 'model1' } })).status).toBe(201);
    expect((await api('POST', `/api/comparisons/${first.body.comparison_id}/vote`, { token: owner.token, body: { winner: 'model2' } })).status).toBe(201);

    const thread = await api<{ messages: Row[] }>('GET', `/api/threads/${first.body.thread_id}`, { token: owner.token });
    expect(thread.body.messages.map((message) => message.vote_outcome)).toEqual(['model2', 'model1']);
    const latest = thread.body.messages[1] as Row;
    expect(latest.mode).toBe('named');
    expect(latest.model1_stats).toMatchObject({ ttft_ms: expect.any(Number), output_tokens: 2, cost: null });
    // Steady has a price: 12 input tokens at 1 and 2 output tokens at 1000 per million.
    expect(latest.model2_stats).toMatchObject({ output_tokens: 2, currency: 'USD' });
    expect((latest.model2_stats as Row).cost).toBeCloseTo((12 * 1 + 2 * 1000) / 1e6, 9);
  });

  it('streams a regeneration of both sides with figures in each done event, and only the latest turn can be asked again', async () => {
    const first = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Again', model1_id: models.flaky, model2_id: models.steady } });
    const response = await fetch(`${server.url}/api/comparisons/${first.body.comparison_id}/regenerate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ side: 'both' }),
    });
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    const done = events.filter((event) => event.event === 'done');
    expect(done).toHaveLength(2);
    for (const event of done) expect(event.data.stats).toMatchObject({ output_tokens: 2, ttft_ms: expect.any(Number) });
    expect(events.at(-1)?.event).toBe('end');

    const older = await regenerate(owner.token, first.body.comparison_id as string, 'model2');
    expect(older.status).toBe(409);
    expect(older.body.error).toMatchObject({ message: expect.stringContaining('latest turn') });
  });

  it('refuses a bad side, another person, and keeps an anonymous battle’s models and prices hidden', async () => {
    const named = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Mine', model1_id: models.flaky, model2_id: models.steady } });
    const bad = await regenerate(owner.token, named.body.comparison_id as string, 'model3');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('side');
    expect((await regenerate(other.token, named.body.comparison_id as string, 'both')).status).toBe(404);

    const anonymous = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Blind', mode: 'anonymous' } });
    expect(anonymous.status).toBe(201);
    const again = await regenerate(owner.token, anonymous.body.comparison_id as string, 'model2');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ mode: 'anonymous', model1_id: null, model2_id: null, model1_response: anonymous.body.model1_response });
    const thread = await api<{ messages: Row[] }>('GET', `/api/threads/${anonymous.body.thread_id}`, { token: owner.token });
    for (const message of thread.body.messages) {
      expect(message.models_hidden).toBe(true);
      expect(message.model1_stats).toMatchObject({ cost: null, currency: null });
      expect(message.model2_stats).toMatchObject({ cost: null, currency: null });
    }
  });
});
