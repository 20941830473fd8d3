import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;

describe.each(DATABASE_KINDS)('model prices on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let modelId: string;

  const listed = async (id: string) => (await api<Row[]>('GET', '/api/admin/models', { token: admin.token })).body.find((model) => model.model_id === id);
  const stored = () => server.database.handle.db.selectFrom('model_prices').selectAll().where('model_id', '=', modelId).execute();

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'prices-test-secret-0123456789abcdefghijklm' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'priced-model', provider_name: 'groq' } });
    modelId = created.body.model_id as string;
  });
  afterAll(() => server.close());

  it('sets, shows, replaces and clears a price', async () => {
    expect((await listed(modelId))?.price).toBeNull();

    const set = await api<Row>('PUT', `/api/admin/models/${modelId}/price`, { token: admin.token, body: { input_per_million: 0.59, output_per_million: 0.79 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ model_id: modelId, input_per_million: 0.59, output_per_million: 0.79, currency: 'USD', updated_by: admin.user_id });
    expect((await listed(modelId))?.price).toEqual(set.body);

    const replaced = await api<Row>('PUT', `/api/admin/models/${modelId}/price`, { token: admin.token, body: { input_per_million: 0, output_per_million: 12.5, currency: 'EUR' } });
    expect(replaced.body).toMatchObject({ input_per_million: 0, output_per_million: 12.5, currency: 'EUR' });
    expect(await stored()).toHaveLength(1);

    expect((await api('DELETE', `/api/admin/models/${modelId}/price`, { token: admin.token })).status).toBe(204);
    expect((await listed(modelId))?.price).toBeNull();
    const again = await api<Row>('DELETE', `/api/admin/models/${modelId}/price`, { token: admin.token });
    expect(again.status).toBe(404);
  });

  it.each([
    ['a negative price', { input_per_million: -1, output_per_million: 1 }, /^input_per_million: /],
    ['a price given as text', { input_per_million: 1, output_per_million: '2' }, /^output_per_million: /],
    ['a missing output price', { input_per_million: 1 }, /^output_per_million: /],
    ['an absurd price', { input_per_million: 1, output_per_million: 2_000_000 }, /^output_per_million: /],
    ['a lower-case currency', { input_per_million: 1, output_per_million: 2, currency: 'usd' }, /^currency: must be a three-letter ISO 4217 code/],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, body, message) => {
    const response = await api<{ error: { code: string; message: string } }>('PUT', `/api/admin/models/${modelId}/price`, { token: admin.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(await stored()).toEqual([]);
  });

  it('refuses an infinite price (1e999 in JSON) and a non-numeric one', async () => {
    for (const raw of ['{"input_per_million": 1e999, "output_per_million": 1}', '{"input_per_million": NaN, "output_per_million": 1}']) {
      const response = await api<{ error: { message: string } }>('PUT', `/api/admin/models/${modelId}/price`, { token: admin.token, body: raw });
      expect(response.status).toBe(400);
    }
    expect(await stored()).toEqual([]);
  });

  it('answers 404 for a model that does not exist and 400 for an id that is not one', async () => {
    expect((await api('PUT', `/api/admin/models/${randomUUID()}/price`, { token: admin.token, body: { input_per_million: 1, output_per_million: 1 } })).status).toBe(404);
    expect((await api('DELETE', `/api/admin/models/${randomUUID()}/price`, { token: admin.token })).status).toBe(404);
    expect((await api('PUT', '/api/admin/models/not-a-uuid/price', { token: admin.token, body: { input_per_million: 1, output_per_million: 1 } })).status).toBe(400);
  });

  it('goes with its model when the model is deleted', async () => {
    const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'short-lived', provider_name: 'groq' } });
    const id = created.body.model_id as string;
    await api('PUT', `/api/admin/models/${id}/price`, { token: admin.token, body: { input_per_million: 1, output_per_million: 2 } });
    expect((await api('DELETE', `/api/admin/models/${id}`, { token: admin.token })).status).toBe(204);
    expect(await server.database.handle.db.selectFrom('model_prices').selectAll().where('model_id', '=', id).execute()).toEqual([]);
  });
});
