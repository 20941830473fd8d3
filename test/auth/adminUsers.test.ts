import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSync } from '../../src/auth/users.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

interface UserBody {
  user_id: string;
  email: string;
  role: string;
  last_login_at: string | null;
}

describe.each(DATABASE_KINDS)('users and roles on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  const tokens: Record<'admin' | 'user' | 'other', string> = { admin: '', user: '', other: '' };
  const ids: Record<'admin' | 'user' | 'other', string> = { admin: '', user: '', other: '' };

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'admin-users-test-secret-0123456789abcdef' });
    api = apiClient(server.url);
    for (const name of ['admin', 'user', 'other'] as const) {
      const session = await signUp(api, name);
      tokens[name] = session.token;
      ids[name] = session.user_id;
    }
  });
  afterAll(() => server.close());

  describe('authorization matrix', () => {
    const routes = () =>
      [
        ['GET', '/api/me', undefined, { anonymous: 401, user: 200, admin: 200 }],
        ['GET', '/api/admin/users', undefined, { anonymous: 401, user: 403, admin: 200 }],
        ['PATCH', `/api/admin/users/${ids.other}`, { role: 'user' }, { anonymous: 401, user: 403, admin: 200 }],
        ['POST', '/api/auth/login', { email: 'user@example.com', password: 'password-user' }, { anonymous: 200, user: 200, admin: 200 }],
      ] as const;

    it.each(['anonymous', 'user', 'admin'] as const)('as %s', async (caller) => {
      for (const [method, route, body, expected] of routes()) {
        const token = caller === 'anonymous' ? undefined : tokens[caller];
        const response = await api(method, route, { token, body });
        expect([method, route, response.status]).toEqual([method, route, expected[caller]]);
      }
    });
  });

  it('lists users newest first, paged and searchable by email', async () => {
    const page = await api<{ users: UserBody[]; total: number }>('GET', '/api/admin/users?limit=2', { token: tokens.admin });
    expect(page.body.total).toBe(3);
    expect(page.body.users.map((user) => user.email)).toEqual(['other@example.com', 'user@example.com']);
    const next = await api<{ users: UserBody[] }>('GET', '/api/admin/users?limit=2&offset=2', { token: tokens.admin });
    expect(next.body.users.map((user) => user.email)).toEqual(['admin@example.com']);
    const search = await api<{ users: UserBody[]; total: number }>('GET', '/api/admin/users?query=OTH', { token: tokens.admin });
    expect(search.body).toMatchObject({ total: 1, users: [{ email: 'other@example.com' }] });
    const wildcard = await api<{ total: number }>('GET', '/api/admin/users?query=%25', { token: tokens.admin });
    expect(wildcard.body.total).toBe(0);
    const bad = await api<{ error: { message: string } }>('GET', '/api/admin/users?limit=0', { token: tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^limit: /);
  });

  it('promotes and demotes, and the new role applies to the next request at once', async () => {
    const promote = await api<UserBody>('PATCH', `/api/admin/users/${ids.user}`, { token: tokens.admin, body: { role: 'admin' } });
    expect(promote.status).toBe(200);
    expect(promote.body.role).toBe('admin');
    expect((await api('GET', '/api/admin/users', { token: tokens.user })).status).toBe(200);
    await api('PATCH', `/api/admin/users/${ids.user}`, { token: tokens.admin, body: { role: 'user' } });
    expect((await api('GET', '/api/admin/users', { token: tokens.user })).status).toBe(403);
  });

  it('refuses to demote the last admin (409), an unknown user (404) and an unknown role (400)', async () => {
    const last = await api<{ error: { code: string } }>('PATCH', `/api/admin/users/${ids.admin}`, { token: tokens.admin, body: { role: 'user' } });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('conflict');
    expect((await api('GET', '/api/admin/users', { token: tokens.admin })).status).toBe(200);
    const missing = await api('PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { token: tokens.admin, body: { role: 'user' } });
    expect(missing.status).toBe(404);
    expect((await api('PATCH', `/api/admin/users/${ids.user}`, { token: tokens.admin, body: { role: 'owner' } })).status).toBe(400);
    expect((await api('PATCH', '/api/admin/users/not-a-uuid', { token: tokens.admin, body: { role: 'user' } })).status).toBe(400);
  });

  it('lets two admins not demote each other at once below one admin', async () => {
    await api('PATCH', `/api/admin/users/${ids.other}`, { token: tokens.admin, body: { role: 'admin' } });
    const [a, b] = await Promise.all([
      api('PATCH', `/api/admin/users/${ids.other}`, { token: tokens.admin, body: { role: 'user' } }),
      api('PATCH', `/api/admin/users/${ids.admin}`, { token: tokens.other, body: { role: 'user' } }),
    ]);
    // One wins. The other is refused either as the last admin (409) or, when the winner's change
    // landed before its own request was authorised, as no longer an admin (403).
    const [won, refused] = [a.status, b.status].sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(refused);
    const admins = await server.database.handle.db.selectFrom('users').select('user_id').where('role', '=', 'admin').execute();
    expect(admins).toHaveLength(1);
  });

  it('writes last_login_at at most once per refresh interval, and costs no query while warm', async () => {
    let now = Date.now();
    const sync = new UserSync(server.database.handle.db, [], 60_000, () => now);
    const identity = { sub: ids.other, email: 'other@example.com', full_name: null };
    const lastLogin = async () =>
      (await server.database.handle.db.selectFrom('users').select('last_login_at').where('user_id', '=', ids.other).executeTakeFirstOrThrow())
        .last_login_at;
    await sync.ensureUserExists(identity);
    const first = await lastLogin();
    await new Promise((resolve) => setTimeout(resolve, 20));
    now += 30_000;
    await sync.ensureUserExists(identity);
    expect(await lastLogin()).toEqual(first);
    now += 31_000;
    await sync.ensureUserExists(identity);
    expect((await lastLogin())?.getTime()).toBeGreaterThan(first?.getTime() ?? Infinity);
  });
});
