import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
const testKey = (name: string) => `gsk_dualmind-test-${name}-${randomUUID()}`;

describe.each(DATABASE_KINDS)('the admin API for providers, models and keys on %s', (kind) => {
  let server: TestServer;
  let upstream: FakeUpstream;
  let api: ApiClient;
  const tokens = { admin: '', user: '' };
  const plaintexts: string[] = [];
  const responses: string[] = [];

  /** Every answer is kept, to check at the end that no plaintext key was ever sent. */
  const call = async <T = Row>(method: string, route: string, caller: 'admin' | 'user' | 'anonymous', body?: unknown) => {
    const response = await api<T>(method, route, { token: caller === 'anonymous' ? undefined : tokens[caller], body });
    responses.push(JSON.stringify(response.body));
    return response;
  };

  beforeAll(async () => {
    upstream = await FakeUpstream.start({ models: ['alpha-1', 'beta-2', 'llama-3.3-70b-versatile'] });
    server = await startTestServer(kind, { JWT_SECRET: 'providers-api-test-secret-0123456789abcdef', DEMO_DELAY_MS: '0' });
    api = apiClient(server.url);
    for (const name of ['admin', 'user'] as const) {
      tokens[name] = (await signUp(api, name)).token;
    }
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('adds a key, stores it encrypted, and shows only its mask', async () => {
    const plaintext = testKey('groq-a');
    plaintexts.push(plaintext);
    const added = await call<Row>('POST', '/api/admin/providers/groq/keys', 'admin', { api_key: `  ${plaintext} ` });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ provider_name: 'groq', display_mask: `gsk_…${plaintext.slice(-4)}`, is_active: true, total_calls: 0 });
    expect(added.body).not.toHaveProperty('api_key');
    const row = await server.database.handle.db.selectFrom('provider_api_keys').selectAll().where('key_id', '=', added.body.key_id as string).executeTakeFirstOrThrow();
    expect(row.api_key.startsWith('v1:')).toBe(true);
    expect(row.api_key).not.toContain(plaintext.slice(5, 20));
    expect(row.created_by).toBeTruthy();

    const listed = await call<Row[]>('GET', '/api/admin/providers/groq/keys', 'admin');
    expect(listed.body.map((key) => key.key_id)).toEqual([added.body.key_id]);
  });

  it('re-enables, clears a cooldown, and deletes a key', async () => {
    const plaintext = testKey('groq-b');
    plaintexts.push(plaintext);
    const { body: key } = await call<Row>('POST', '/api/admin/providers/groq/keys', 'admin', { api_key: plaintext });
    await server.database.handle.db
      .updateTable('provider_api_keys')
      .set({ is_active: false, failure_count: 4, cooldown_until: new Date(Date.now() + 60_000) })
      .where('key_id', '=', key.key_id as string)
      .execute();
    const enabled = await call<Row>('PATCH', `/api/admin/keys/${key.key_id}`, 'admin', { is_active: true });
    expect(enabled.body).toMatchObject({ is_active: true, failure_count: 0 });
    const cleared = await call<Row>('PATCH', `/api/admin/keys/${key.key_id}`, 'admin', { clear_cooldown: true });
    expect(cleared.body.cooldown_until).toBeNull();
    expect((await call('PATCH', `/api/admin/keys/${key.key_id}`, 'admin', {})).status).toBe(400);
    expect((await call('DELETE', `/api/admin/keys/${key.key_id}`, 'admin')).status).toBe(204);
    expect((await call('DELETE', `/api/admin/keys/${key.key_id}`, 'admin')).status).toBe(404);
  });

  it('reports health per provider and key, including a key it cannot decrypt', async () => {
    await server.database.handle.db
      .insertInto('provider_api_keys')
      .values({ provider_name: 'bytez', api_key: 'encrypted-elsewhere', display_mask: 'bz_…0000' })
      .execute();
    const health = await call<Array<{ provider: Row; summary: Row; keys: Row[] }>>('GET', '/api/admin/health', 'admin');
    expect(health.status).toBe(200);
    const bytez = health.body.find((entry) => entry.provider.provider_name === 'bytez');
    expect(bytez?.summary).toMatchObject({ total: 1, undecryptable: 1 });
    expect(bytez?.keys[0]).toMatchObject({ decryptable: false, health: 'undecryptable' });
    const groq = health.body.find((entry) => entry.provider.provider_name === 'groq');
    expect(groq?.keys[0]).toMatchObject({ decryptable: true, health: 'healthy', cooldown_remaining_ms: 0 });
  });

  it('creates, updates and deletes providers, refusing duplicates and bad names', async () => {
    const created = await call<Row>('POST', '/api/admin/providers', 'admin', { provider_name: 'Local-Ollama', display_name: 'Ollama', priority: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider_name: 'local-ollama', is_enabled: true, priority: 3 });
    expect((await call('POST', '/api/admin/providers', 'admin', { provider_name: 'local-ollama' })).status).toBe(409);
    const bad = await call<{ error: { message: string } }>('POST', '/api/admin/providers', 'admin', { provider_name: 'no spaces!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^provider_name: /);
    const patched = await call<Row>('PATCH', '/api/admin/providers/local-ollama', 'admin', { is_enabled: false, priority: 9 });
    expect(patched.body).toMatchObject({ is_enabled: false, priority: 9 });
    expect(patched.body.updated_at).not.toBeNull();
    const listed = await call<Row[]>('GET', '/api/admin/providers', 'admin');
    expect(listed.body[0]?.provider_name).toBe('groq');
    expect((await call('DELETE', '/api/admin/providers/local-ollama', 'admin')).status).toBe(204);
    expect((await call('PATCH', '/api/admin/providers/local-ollama', 'admin', { priority: 1 })).status).toBe(404);
  });

  it('manages models; only active models on enabled providers are offered to users', async () => {
    await call('POST', '/api/admin/providers', 'admin', { provider_name: 'fakeai' });
    const created = await call<Row>('POST', '/api/admin/models', 'admin', {
      model_name: 'alpha-1',
      provider_name: 'fakeai',
      api_url: upstream.baseURL,
      description: 'Alpha',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', api_url: upstream.baseURL });
    expect((await call('POST', '/api/admin/models', 'admin', { model_name: 'alpha-1', provider_name: 'fakeai' })).status).toBe(409);
    expect((await call('POST', '/api/admin/models', 'admin', { model_name: 'x', provider_name: 'nobody' })).status).toBe(404);
    expect((await call('POST', '/api/admin/models', 'admin', { model_name: 'x', provider_name: 'fakeai', api_url: 'ftp://x' })).status).toBe(400);
    expect((await call('POST', '/api/admin/models', 'admin', { model_name: 'x', provider_name: 'fakeai', status: 'retired' })).status).toBe(400);

    const offered = async () => (await call<Row[]>('GET', '/api/models', 'anonymous')).body.map((model) => model.model_name);
    expect(await offered()).toEqual(expect.arrayContaining(['alpha-1', 'demo-concise', 'demo-detailed']));
    expect(await offered()).not.toContain('llama-3.3-70b-versatile');
    const demo = (await call<Row[]>('GET', '/api/models', 'anonymous')).body.find((model) => model.model_name === 'demo-concise');
    expect(demo).toMatchObject({ is_demo: true, provider_name: 'demo' });
    expect(demo).not.toHaveProperty('api_url');

    await call('PATCH', `/api/admin/models/${created.body.model_id}`, 'admin', { status: 'deprecated' });
    expect(await offered()).not.toContain('alpha-1');
    await call('PATCH', `/api/admin/models/${created.body.model_id}`, 'admin', { status: 'active' });
    await call('PATCH', '/api/admin/providers/fakeai', 'admin', { is_enabled: false });
    expect(await offered()).not.toContain('alpha-1');
    await call('PATCH', '/api/admin/providers/fakeai', 'admin', { is_enabled: true });
    expect(await offered()).toContain('alpha-1');

    const all = await call<Row[]>('GET', '/api/admin/models', 'admin');
    expect(all.body.some((model) => model.model_name === 'llama-3.3-70b-versatile' && model.status === 'inactive')).toBe(true);
  });

  it('refuses to delete a model that has comparisons, and deletes one that has none', async () => {
    const models = (await call<Row[]>('GET', '/api/admin/models', 'admin')).body;
    const used = models.find((model) => model.model_name === 'demo-concise');
    const other = models.find((model) => model.model_name === 'demo-detailed');
    await server.database.handle.db
      .insertInto('comparisons')
      .values({ prompt_text: 'hi', model1_id: used?.model_id as string, model2_id: other?.model_id as string })
      .execute();
    const refused = await call<{ error: { code: string } }>('DELETE', `/api/admin/models/${used?.model_id}`, 'admin');
    expect(refused.status).toBe(409);
    const spare = await call<Row>('POST', '/api/admin/models', 'admin', { model_name: 'beta-2', provider_name: 'fakeai', api_url: upstream.baseURL });
    expect((await call('DELETE', `/api/admin/models/${spare.body.model_id}`, 'admin')).status).toBe(204);
  });

  it('discovers the models a provider offers, marking those registered', async () => {
    const found = await call<{ models: Array<{ model_name: string; registered: boolean }> }>('POST', '/api/admin/providers/fakeai/discover', 'admin');
    expect(found.status).toBe(200);
    expect(found.body.models).toEqual([
      { model_name: 'alpha-1', registered: true },
      { model_name: 'beta-2', registered: false },
      { model_name: 'llama-3.3-70b-versatile', registered: false },
    ]);
    const revoked = testKey('fakeai');
    plaintexts.push(revoked);
    upstream.behave(revoked, behaviours.invalidKey());
    await call('POST', '/api/admin/providers/fakeai/keys', 'admin', { api_key: revoked });
    const failed = await call<{ error: { code: string; message: string } }>('POST', '/api/admin/providers/fakeai/discover', 'admin');
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/rejected the API key/);
  });

  it('lets only admins reach every admin route (anonymous 401, user 403)', async () => {
    const keyId = randomUUID();
    const modelId = randomUUID();
    const adminRoutes: Array<[string, string, unknown]> = [
      ['GET', '/api/admin/providers', undefined],
      ['POST', '/api/admin/providers', { provider_name: 'sneaky' }],
      ['PATCH', '/api/admin/providers/groq', { priority: 1 }],
      ['DELETE', '/api/admin/providers/groq', undefined],
      ['GET', '/api/admin/providers/groq/keys', undefined],
      ['POST', '/api/admin/providers/groq/keys', { api_key: testKey('sneaky') }],
      ['POST', '/api/admin/providers/groq/discover', undefined],
      ['PATCH', `/api/admin/keys/${keyId}`, { is_active: true }],
      ['DELETE', `/api/admin/keys/${keyId}`, undefined],
      ['GET', '/api/admin/health', undefined],
      ['GET', '/api/admin/models', undefined],
      ['POST', '/api/admin/models', { model_name: 'x', provider_name: 'groq' }],
      ['PATCH', `/api/admin/models/${modelId}`, { status: 'inactive' }],
      ['DELETE', `/api/admin/models/${modelId}`, undefined],
    ];
    for (const [method, route, body] of adminRoutes) {
      expect([method, route, (await call(method, route, 'anonymous', body)).status]).toEqual([method, route, 401]);
      expect([method, route, (await call(method, route, 'user', body)).status]).toEqual([method, route, 403]);
    }
    expect((await call('GET', '/api/admin/providers', 'admin')).status).toBe(200);
    expect((await server.database.handle.db.selectFrom('providers').select('provider_name').where('provider_name', '=', 'sneaky').execute()).length).toBe(0);
  });

  it('never sent a plaintext key in any answer', () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const plaintext of plaintexts) for (const body of responses) expect(body).not.toContain(plaintext);
    for (const body of responses) expect(body).not.toContain('dualmind-test-');
  });
});
