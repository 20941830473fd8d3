import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSync } from '../../src/auth/users.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';

const SUPABASE_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
/** What the web app's sign-in needs in Supabase mode; these tests only present tokens. */
const WEB_SIGN_IN = { SUPABASE_URL: 'http://127.0.0.1:9', SUPABASE_ANON_KEY: 'anon-key-of-a-project-never-called' };

/** Exactly the claims Supabase Auth puts in an access token. */
function supabaseClaims(sub: string, email: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    iss: 'https://abcdefghijklm.supabase.co/auth/v1',
    sub,
    email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { email, email_verified: true, full_name: 'Supa User', phone_verified: false, sub },
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: false,
    ...overrides,
  };
}

function signHs256(claims: Record<string, unknown>, secret = SUPABASE_JWT_SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

interface UserBody {
  user_id: string;
  email: string;
  full_name: string;
  role: string;
}

describe.each(DATABASE_KINDS)('Supabase tokens (HS256) on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(kind, { AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET, ADMIN_EMAILS: 'root@example.com', ...WEB_SIGN_IN });
    api = apiClient(server.url);
  });
  afterAll(() => server.close());

  it('accepts a Supabase access token and creates the users row from it', async () => {
    const sub = randomUUID();
    const token = await signHs256(supabaseClaims(sub, 'Supa@Example.com'));
    const me = await api<UserBody>('GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user_id: sub, email: 'supa@example.com', full_name: 'Supa User', role: 'user' });
    const rows = await server.database.handle.db.selectFrom('users').selectAll().where('user_id', '=', sub).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.last_login_at).toBeInstanceOf(Date);
  });

  it('makes ADMIN_EMAILS admins', async () => {
    const token = await signHs256(supabaseClaims(randomUUID(), 'root@example.com'));
    expect((await api<UserBody>('GET', '/api/me', { token })).body.role).toBe('admin');
    expect((await api('GET', '/api/admin/users', { token })).status).toBe(200);
  });

  it.each([
    ['a wrong signature', () => signHs256(supabaseClaims(randomUUID(), 'x@example.com'), 'another-secret-that-is-also-32-chars-or-more')],
    ['an expired token', () => signHs256(supabaseClaims(randomUUID(), 'x@example.com', { exp: Math.floor(Date.now() / 1000) - 10 }))],
    ['another audience', () => signHs256(supabaseClaims(randomUUID(), 'x@example.com', { aud: 'anon' }))],
    ['a subject that is not a uuid', () => signHs256(supabaseClaims('not-a-uuid', 'x@example.com'))],
  ])('rejects %s with 401 and creates no row', async (_name, mint) => {
    const before = await server.database.handle.db.selectFrom('users').select('user_id').execute();
    const response = await api<{ error: { code: string } }>('GET', '/api/me', { token: await mint() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
    expect(await server.database.handle.db.selectFrom('users').select('user_id').execute()).toHaveLength(before.length);
  });

  it('has no local sign-up or login', async () => {
    expect((await api('POST', '/api/auth/signup', { body: { email: 'a@example.com', password: '12345678' } })).status).toBe(404);
    expect((await api('POST', '/api/auth/login', { body: { email: 'a@example.com', password: '12345678' } })).status).toBe(404);
  });

  it('creates exactly one users row for 50 concurrent first requests, across two server instances', async () => {
    // A second instance on the same database has its own cache: the database must settle the race.
    const config = loadConfig({ PORT: '0', DATA_DIR: os.tmpdir(), AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET, ...WEB_SIGN_IN });
    const second = await startServer(config, createLogger('silent'), { database: server.database.handle });
    try {
      const sub = randomUUID();
      const token = await signHs256(supabaseClaims(sub, 'burst@example.com'));
      const apis = [api, apiClient(second.url)];
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => apis[i % 2]?.('GET', '/api/me', { token })));
      expect(responses.map((response) => response?.status)).toEqual(Array(50).fill(200));
      const rows = await server.database.handle.db.selectFrom('users').select('user_id').where('user_id', '=', sub).execute();
      expect(rows).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('creates exactly one row when 50 independent caches race on the database', async () => {
    const identity = { sub: randomUUID(), email: 'race@example.com', full_name: null };
    const syncs = Array.from({ length: 50 }, () => new UserSync(server.database.handle.db, []));
    const users = await Promise.all(syncs.map((sync) => sync.ensureUserExists(identity)));
    expect(new Set(users.map((user) => user.user_id))).toEqual(new Set([identity.sub]));
    const rows = await server.database.handle.db.selectFrom('users').select('user_id').where('user_id', '=', identity.sub).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('Supabase tokens signed with a project key (JWKS, ES256)', () => {
  let jwksServer: http.Server;
  let server: TestServer;
  let api: ApiClient;
  let privateKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
    jwksServer = http.createServer((request, response) => {
      if (request.url === '/auth/v1/.well-known/jwks.json') {
        jwksRequests += 1;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    server = await startTestServer('postgres', { ...WEB_SIGN_IN, AUTH_MODE: 'supabase', SUPABASE_URL: `http://127.0.0.1:${port}` });
    api = apiClient(server.url);
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const signEs256 = (claims: Record<string, unknown>, key: CryptoKey, kid = 'test-key-1') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);

  it('accepts a token signed by the key the JWKS publishes, fetching the JWKS once', async () => {
    const sub = randomUUID();
    const token = await signEs256(supabaseClaims(sub, 'jwks@example.com'), privateKey);
    for (let i = 0; i < 3; i++) expect((await api<UserBody>('GET', '/api/me', { token })).body.user_id).toBe(sub);
    expect(jwksRequests).toBe(1);
  });

  it('rejects a token signed by another key, and an HS256 token when no secret is configured', async () => {
    const stranger = await generateKeyPair('ES256');
    expect((await api('GET', '/api/me', { token: await signEs256(supabaseClaims(randomUUID(), 'x@example.com'), stranger.privateKey) })).status).toBe(401);
    expect((await api('GET', '/api/me', { token: await signHs256(supabaseClaims(randomUUID(), 'x@example.com')) })).status).toBe(401);
  });
});
