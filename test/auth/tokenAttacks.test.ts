import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { logIn } from '../helpers/users.js';

/**
 * Forged and mis-issued access tokens, built by hand where a JWT library would refuse to build
 * them: every one is answered 401 with the JSON error envelope, and none creates a `users` row
 * (ensureUserExists must never run for a token that was not verified).
 */

const HS_SECRET = 'token-attacks-secret-that-is-long-enough-0123456789';
/** Supabase mode also needs the anon key the web app signs in with; these tests only present tokens. */
const SUPABASE_ANON_KEY = 'anon-key-of-a-project-never-called';
const ATTACKER_SECRET = 'attacker-secret-that-is-also-long-enough-9876543210';
const ADMIN_EMAIL = 'root@example.com';

type Claims = Record<string, unknown>;

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The claims of a Supabase-shaped access token (ours are shaped the same way). */
function claims(overrides: Claims = {}): Claims {
  const now = Math.floor(Date.now() / 1000);
  return { aud: 'authenticated', iat: now, exp: now + 3600, sub: randomUUID(), email: `${randomUUID()}@example.com`, role: 'authenticated', ...overrides };
}

/** An HS256 token whose HMAC key is any bytes at all, e.g. a public key (jose would refuse an asymmetric key there). */
function hmacToken(payload: Claims, secret: string | Buffer, header: Claims = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${createHmac(header.alg === 'HS512' ? 'sha512' : header.alg === 'HS384' ? 'sha384' : 'sha256', secret).update(input).digest('base64url')}`;
}

/** `alg: none`: no signature at all (or a leftover one). */
function unsignedToken(payload: Claims, alg = 'none', signature = ''): string {
  return `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}.${signature}`;
}

/** A validly signed token whose payload segment is then replaced, the signature kept. */
function tampered(token: string, change: (payload: Claims) => Claims): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Claims;
  return `${header}.${base64url(change(decoded))}.${signature}`;
}

function signAsymmetric(payload: Claims, key: CryptoKey, alg: 'RS256' | 'ES256', header: Claims = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key);
}

interface Attack {
  name: string;
  token: () => Promise<string> | string;
}

/** Runs each attack against GET /api/me (and an admin route for escalation attempts). */
function expectRejected(context: () => { server: TestServer; api: ApiClient }, attacks: () => Attack[]) {
  it('rejects every forged or mis-issued token with 401 and the JSON error envelope, creating no user', async () => {
    const { server, api } = context();
    const countUsers = async () => Number((await server.database.handle.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const list = attacks();
    // Minted first: minting a local token signs up an account.
    const tokens = await Promise.all(list.map(async (attack) => ({ name: attack.name, token: await attack.token() })));
    const before = await countUsers();
    const outcomes: Array<[string, number, string | undefined, string | null]> = [];
    for (const attack of tokens) {
      const token = attack.token;
      for (const route of ['/api/me', '/api/admin/users']) {
        const response = await api<{ error?: { code?: string; message?: unknown } }>('GET', route, { token });
        const envelope = typeof response.body.error?.message === 'string' ? response.body.error.code : undefined;
        outcomes.push([`${attack.name} on ${route}`, response.status, envelope, response.headers.get('content-type')]);
      }
    }
    expect(outcomes).toEqual(outcomes.map(([name]) => [name, 401, 'unauthorized', 'application/json']));
    expect(list.length).toBeGreaterThan(5);
    expect(await countUsers()).toBe(before);
  });
}

/** Attacks that need no key of the server: they apply to every mode. */
function keylessAttacks(genuine: () => Promise<string>): Attack[] {
  return [
    { name: 'alg none', token: () => unsignedToken(claims()) },
    { name: 'alg None', token: () => unsignedToken(claims(), 'None') },
    { name: 'alg NONE with an admin email', token: () => unsignedToken(claims({ email: ADMIN_EMAIL }), 'NONE') },
    { name: 'alg none keeping a genuine signature', token: async () => unsignedToken(claims(), 'none', (await genuine()).split('.')[2]) },
    { name: 'no signature segment', token: async () => (await genuine()).split('.').slice(0, 2).join('.') },
    { name: 'empty signature', token: async () => `${(await genuine()).split('.').slice(0, 2).join('.')}.` },
    { name: 'tampered subject', token: async () => tampered(await genuine(), (payload) => ({ ...payload, sub: randomUUID() })) },
    { name: 'tampered email (admin escalation)', token: async () => tampered(await genuine(), (payload) => ({ ...payload, email: ADMIN_EMAIL })) },
    { name: 'tampered expiry', token: async () => tampered(await genuine(), (payload) => ({ ...payload, exp: Number(payload.exp) + 86_400 * 365 })) },
    { name: 'tampered header (alg HS512)', token: async () => { const [, payload, signature] = (await genuine()).split('.'); return `${base64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`; } },
    { name: 'HS256 signed with another secret', token: () => hmacToken(claims(), ATTACKER_SECRET) },
    { name: 'HS256 signed with an empty secret', token: () => hmacToken(claims(), '') },
  ];
}

/** Attacks on a verifier that holds an HS256 secret: right secret, wrong claims or algorithm. */
function secretAttacks(secret: string): Attack[] {
  const now = Math.floor(Date.now() / 1000);
  return [
    { name: 'expired', token: () => hmacToken(claims({ iat: now - 7200, exp: now - 60 }), secret) },
    { name: 'no expiry', token: () => { const { exp: _exp, ...payload } = claims(); return hmacToken(payload, secret); } },
    { name: 'not valid yet (nbf)', token: () => hmacToken(claims({ nbf: now + 3600 }), secret) },
    { name: 'audience anon', token: () => hmacToken(claims({ aud: 'anon' }), secret) },
    { name: 'no audience', token: () => { const { aud: _aud, ...payload } = claims(); return hmacToken(payload, secret); } },
    { name: 'subject not a uuid', token: () => hmacToken(claims({ sub: 'admin' }), secret) },
    { name: 'right secret, HS384', token: () => hmacToken(claims(), secret, { alg: 'HS384', typ: 'JWT' }) },
    { name: 'right secret, HS512', token: () => hmacToken(claims(), secret, { alg: 'HS512', typ: 'JWT' }) },
  ];
}

/** HS/RS confusion seen from an HS-only verifier: asymmetric tokens it has no key for. */
async function asymmetricAttacks(): Promise<Attack[]> {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  return [
    { name: 'RS256 token', token: () => signAsymmetric(claims(), rsa.privateKey, 'RS256') },
    { name: 'ES256 token', token: () => signAsymmetric(claims(), ec.privateKey, 'ES256') },
    { name: 'RS256 token carrying its own key (jwk header)', token: async () => signAsymmetric(claims(), rsa.privateKey, 'RS256', { jwk: await exportJWK(rsa.publicKey) }) },
  ];
}

function accepts(context: () => { api: ApiClient }, mint: () => Promise<string>, what = 'a genuine token') {
  it(`accepts ${what} (so the rejections mean something)`, async () => {
    expect((await context().api('GET', '/api/me', { token: await mint() })).status).toBe(200);
  });
}

describe('AUTH_MODE=local', () => {
  let server: TestServer;
  let api: ApiClient;
  let attacks: Attack[];
  let genuine: () => Promise<string>;

  beforeAll(async () => {
    server = await startTestServer('pglite', { JWT_SECRET: HS_SECRET, ADMIN_EMAILS: ADMIN_EMAIL });
    api = apiClient(server.url);
    let signUps = 0;
    // A token the server itself issued, for a fresh account each time.
    genuine = async () => {
      signUps += 1;
      const email = `user${signUps}@example.com`;
      await api('POST', '/api/auth/signup', { body: { email, password: 'password-123' } });
      return (await logIn(api, email, 'password-123')).token;
    };
    await genuine(); // the first account is the admin; later ones are plain users
    attacks = [...keylessAttacks(genuine), ...secretAttacks(HS_SECRET), ...(await asymmetricAttacks())];
  });
  afterAll(() => server.close());

  accepts(() => ({ api }), () => genuine());
  expectRejected(() => ({ server, api }), () => attacks);
});

describe('AUTH_MODE=supabase with SUPABASE_JWT_SECRET (HS256; the project’s JWKS publishes no key)', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let server: TestServer;
  let api: ApiClient;
  let attacks: Attack[];
  const genuine = async () => hmacToken(claims(), HS_SECRET);

  beforeAll(async () => {
    jwks = await startJwks({ publish: false });
    server = await startTestServer('postgres', { AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET: HS_SECRET, SUPABASE_URL: jwks.url, SUPABASE_ANON_KEY, ADMIN_EMAILS: ADMIN_EMAIL });
    api = apiClient(server.url);
    attacks = [...keylessAttacks(genuine), ...secretAttacks(HS_SECRET), ...(await asymmetricAttacks())];
  });
  afterAll(async () => {
    await server?.close();
    await jwks?.close();
  });

  accepts(() => ({ api }), genuine);
  expectRejected(() => ({ server, api }), () => attacks);
});

/** A JWKS endpoint publishing one RSA key (or none, as a project on its legacy JWT secret), as Supabase's /auth/v1/.well-known/jwks.json does. */
async function startJwks({ publish = true } = {}): Promise<{ url: string; privateKey: CryptoKey; publicJwk: JWK; publicPem: string; close(): Promise<void> }> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'project-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer((request, response) => {
    if (request.url === '/auth/v1/.well-known/jwks.json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: publish ? [publicJwk] : [] }));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    privateKey: pair.privateKey,
    publicJwk,
    publicPem: await exportSPKI(pair.publicKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** HS/RS confusion: HS256 tokens whose HMAC key is the project's public key in every usual encoding. */
function confusionAttacks(jwks: { publicJwk: JWK; publicPem: string }): Attack[] {
  const header = { alg: 'HS256', typ: 'JWT', kid: 'project-key' };
  const der = Buffer.from(jwks.publicPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return [
    { name: 'HS256 keyed with the public key PEM', token: () => hmacToken(claims(), jwks.publicPem, header) },
    { name: 'HS256 keyed with the public key PEM without its last newline', token: () => hmacToken(claims(), jwks.publicPem.trimEnd(), header) },
    { name: 'HS256 keyed with the public key DER', token: () => hmacToken(claims(), der, header) },
    { name: 'HS256 keyed with the public JWK', token: () => hmacToken(claims(), JSON.stringify(jwks.publicJwk), header) },
    { name: 'HS256 keyed with the JWK modulus', token: () => hmacToken(claims(), jwks.publicJwk.n ?? '', header) },
    { name: 'HS256 keyed with the modulus bytes', token: () => hmacToken(claims(), Buffer.from(jwks.publicJwk.n ?? '', 'base64url'), header) },
  ];
}

/** Attacks on a JWKS verifier: right key, wrong claims; a stranger's key; a key the token brings. */
async function jwksAttacks(jwks: { privateKey: CryptoKey }): Promise<Attack[]> {
  const now = Math.floor(Date.now() / 1000);
  const stranger = await generateKeyPair('RS256');
  const sign = (payload: Claims, header: Claims = { kid: 'project-key' }) => signAsymmetric(payload, jwks.privateKey, 'RS256', header);
  return [
    { name: 'expired', token: () => sign(claims({ iat: now - 7200, exp: now - 60 })) },
    { name: 'no expiry', token: () => { const { exp: _exp, ...payload } = claims(); return sign(payload); } },
    { name: 'audience anon', token: () => sign(claims({ aud: 'anon' })) },
    { name: 'no audience', token: () => { const { aud: _aud, ...payload } = claims(); return sign(payload); } },
    { name: 'a stranger’s key under the project kid', token: () => signAsymmetric(claims(), stranger.privateKey, 'RS256', { kid: 'project-key' }) },
    { name: 'a stranger’s key carried in the jwk header', token: async () => signAsymmetric(claims(), stranger.privateKey, 'RS256', { jwk: await exportJWK(stranger.publicKey) }) },
    { name: 'a stranger’s key behind a jku header', token: () => signAsymmetric(claims(), stranger.privateKey, 'RS256', { jku: 'http://127.0.0.1:9/jwks.json', kid: 'evil' }) },
    { name: 'HS256 signed with the (unconfigured) Supabase demo secret', token: () => hmacToken(claims(), 'super-secret-jwt-token-with-at-least-32-characters-long') },
  ];
}

describe.each([
  ['JWKS only', false],
  ['JWKS and SUPABASE_JWT_SECRET', true],
])('AUTH_MODE=supabase with %s', (_name, withSecret) => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let server: TestServer;
  let api: ApiClient;
  let attacks: Attack[];
  const genuine = () => signAsymmetric(claims(), jwks.privateKey, 'RS256', { kid: 'project-key' });

  beforeAll(async () => {
    jwks = await startJwks();
    server = await startTestServer('postgres', {
      AUTH_MODE: 'supabase',
      SUPABASE_URL: jwks.url,
      SUPABASE_ANON_KEY,
      ADMIN_EMAILS: ADMIN_EMAIL,
      ...(withSecret ? { SUPABASE_JWT_SECRET: HS_SECRET } : {}),
    });
    api = apiClient(server.url);
    attacks = [...keylessAttacks(genuine), ...confusionAttacks(jwks), ...(await jwksAttacks(jwks)), ...(withSecret ? secretAttacks(HS_SECRET) : [])];
  });
  afterAll(async () => {
    await server?.close();
    await jwks?.close();
  });

  accepts(() => ({ api }), genuine);
  if (withSecret) accepts(() => ({ api }), async () => hmacToken(claims(), HS_SECRET), 'a genuine HS256 token');
  expectRejected(() => ({ server, api }), () => attacks);
});
