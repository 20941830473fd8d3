import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string } };
interface Discovery {
  base_url: string | null;
  key_sent: boolean;
  models: Array<{ model_name: string; registered: boolean }>;
}

describe.each(DATABASE_KINDS)('model discovery and provider base URLs on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let home: FakeUpstream;
  let foreign: FakeUpstream;
  let admin: SignedUp;
  let user: SignedUp;
  const key = `sk-dualmind-test-discovery-${Date.now()}`;

  const asAdmin = <T = Row>(method: string, route: string, body?: unknown) => api<T>(method, route, { token: admin.token, body });

  beforeAll(async () => {
    [home, foreign] = await Promise.all([FakeUpstream.start({ models: ['home-1', 'home-2'], chunks: ['From ', 'home.'] }), FakeUpstream.start({ models: ['foreign-1'] })]);
    server = await startTestServer(kind, { JWT_SECRET: 'discovery-keys-test-secret-0123456789abcdef', DEMO_DELAY_MS: '0' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    user = await signUp(api, 'user');
    expect((await asAdmin('POST', '/api/admin/providers', { provider_name: 'fakeai', base_url: home.baseURL })).status).toBe(201);
    expect((await asAdmin('POST', '/api/admin/providers/fakeai/keys', { api_key: key })).status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([home.close(), foreign.close()]);
  });

  it('lists at the provider’s base URL with its key, and sends no key to a typed URL on another host', async () => {
    const atHome = await asAdmin<Discovery>('POST', '/api/admin/providers/fakeai/discover');
    expect(atHome.status).toBe(200);
    expect(atHome.body).toMatchObject({ base_url: home.baseURL, key_sent: true, models: [{ model_name: 'home-1' }, { model_name: 'home-2' }] });
    expect(home.modelListings.at(-1)?.apiKey).toBe(key);

    // Another port of the same machine is another origin: no key.
    const elsewhere = await asAdmin<Discovery>('POST', '/api/admin/providers/fakeai/discover', { api_url: foreign.baseURL });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toMatchObject({ base_url: foreign.baseURL, key_sent: false, models: [{ model_name: 'foreign-1', registered: false }] });
    expect(foreign.modelListings).toEqual([{ apiKey: undefined }]);

    // The same host spelled differently (a path suffix) is still the provider's: the key goes.
    const suffixed = await asAdmin<Discovery>('POST', '/api/admin/providers/fakeai/discover', { api_url: `${home.baseURL}/chat/completions` });
    expect(suffixed.body.key_sent).toBe(true);
    expect(home.modelListings.at(-1)?.apiKey).toBe(key);
  });

  it('says why a foreign host refused: no key was sent there', async () => {
    foreign.behave('(none)', { kind: 'status', status: 401, body: { error: { message: 'Missing API key', type: 'invalid_request_error' } } }, { kind: 'ok' });
    const refused = await asAdmin<ErrorBody>('POST', '/api/admin/providers/fakeai/discover', { api_url: foreign.baseURL });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(/no API key was sent/);
    expect(foreign.modelListings.every((listing) => listing.apiKey === undefined)).toBe(true);
  });

  it('saves discovered models with no api_url of their own, usable through the provider’s base URL', async () => {
    const created = await asAdmin<Row>('POST', '/api/admin/models', { model_name: 'home-1', provider_name: 'fakeai', status: 'active' });
    expect(created.status).toBe(201);
    expect(created.body.api_url).toBeNull();
    const listed = await api<Array<{ model_name: string }>>('GET', '/api/models');
    expect(listed.body.map((model) => model.model_name)).toContain('home-1');

    const thread = await api<{ thread_id: string }>('POST', '/api/threads', { token: user.token, body: {} });
    const before = home.requests.length;
    const answer = await api<Row>('POST', `/api/threads/${thread.body.thread_id}/messages`, { token: user.token, body: { prompt: 'Hello', model_id: created.body.model_id } });
    expect(answer.status).toBe(201);
    expect(answer.body.model1_response).toBe('From home.');
    expect(home.requests.slice(before).map((request) => request.apiKey)).toEqual([key]);
  });

  it('refuses an active model that could not be called, and a base URL removed from under one', async () => {
    expect((await asAdmin('POST', '/api/admin/providers', { provider_name: 'bare' })).status).toBe(201);
    const refused = await asAdmin<ErrorBody>('POST', '/api/admin/models', { model_name: 'nowhere', provider_name: 'bare' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^api_url: /);
    const waiting = await asAdmin<Row>('POST', '/api/admin/models', { model_name: 'nowhere', provider_name: 'bare', status: 'inactive' });
    expect(waiting.status).toBe(201);
    expect((await asAdmin('PATCH', `/api/admin/models/${waiting.body.model_id}`, { status: 'active' })).status).toBe(400);
    expect((await asAdmin('PATCH', '/api/admin/providers/bare', { base_url: foreign.baseURL })).status).toBe(200);
    expect((await asAdmin('PATCH', `/api/admin/models/${waiting.body.model_id}`, { status: 'active' })).status).toBe(200);

    const unset = await asAdmin<ErrorBody>('PATCH', '/api/admin/providers/bare', { base_url: null });
    expect(unset.status).toBe(409);
    expect(unset.body.error.message).toMatch(/nowhere/);

    const discoverBare = await asAdmin<ErrorBody>('POST', '/api/admin/providers/bare/discover');
    expect(discoverBare.status).toBe(200);
    expect((await asAdmin<ErrorBody>('POST', '/api/admin/providers', { provider_name: 'empty' })).status).toBe(201);
    const noURL = await asAdmin<ErrorBody>('POST', '/api/admin/providers/empty/discover');
    expect(noURL.status).toBe(400);
    expect(noURL.body.error.message).toMatch(/^api_url: /);
  });

  it('keeps a URL-less model of an existing deployment out of battles instead of failing it as "refused"', async () => {
    // As an older version could leave it: active, generic provider, no URL anywhere.
    const legacy = await server.database.handle.db
      .insertInto('ai_models')
      .values({ model_name: 'legacy-nowhere', provider_name: 'empty', status: 'active' })
      .returning('model_id')
      .executeTakeFirstOrThrow();
    const models = await asAdmin<Array<{ model_id: string; model_name: string; provider_name: string }>>('GET', '/api/admin/models');
    const idOf = (name: string) => models.body.find((model) => model.model_name === name)?.model_id;
    // Only home-1 stays callable and active beside the URL-less one.
    for (const model of models.body.filter((row) => row.provider_name === 'demo' || row.model_name === 'nowhere')) {
      expect((await asAdmin('PATCH', `/api/admin/models/${model.model_id}`, { status: 'inactive' })).status).toBe(200);
    }
    const offered = await api<Array<{ model_name: string }>>('GET', '/api/models');
    expect(offered.body.map((model) => model.model_name)).not.toContain('legacy-nowhere');

    const named = await api<ErrorBody>('POST', '/api/comparisons', { token: user.token, body: { prompt: 'Hi', model1_id: legacy.model_id, model2_id: idOf('home-1') } });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toMatch(/legacy-nowhere has no API URL/);

    // The anonymous pool is home-1 alone: the URL-less model is left out, not drawn and failed.
    const anonymous = await api<ErrorBody & Row>('POST', '/api/comparisons', { token: user.token, body: { prompt: 'Hi', mode: 'anonymous' } });
    expect(anonymous.status).toBe(503);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/refused/);
    expect(anonymous.body.error.message).toMatch(/two different active models/);
  });
});
