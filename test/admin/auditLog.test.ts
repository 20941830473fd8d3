import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

interface Entry {
  entry_id: string;
  created_at: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_kind: string;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target: string | null;
  status: number | null;
  details: Record<string, any>;
}

const MUTATING = ['post', 'put', 'patch', 'delete'];

describe.each(DATABASE_KINDS)('the admin audit log on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let user: SignedUp;

  const entryCount = async () => Number((await server.database.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const latest = async (): Promise<Entry> => {
    const page = await api<{ entries: Entry[] }>('GET', '/api/admin/audit?limit=1', { token: admin.token });
    expect(page.status).toBe(200);
    return page.body.entries[0] as Entry;
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'audit-log-test-secret-0123456789abcdefghij' });
    api = apiClient(server.url);
    admin = await signUp(api, 'audit-admin');
    user = await signUp(api, 'audit-user');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('writes exactly one entry for every mutating admin route of the OpenAPI document, whatever its answer', async () => {
    const document = await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    const routes = Object.entries(document.body.paths)
      .filter(([route]) => route.startsWith('/api/admin/'))
      .flatMap(([route, methods]) => Object.keys(methods).filter((method) => MUTATING.includes(method)).map((method) => ({ method: method.toUpperCase(), route })));
    // The walk must cover what exists today at least: providers, keys, models, settings, users, imports.
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const { method, route } of routes) {
      // Placeholders that name nothing: each route answers (404, 400, 409...) without changing the lab.
      const path = route.replace(/\{(\w+)\}/g, (_match, name: string) => (/id$/i.test(name) ? randomUUID() : `audit-walk-${name}`));
      const before = await entryCount();
      const response = await api(method, path, { token: admin.token, body: {} });
      expect({ route, method, status: response.status < 500 }).toEqual({ route, method, status: true });
      expect({ route, method, added: (await entryCount()) - before }).toEqual({ route, method, added: 1 });
      const entry = await latest();
      expect(entry).toMatchObject({ actor_id: admin.user_id, actor_email: 'audit-admin@example.com', actor_kind: 'user', method, route, status: response.status });
      expect(entry.ip).toMatch(/127\.0\.0\.1/);
    }
  });

  it('writes nothing for reads, for non-admins and for anonymous callers', async () => {
    const before = await entryCount();
    expect((await api('GET', '/api/admin/providers', { token: admin.token })).status).toBe(200);
    expect((await api('POST', '/api/admin/providers', { token: user.token, body: { provider_name: 'nope' } })).status).toBe(403);
    expect((await api('DELETE', '/api/admin/keys/00000000-0000-4000-8000-000000000000')).status).toBe(401);
    expect(await entryCount()).toBe(before);
  });

  it('records keys by their mask only, never the key, and what each action changed', async () => {
    const plaintext = `gsk_dualmind-test-audit-${randomUUID()}`;
    const added = await api<{ key_id: string; display_mask: string }>('POST', '/api/admin/providers/groq/keys', { token: admin.token, body: { api_key: plaintext } });
    expect(added.status).toBe(201);
    const addEntry = await latest();
    expect(addEntry).toMatchObject({ action: 'providers.keys.create', target: 'groq', status: 201 });
    expect(addEntry.details).toEqual({ request: { api_key: '[redacted]' }, result: { key_id: added.body.key_id, provider_name: 'groq', display_mask: added.body.display_mask, is_active: true } });

    expect((await api('PATCH', `/api/admin/keys/${added.body.key_id}`, { token: admin.token, body: { is_active: false } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'keys.update', target: added.body.key_id, details: { request: { is_active: false }, result: { display_mask: added.body.display_mask, is_active: false } } });

    expect((await api('DELETE', `/api/admin/keys/${added.body.key_id}`, { token: admin.token })).status).toBe(204);
    expect(await latest()).toMatchObject({ action: 'keys.delete', target: added.body.key_id, status: 204, details: { result: { provider_name: 'groq', display_mask: added.body.display_mask } } });

    expect((await api('PUT', '/api/admin/settings/max_prompt_chars', { token: admin.token, body: { value: '1234' } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'settings.set', target: 'max_prompt_chars', details: { request: { value: '1234' }, result: { key: 'max_prompt_chars', value: '1234' } } });

    expect((await api('PATCH', `/api/admin/users/${user.user_id}`, { token: admin.token, body: { role: 'user' } })).status).toBe(200);
    expect(await latest()).toMatchObject({ action: 'users.update', target: user.user_id, details: { result: { email: 'audit-user@example.com', role: 'user' } } });

    const everything = await server.database.handle.db.selectFrom('audit_log').select(sql<string>`audit_log::text`.as('row')).execute();
    expect(everything.filter((row) => row.row.includes(plaintext))).toEqual([]);
  });

  it('keeps a refused action too, with its status', async () => {
    const response = await api('PATCH', `/api/admin/users/${admin.user_id}`, { token: admin.token, body: { role: 'user' } });
    expect(response.status).toBe(409);
    expect(await latest()).toMatchObject({ action: 'users.update', target: admin.user_id, status: 409, details: { request: { role: 'user' } } });
  });

  it('bounds and cleans what it keeps of a hostile body', async () => {
    const body = { value: `a\u0000b${'x'.repeat(5000)}`, nested: { deeper: { deepest: { bottom: 1 } } }, list: Array.from({ length: 50 }, (_, index) => index), password: 'hunter2hunter2' };
    expect((await api('PUT', '/api/admin/settings/audit_probe', { token: admin.token, body })).status).toBeLessThan(500);
    const entry = await latest();
    const request = entry.details.request as Record<string, any>;
    expect(request.value).toBe(`a\ufffdb${'x'.repeat(197)}…`);
    expect(request.nested).toEqual({ deeper: { deepest: '…' } });
    expect(request.list).toHaveLength(11);
    expect(request.password).toBe('[redacted]');
  });

  it('lists newest first, filtered by actor, action and time, paged', async () => {
    const start = new Date().toISOString();
    for (const name of ['audit-p1', 'audit-p2', 'audit-p3']) {
      expect((await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: `${name}-${kind}` } })).status).toBe(201);
    }
    const created = await api<{ entries: Entry[]; total: number }>('GET', `/api/admin/audit?action=providers.create&since=${encodeURIComponent(start)}`, { token: admin.token });
    expect(created.status).toBe(200);
    expect(created.body.total).toBe(3);
    expect(created.body.entries.map((entry) => entry.details.request.provider_name)).toEqual([`audit-p3-${kind}`, `audit-p2-${kind}`, `audit-p1-${kind}`]);

    const paged = await api<{ entries: Entry[]; total: number }>('GET', `/api/admin/audit?action=providers&since=${encodeURIComponent(start)}&limit=2&offset=2`, { token: admin.token });
    expect(paged.body.total).toBe(3);
    expect(paged.body.entries.map((entry) => entry.details.request.provider_name)).toEqual([`audit-p1-${kind}`]);

    const byEmail = await api<{ entries: Entry[]; total: number }>('GET', '/api/admin/audit?actor=AUDIT-ADMIN&limit=200', { token: admin.token });
    const byId = await api<{ entries: Entry[]; total: number }>('GET', `/api/admin/audit?actor=${admin.user_id}&limit=200`, { token: admin.token });
    expect(byEmail.body.total).toBeGreaterThan(3);
    expect(byId.body.total).toBe(byEmail.body.total);
    expect((await api<{ total: number }>('GET', `/api/admin/audit?actor=${user.user_id}`, { token: admin.token })).body.total).toBe(0);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api<{ total: number }>('GET', `/api/admin/audit?since=${encodeURIComponent(future)}`, { token: admin.token })).body.total).toBe(0);
    // since and until split the log at one instant: every entry falls on exactly one side.
    const total = async (query: string) => (await api<{ total: number }>('GET', `/api/admin/audit?action=providers.create${query}`, { token: admin.token })).body.total;
    expect((await total(`&until=${encodeURIComponent(start)}`)) + 3).toBe(await total(''));
  });

  it('refuses bad filters with a 400 naming the field, and non-admins with 403', async () => {
    const since = await api<{ error: { message: string } }>('GET', '/api/admin/audit?since=yesterday', { token: admin.token });
    expect(since.status).toBe(400);
    expect(since.body.error.message).toMatch(/^since: /);
    const action = await api<{ error: { message: string } }>('GET', `/api/admin/audit?action=${encodeURIComponent("x' OR 1=1")}`, { token: admin.token });
    expect(action.status).toBe(400);
    expect(action.body.error.message).toMatch(/^action: /);
    expect((await api('GET', '/api/admin/audit?limit=0', { token: admin.token })).status).toBe(400);
    expect((await api('GET', '/api/admin/audit', { token: user.token })).status).toBe(403);
    expect((await api('GET', '/api/admin/audit')).status).toBe(401);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE fail in the database itself', async () => {
    const { db } = server.database.handle;
    const before = await db.selectFrom('audit_log').selectAll().orderBy('entry_id').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(db)).rejects.toThrow(/audit_log is append-only: UPDATE is refused/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/audit_log is append-only: DELETE is refused/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/audit_log is append-only: TRUNCATE is refused/);
    expect(await db.selectFrom('audit_log').selectAll().orderBy('entry_id').execute()).toEqual(before);
  });
});
