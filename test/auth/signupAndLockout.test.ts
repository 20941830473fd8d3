import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type ApiResponse, type TestServer } from '../helpers/testServer.js';
import { logIn, signUp, type SignedUp } from '../helpers/users.js';

type ErrorBody = { error: { code: string; message: string } };

/** Requests "from" an address: the server trusts X-Forwarded-For (TRUST_PROXY=true), as behind nginx. */
const from = (address: string) => ({ 'x-forwarded-for': address });

describe.each(DATABASE_KINDS)('sign-up and login abuse on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;

  const signUpFrom = (address: string, body: Record<string, unknown>) => api<ErrorBody & { message?: string }>('POST', '/api/auth/signup', { body, headers: from(address) });
  const logInFrom = (address: string, email: string, password: string) =>
    api<ErrorBody & { access_token?: string }>('POST', '/api/auth/login', { body: { email, password }, headers: from(address) });
  const setting = (key: string, value: string) => api('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } });
  /** Everything a client sees of an answer but the headers that differ on every request. */
  const visible = (response: ApiResponse<unknown>) => ({
    status: response.status,
    body: response.body,
    headers: [...response.headers].filter(([name]) => !['date', 'x-request-id'].includes(name)),
  });

  beforeAll(async () => {
    server = await startTestServer(kind, {
      JWT_SECRET: 'signup-lockout-test-secret-0123456789abcdef',
      TRUST_PROXY: 'true',
      SIGNUP_MAX_PER_IP: '5',
      LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP: '10',
      LOGIN_MAX_ATTEMPTS_PER_EMAIL: '20',
    });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
  });
  afterAll(() => server.close());

  it('a stranger’s ten wrong passwords from one address do not lock the owner out from another', async () => {
    await signUpFrom('198.51.100.2', { email: 'owner@example.com', password: 'owner-password' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) statuses.push((await logInFrom('203.0.113.7', 'owner@example.com', `guess-${attempt}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const refused = await logInFrom('203.0.113.7', 'owner@example.com', 'owner-password');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const owner = await logInFrom('198.51.100.2', 'owner@example.com', 'owner-password');
    expect(owner.status).toBe(200);
    expect(owner.body.access_token).toBeTruthy();
  });

  it('past the wider per-email limit, refuses the addresses that failed and still admits a fresh one', async () => {
    await signUpFrom('198.51.100.3', { email: 'target@example.com', password: 'target-password' });
    // Twenty failures from four addresses (five each, under the pair limit) reach the email's limit.
    for (let index = 0; index < 20; index++) expect((await logInFrom(`203.0.113.${20 + (index % 4)}`, 'target@example.com', 'wrong')).status).toBe(401);
    expect((await logInFrom('203.0.113.20', 'target@example.com', 'wrong')).status).toBe(429);
    expect((await logInFrom('203.0.113.20', 'target@example.com', 'target-password')).status).toBe(429);
    // The owner, from an address that has not failed, gets in.
    expect((await logInFrom('198.51.100.3', 'target@example.com', 'target-password')).status).toBe(200);
  });

  it('answers a sign-up with a taken email exactly as one with a new email, and creates nothing', async () => {
    await signUpFrom('192.0.2.10', { email: 'taken@example.com', password: 'first-password' });
    const users = async () => (await server.database.handle.db.selectFrom('users').select('email').execute()).length;
    const before = await users();
    const taken = await signUpFrom('192.0.2.11', { email: 'Taken@Example.com', password: 'second-password' });
    expect(await users()).toBe(before);
    const fresh = await signUpFrom('192.0.2.11', { email: 'fresh@example.com', password: 'second-password' });
    expect(await users()).toBe(before + 1);
    expect(visible(taken)).toEqual(visible(fresh));
    expect(taken.status).toBe(201);
    // The taken account keeps its password; the new one works.
    expect((await logInFrom('192.0.2.10', 'taken@example.com', 'first-password')).status).toBe(200);
    expect((await logInFrom('192.0.2.11', 'fresh@example.com', 'second-password')).status).toBe(200);
  });

  it('limits sign-ups per address with 429 and Retry-After, taken emails included', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await signUpFrom('192.0.2.50', { email: `flood${index % 2}@example.com`, password: 'flood-password' })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const refused = await signUpFrom('192.0.2.50', { email: 'flood9@example.com', password: 'flood-password' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    const flooded = await server.database.handle.db.selectFrom('users').select('email').where('email', 'like', 'flood%').execute();
    expect(flooded).toHaveLength(2);
    // Another address is not affected.
    expect((await signUpFrom('192.0.2.51', { email: 'calm@example.com', password: 'calm-password' })).status).toBe(201);
  });

  it('closes sign-up with signup_enabled (and its old name signup_open)', async () => {
    expect((await setting('signup_enabled', 'false')).status).toBe(200);
    const closed = await signUpFrom('192.0.2.60', { email: 'late@example.com', password: 'late-password' });
    expect(closed.status).toBe(403);
    expect(closed.body.error.message).toMatch(/signup_enabled/);
    expect((await api<{ signup_enabled: boolean }>('GET', '/api/settings')).body.signup_enabled).toBe(false);

    const legacy = await setting('signup_open', 'true');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ key: 'signup_enabled', value: 'true' });
    expect((await signUpFrom('192.0.2.60', { email: 'late@example.com', password: 'late-password' })).status).toBe(201);
  });

  it('in invite-only mode, signs up with a valid invite only, and uses it up', async () => {
    expect((await setting('signup_invite_only', 'true')).status).toBe(200);
    const none = await signUpFrom('192.0.2.70', { email: 'guest@example.com', password: 'guest-password' });
    expect(none.status).toBe(403);
    expect(none.body.error.message).toMatch(/^invite_code: /);

    const user = await logIn(api, 'fresh@example.com', 'second-password');
    expect((await api('POST', '/api/admin/invites', { token: user.token, body: {} })).status).toBe(403);
    const created = await api<{ invite_id: string; code: string; signup_path: string; status: string; max_uses: number }>('POST', '/api/admin/invites', {
      token: admin.token,
      body: { note: 'For Grace', max_uses: 1, expires_in_days: 3 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', max_uses: 1 });
    expect(created.body.signup_path).toBe(`/signup?invite=${created.body.code}`);
    const stored = await server.database.handle.db.selectFrom('signup_invites').selectAll().where('invite_id', '=', created.body.invite_id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.body.code);

    const wrong = await signUpFrom('192.0.2.70', { email: 'guest@example.com', password: 'guest-password', invite_code: `${created.body.code}x` });
    expect(wrong.status).toBe(403);
    const invited = await signUpFrom('192.0.2.70', { email: 'guest@example.com', password: 'guest-password', invite_code: created.body.code });
    expect(invited.status).toBe(201);
    expect((await logInFrom('192.0.2.70', 'guest@example.com', 'guest-password')).status).toBe(200);
    const again = await signUpFrom('192.0.2.71', { email: 'guest2@example.com', password: 'guest-password', invite_code: created.body.code });
    expect(again.status).toBe(403);

    const revocable = await api<{ invite_id: string; code: string }>('POST', '/api/admin/invites', { token: admin.token });
    expect((await api('DELETE', `/api/admin/invites/${revocable.body.invite_id}`, { token: admin.token })).status).toBe(200);
    expect((await signUpFrom('192.0.2.71', { email: 'guest3@example.com', password: 'guest-password', invite_code: revocable.body.code })).status).toBe(403);

    const list = await api<Array<{ invite_id: string; status: string; uses: number }>>('GET', '/api/admin/invites', { token: admin.token });
    const byId = new Map(list.body.map((invite) => [invite.invite_id, invite]));
    expect(byId.get(created.body.invite_id)).toMatchObject({ status: 'used_up', uses: 1 });
    expect(byId.get(revocable.body.invite_id)).toMatchObject({ status: 'revoked', uses: 0 });
    expect((await api('DELETE', '/api/admin/invites/00000000-0000-4000-8000-000000000000', { token: admin.token })).status).toBe(404);
    expect((await api('POST', '/api/admin/invites', { token: admin.token, body: { max_uses: 0 } })).status).toBe(400);
    await setting('signup_invite_only', 'false');
  });
});
