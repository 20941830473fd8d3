import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSync } from '../../src/auth/users.js';
import { localTokenVerifier } from '../../src/auth/tokens.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

const JWT_SECRET = 'accounts-test-secret-0123456789abcdefghijk';
type Row = Record<string, any>;

describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let models: string[];

  const db = () => server.database.handle.db;

  /** A user's activity: threads with single chats, dual chats (every other one voted), a private note thread. */
  async function activity(user: SignedUp, label: string): Promise<{ voted: string[]; unvoted: string[] }> {
    const voted: string[] = [];
    const unvoted: string[] = [];
    for (let index = 0; index < 4; index++) {
      const battle = await api<{ comparison_id: string }>('POST', '/api/comparisons', { token: user.token, body: { prompt: `${label} battle ${index}`, model1_id: models[0], model2_id: models[1] } });
      expect(battle.status).toBe(201);
      if (index % 2 === 0) {
        expect((await api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: user.token, body: { winner: index === 0 ? 'model1' : 'tie' } })).status).toBe(201);
        voted.push(battle.body.comparison_id);
      } else {
        unvoted.push(battle.body.comparison_id);
      }
    }
    const thread = await api<{ thread_id: string }>('POST', '/api/threads', { token: user.token, body: { title: `${label} notes` } });
    expect((await api('POST', `/api/threads/${thread.body.thread_id}/messages`, { token: user.token, body: { prompt: `${label} single chat`, model_id: models[0] } })).status).toBe(201);
    return { voted, unvoted };
  }

  /** Every row that belongs to a user, by table, as JSON text (for before/after comparisons). */
  async function rowsOf(userId: string) {
    const threads = await db().selectFrom('threads').selectAll().where('user_id', '=', userId).orderBy('thread_id').execute();
    const messages = await db()
      .selectFrom('thread_messages')
      .selectAll()
      .where('thread_id', 'in', db().selectFrom('threads').select('thread_id').where('user_id', '=', userId))
      .orderBy('message_id')
      .execute();
    const comparisons = await db().selectFrom('comparisons').selectAll().where('user_id', '=', userId).orderBy('comparison_id').execute();
    const votes = await db().selectFrom('model_votes').selectAll().where('user_id', '=', userId).orderBy('vote_id').execute();
    return { threads, messages, comparisons, votes };
  }

  const leaderboard = async (query: string) => {
    const response = await api<{ models: Row[]; votes: number }>('GET', `/api/leaderboard?${query}`, { token: admin.token });
    expect(response.status).toBe(200);
    return { votes: response.body.votes, models: response.body.models };
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET, DEMO_DELAY_MS: '0', CHAT_RATE_LIMIT_PER_MINUTE: '100000', LEADERBOARD_BOOTSTRAP_ROUNDS: '50' });
    api = apiClient(server.url);
    admin = await signUp(api, 'acc-admin');
    const listed = await api<Row[]>('GET', '/api/models');
    models = ['demo-concise', 'demo-detailed'].map((name) => listed.body.find((model) => model.model_name === name)?.model_id as string);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes an account: its threads and messages go, its votes stay anonymous, the leaderboard does not move, nobody else is touched', async () => {
    const bob = await signUp(api, `acc-bob-${kind}`);
    const carol = await signUp(api, `acc-carol-${kind}`);
    const bobs = await activity(bob, 'Bob');
    await activity(carol, 'Carol');
    const carolBefore = await rowsOf(carol.user_id);
    const boards = ['method=bt', 'method=elo', 'method=bt&blind=false'];
    const before = await Promise.all(boards.map(leaderboard));
    const votesBefore = await db().selectFrom('model_votes').selectAll().orderBy('vote_id').execute();
    const pairCountsBefore = await db().selectFrom('vote_pair_counts').selectAll().orderBy('model_a').orderBy('model_b').orderBy('outcome').orderBy('blind').orderBy('failed').execute();

    const deleted = await api<Row>('DELETE', '/api/me', { token: bob.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ user_id: bob.user_id, email: `acc-bob-${kind}@example.com`, threads: 5, messages: 5, comparisons_deleted: 2, comparisons_kept: 2, votes_kept: 2 });

    // Bob's rows are gone; what feeds the leaderboard stays, linked to nobody.
    expect(await rowsOf(bob.user_id)).toEqual({ threads: [], messages: [], comparisons: [], votes: [] });
    expect(await db().selectFrom('users').select('user_id').where('user_id', '=', bob.user_id).execute()).toEqual([]);
    expect(await db().selectFrom('local_credentials').select('user_id').where('user_id', '=', bob.user_id).execute()).toEqual([]);
    expect(await db().selectFrom('comparisons').select('comparison_id').where('comparison_id', 'in', bobs.unvoted).execute()).toEqual([]);
    const kept = await db().selectFrom('comparisons').select(['comparison_id', 'user_id']).where('comparison_id', 'in', bobs.voted).execute();
    expect(kept.map((row) => row.user_id)).toEqual([null, null]);
    const votesAfter = await db().selectFrom('model_votes').selectAll().orderBy('vote_id').execute();
    expect(votesAfter).toEqual(votesBefore.map((vote) => (vote.user_id === bob.user_id ? { ...vote, user_id: null } : vote)));
    expect(await db().selectFrom('vote_pair_counts').selectAll().orderBy('model_a').orderBy('model_b').orderBy('outcome').orderBy('blind').orderBy('failed').execute()).toEqual(pairCountsBefore);
    expect(await Promise.all(boards.map(leaderboard))).toEqual(before);
    expect(await rowsOf(carol.user_id)).toEqual(carolBefore);

    // Bob's token, still unexpired, is refused at once and does not bring the account back.
    const me = await api<{ error: { message: string } }>('GET', '/api/me', { token: bob.token });
    expect(me.status).toBe(401);
    expect(me.body.error.message).toBe('This account has been deleted');
    // Nor on another instance, whose cache never knew Bob.
    const elsewhere = new UserSync(db(), []);
    const identity = await localTokenVerifier(JWT_SECRET).verify(bob.token);
    await expect(elsewhere.ensureUserExists(identity)).rejects.toThrow('This account has been deleted');
    expect(await db().selectFrom('users').select('user_id').where('user_id', '=', bob.user_id).execute()).toEqual([]);
    expect((await api('POST', '/api/auth/login', { body: { email: `acc-bob-${kind}@example.com`, password: `password-acc-bob-${kind}` } })).status).toBe(401);
  });

  it('exports exactly the caller’s rows', async () => {
    const dave = await signUp(api, `acc-dave-${kind}`);
    const erin = await signUp(api, `acc-erin-${kind}`);
    await activity(dave, 'Dave');
    await activity(erin, 'Erin');
    const response = await api<Row>('GET', '/api/me/export', { token: dave.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="dualmind-account-\d{4}-\d{2}-\d{2}\.json"$/);
    const exported = response.body;
    expect(exported).toMatchObject({ format: 'dualmind-account-export', version: 1, user: { user_id: dave.user_id, email: `acc-dave-${kind}@example.com` }, local_account: { email: `acc-dave-${kind}@example.com` } });
    const mine = JSON.parse(JSON.stringify(await rowsOf(dave.user_id)));
    const byId = (rows: Row[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
    expect(byId(exported.threads, 'thread_id')).toEqual(mine.threads);
    expect(byId(exported.messages, 'message_id')).toEqual(mine.messages);
    expect(byId(exported.comparisons, 'comparison_id')).toEqual(mine.comparisons);
    expect(byId(exported.votes, 'vote_id')).toEqual(mine.votes);
    expect(exported.threads).toHaveLength(5);
    expect(exported.votes).toHaveLength(2);
    expect(exported.admin_actions).toEqual([]);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('Erin');
    expect(text).not.toContain(erin.user_id);
    expect(text).not.toMatch(/password_hash|\$argon2/);
    expect((await api('GET', '/api/me/export')).status).toBe(401);
  });

  it('keeps the last admin: neither route deletes them, until another admin exists', async () => {
    const last = await api<{ error: { message: string } }>('DELETE', '/api/me', { token: admin.token });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toBe('Cannot delete the last admin: make another user admin first');
    expect((await api('DELETE', `/api/admin/users/${admin.user_id}`, { token: admin.token })).status).toBe(409);
    expect((await api('DELETE', `/api/admin/users/${randomUUID()}`, { token: admin.token })).status).toBe(404);
    expect((await api('DELETE', '/api/admin/users/not-a-uuid', { token: admin.token })).status).toBe(400);

    const frank = await signUp(api, `acc-frank-${kind}`);
    expect((await api('DELETE', `/api/admin/users/${frank.user_id}`, { token: frank.token })).status).toBe(403);
    const removed = await api<Row>('DELETE', `/api/admin/users/${frank.user_id}`, { token: admin.token });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ user_id: frank.user_id, threads: 0 });
    expect((await api('GET', '/api/me', { token: frank.token })).status).toBe(401);
  });

  it('disables an account: its tokens stop at once, its data stays, and enabling it does not revive old tokens', async () => {
    const gina = await signUp(api, `acc-gina-${kind}`);
    await activity(gina, 'Gina');
    const ginaBefore = await rowsOf(gina.user_id);
    const disabled = await api<Row>('PATCH', `/api/admin/users/${gina.user_id}`, { token: admin.token, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled_at).toEqual(expect.any(String));

    const refused = await api<{ error: { message: string } }>('GET', '/api/threads', { token: gina.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('This account has been disabled by an admin');
    const login = await api<{ error: { message: string } }>('POST', '/api/auth/login', { body: { email: `acc-gina-${kind}@example.com`, password: `password-acc-gina-${kind}` } });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toBe('This account has been disabled by an admin');
    const wrong = await api<{ error: { message: string } }>('POST', '/api/auth/login', { body: { email: `acc-gina-${kind}@example.com`, password: 'not-her-password' } });
    expect(wrong.body.error.message).toBe('Email or password is incorrect');
    expect(await rowsOf(gina.user_id)).toEqual(ginaBefore);

    expect((await api<Row>('PATCH', `/api/admin/users/${gina.user_id}`, { token: admin.token, body: { disabled: false } })).body.disabled_at).toBeNull();
    expect((await api('GET', '/api/threads', { token: gina.token })).status).toBe(401);
    const again = await api<{ access_token: string }>('POST', '/api/auth/login', { body: { email: `acc-gina-${kind}@example.com`, password: `password-acc-gina-${kind}` } });
    expect(again.status).toBe(200);
    expect((await api('GET', '/api/threads', { token: again.body.access_token })).status).toBe(200);
  });

  it('makes another instance see a disabled account within its cache window', async () => {
    const hank = await signUp(api, `acc-hank-${kind}`);
    let now = Date.now();
    const other = new UserSync(db(), [], 60_000, () => now);
    const identity = await localTokenVerifier(JWT_SECRET).verify(hank.token);
    await other.ensureUserExists(identity);
    expect((await api('PATCH', `/api/admin/users/${hank.user_id}`, { token: admin.token, body: { disabled: true } })).status).toBe(200);
    // Still cached there, as any role change would be...
    await expect(other.ensureUserExists(identity)).resolves.toMatchObject({ user_id: hank.user_id });
    now += 60_001;
    // ...and refused once the window has passed, without touching the row.
    const loginBefore = (await db().selectFrom('users').select('last_login_at').where('user_id', '=', hank.user_id).executeTakeFirstOrThrow()).last_login_at;
    await expect(other.ensureUserExists(identity)).rejects.toThrow('This account has been disabled by an admin');
    expect((await db().selectFrom('users').select('last_login_at').where('user_id', '=', hank.user_id).executeTakeFirstOrThrow()).last_login_at).toEqual(loginBefore);
  });

  it('refuses to disable oneself or the last admin, and validates the change', async () => {
    const self = await api<{ error: { message: string } }>('PATCH', `/api/admin/users/${admin.user_id}`, { token: admin.token, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('You cannot disable your own account');
    const empty = await api<{ error: { message: string } }>('PATCH', `/api/admin/users/${admin.user_id}`, { token: admin.token, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('role: is required unless disabled is given');
    const bad = await api<{ error: { message: string } }>('PATCH', `/api/admin/users/${admin.user_id}`, { token: admin.token, body: { disabled: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^disabled: /);
  });

  it('changes a password: the current one is required, and every other session is signed out', async () => {
    const ivan = await signUp(api, `acc-ivan-${kind}`);
    const second = await api<{ access_token: string }>('POST', '/api/auth/login', { body: { email: `acc-ivan-${kind}@example.com`, password: `password-acc-ivan-${kind}` } });
    const wrong = await api<{ error: { message: string } }>('POST', '/api/me/password', { token: ivan.token, body: { current_password: 'nope-nope', new_password: 'brand-new-password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^current_password: /);
    const short = await api<{ error: { message: string } }>('POST', '/api/me/password', { token: ivan.token, body: { current_password: `password-acc-ivan-${kind}`, new_password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/^new_password: /);

    const changed = await api<{ access_token: string }>('POST', '/api/me/password', { token: ivan.token, body: { current_password: `password-acc-ivan-${kind}`, new_password: 'brand-new-password' } });
    expect(changed.status).toBe(200);
    for (const old of [ivan.token, second.body.access_token]) {
      const response = await api<{ error: { message: string } }>('GET', '/api/me', { token: old });
      expect(response.status).toBe(401);
      expect(response.body.error.message).toMatch(/^This session has ended/);
    }
    expect((await api('GET', '/api/me', { token: changed.body.access_token })).status).toBe(200);
    expect((await api('POST', '/api/auth/login', { body: { email: `acc-ivan-${kind}@example.com`, password: `password-acc-ivan-${kind}` } })).status).toBe(401);
    expect((await api('POST', '/api/auth/login', { body: { email: `acc-ivan-${kind}@example.com`, password: 'brand-new-password' } })).status).toBe(200);
  });

  it('resets a password with a one-time code an admin hands over', async () => {
    const judy = await signUp(api, `acc-judy-${kind}`);
    expect((await api('POST', `/api/admin/users/${judy.user_id}/password-reset`, { token: judy.token })).status).toBe(403);
    const reset = await api<{ code: string; expires_at: string }>('POST', `/api/admin/users/${judy.user_id}/password-reset`, { token: admin.token });
    expect(reset.status).toBe(201);
    expect(reset.body.code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Date(reset.body.expires_at).getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    // Only the code's hash is stored, and the audit log has no trace of the code.
    const stored = await db().selectFrom('password_resets').selectAll().where('user_id', '=', judy.user_id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(reset.body.code);
    const audit = await db().selectFrom('audit_log').select(sql<string>`audit_log::text`.as('row')).execute();
    expect(audit.filter((row) => row.row.includes(reset.body.code))).toEqual([]);
    // The old password still works until the code is used.
    expect((await api('GET', '/api/me', { token: judy.token })).status).toBe(200);

    const unknown = await api<{ error: { message: string } }>('POST', '/api/auth/password-reset', { body: { code: 'made-up-code', new_password: 'judys-new-password' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^code: /);
    const used = await api<{ access_token: string; user: Row }>('POST', '/api/auth/password-reset', { body: { code: reset.body.code, new_password: 'judys-new-password' } });
    expect(used.status).toBe(200);
    expect(used.body.user.user_id).toBe(judy.user_id);
    expect((await api('GET', '/api/me', { token: judy.token })).status).toBe(401);
    expect((await api('GET', '/api/me', { token: used.body.access_token })).status).toBe(200);
    expect((await api('POST', '/api/auth/password-reset', { body: { code: reset.body.code, new_password: 'another-password' } })).status).toBe(400);
    expect((await api('POST', '/api/auth/login', { body: { email: `acc-judy-${kind}@example.com`, password: 'judys-new-password' } })).status).toBe(200);

    // An expired code is refused.
    const late = await api<{ code: string }>('POST', `/api/admin/users/${judy.user_id}/password-reset`, { token: admin.token });
    await db().updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', judy.user_id).execute();
    expect((await api('POST', '/api/auth/password-reset', { body: { code: late.body.code, new_password: 'too-late-password' } })).status).toBe(400);
    expect((await api('POST', '/api/auth/password-reset', { body: { new_password: 'no-code-at-all' } })).status).toBe(400);
  });
});
