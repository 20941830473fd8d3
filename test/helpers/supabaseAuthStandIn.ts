import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A LOCAL STAND-IN for Supabase Auth (GoTrue), not Supabase itself: real HTTP on 127.0.0.1 with
 * the endpoints supabase-js calls and the answers GoTrue gives, so the web app's Supabase sign-in
 * runs in Chromium without a Supabase project. It signs access tokens with its own ES256 key and
 * publishes that key at /auth/v1/.well-known/jwks.json, where the lab's server checks them, as it
 * does with a real project's JWKS. Emails are not sent: magic links land in `outbox`.
 *
 * Covered: sign-up (auto-confirmed), password and refresh-token grants, magic links (/otp and
 * /verify, implicit flow: tokens in the URL fragment), /user, /logout, and /authorize for OAuth
 * (the provider's consent is skipped: it signs in `oauthEmail` at once).
 */
export interface SupabaseAuthStandIn {
  /** The project URL, as SUPABASE_URL. */
  url: string;
  anonKey: string;
  /** Lifetime of the access tokens issued from now on. */
  accessTokenTtlSeconds: number;
  /** Who "the provider" signs in at /authorize. */
  oauthEmail: string;
  /** Magic links "emailed", newest last. */
  outbox: Array<{ to: string; link: string }>;
  /** Every call: method, path and grant type, e.g. `POST /token refresh_token`. */
  calls: string[];
  addUser(email: string, password: string, fullName?: string): void;
  close(): Promise<void>;
}

interface AuthUser {
  id: string;
  email: string;
  password: string | null;
  user_metadata: Record<string, unknown>;
  provider: string;
  created_at: string;
}

export async function startSupabaseAuthStandIn(options: { anonKey?: string; accessTokenTtlSeconds?: number } = {}): Promise<SupabaseAuthStandIn> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'stand-in-key', alg: 'ES256', use: 'sig' };
  const users = new Map<string, AuthUser>();
  /** refresh token → its user and session; rotated on every use, as GoTrue does. */
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>();
  const otps = new Map<string, string>();

  const state = {
    url: '',
    anonKey: options.anonKey ?? `stand-in-anon-key-${randomUUID()}`,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    oauthEmail: 'oauth-user@example.com',
    outbox: [] as Array<{ to: string; link: string }>,
    calls: [] as string[],
  };

  const userJson = (user: AuthUser) => ({
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: user.created_at,
    phone: '',
    confirmed_at: user.created_at,
    last_sign_in_at: new Date().toISOString(),
    app_metadata: { provider: user.provider, providers: [user.provider] },
    user_metadata: user.user_metadata,
    identities: [],
    created_at: user.created_at,
    updated_at: new Date().toISOString(),
    is_anonymous: false,
  });

  const createUser = (email: string, password: string | null, metadata: Record<string, unknown>, provider = 'email'): AuthUser => {
    const user = { id: randomUUID(), email: email.trim().toLowerCase(), password, user_metadata: { email, ...metadata }, provider, created_at: new Date().toISOString() };
    users.set(user.email, user);
    return user;
  };

  async function session(user: AuthUser, method: string, sessionId: string = randomUUID()) {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + state.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      app_metadata: { provider: user.provider, providers: [user.provider] },
      user_metadata: user.user_metadata,
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method, timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid as string, typ: 'JWT' })
      .setSubject(user.id)
      .setAudience('authenticated')
      .setIssuer(`${state.url}/auth/v1`)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(privateKey);
    const refreshToken = randomBytes(16).toString('hex');
    refreshTokens.set(refreshToken, { userId: user.id, sessionId });
    return { access_token: accessToken, token_type: 'bearer', expires_in: state.accessTokenTtlSeconds, expires_at: expiresAt, refresh_token: refreshToken, user: userJson(user) };
  }

  /** The implicit flow's answer: back to the app with the session in the URL fragment. */
  function fragment(tokens: Awaited<ReturnType<typeof session>>, type: string): string {
    const params = new URLSearchParams({
      access_token: tokens.access_token,
      expires_at: String(tokens.expires_at),
      expires_in: String(tokens.expires_in),
      refresh_token: tokens.refresh_token,
      token_type: 'bearer',
      type,
    });
    return `#${params}`;
  }

  async function bearerUser(request: http.IncomingMessage, key: CryptoKey): Promise<{ user: AuthUser; sessionId: string } | null> {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, key, { audience: 'authenticated' });
      const user = [...users.values()].find((candidate) => candidate.id === payload.sub);
      return user ? { user, sessionId: String(payload.session_id) } : null;
    } catch {
      return null;
    }
  }

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 500, msg: String(error) }));
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', state.url);
    const origin = request.headers.origin;
    // The browser calls from the lab's origin: GoTrue answers CORS for any origin.
    const cors = origin
      ? {
          'access-control-allow-origin': origin,
          'access-control-allow-headers': 'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-expose-headers': 'x-supabase-api-version',
        }
      : {};
    const json = (status: number, body: unknown) => response.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    const gotrueError = (status: number, code: string, msg: string) => json(status, { code: status, error_code: code, msg });
    const redirect = (location: string) => response.writeHead(303, { location }).end();

    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    const path = url.pathname.replace(/^\/auth\/v1/, '');
    const grant = url.searchParams.get('grant_type');
    state.calls.push(`${request.method} ${path}${grant ? ` ${grant}` : ''}`);

    if (request.method === 'GET' && path === '/.well-known/jwks.json') return json(200, { keys: [jwk] });

    // Browser navigations (links in emails, OAuth): no API key, as on Supabase.
    if (request.method === 'GET' && path === '/verify') {
      const redirectTo = url.searchParams.get('redirect_to') ?? '/';
      const email = otps.get(url.searchParams.get('token') ?? '');
      const user = email ? users.get(email) : undefined;
      if (!user) return redirect(`${redirectTo}#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired`);
      otps.delete(url.searchParams.get('token') ?? '');
      return redirect(redirectTo + fragment(await session(user, 'otp'), url.searchParams.get('type') ?? 'magiclink'));
    }
    if (request.method === 'GET' && path === '/authorize') {
      const redirectTo = url.searchParams.get('redirect_to') ?? '/';
      const provider = url.searchParams.get('provider') ?? '';
      const user = users.get(state.oauthEmail) ?? createUser(state.oauthEmail, null, { full_name: `${provider} user` }, provider);
      return redirect(redirectTo + fragment(await session(user, 'oauth'), 'signup'));
    }

    if (request.headers.apikey !== state.anonKey) return json(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
    const body = request.method === 'POST' ? ((await readJson(request)) as Record<string, unknown>) : {};

    if (request.method === 'POST' && path === '/signup') {
      const email = String(body.email ?? '').trim().toLowerCase();
      if (users.has(email)) return gotrueError(422, 'user_already_exists', 'User already registered');
      if (String(body.password ?? '').length < 6) return gotrueError(422, 'weak_password', 'Password should be at least 6 characters.');
      return json(200, await session(createUser(email, String(body.password), (body.data as Record<string, unknown> | undefined) ?? {}), 'password'));
    }
    if (request.method === 'POST' && path === '/token' && grant === 'password') {
      const user = users.get(String(body.email ?? '').trim().toLowerCase());
      if (!user || user.password === null || user.password !== body.password) return json(400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
      return json(200, await session(user, 'password'));
    }
    if (request.method === 'POST' && path === '/token' && grant === 'refresh_token') {
      const entry = refreshTokens.get(String(body.refresh_token ?? ''));
      const user = entry && [...users.values()].find((candidate) => candidate.id === entry.userId);
      if (!entry || !user) return gotrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      refreshTokens.delete(String(body.refresh_token));
      return json(200, await session(user, 'token_refresh', entry.sessionId));
    }
    if (request.method === 'POST' && path === '/otp') {
      const email = String(body.email ?? '').trim().toLowerCase();
      if (!users.has(email)) {
        if (body.create_user === false) return gotrueError(422, 'otp_disabled', 'Signups not allowed for otp');
        createUser(email, null, (body.data as Record<string, unknown> | undefined) ?? {});
      }
      const token = randomBytes(16).toString('hex');
      otps.set(token, email);
      const redirectTo = url.searchParams.get('redirect_to') ?? '';
      state.outbox.push({ to: email, link: `${state.url}/auth/v1/verify?${new URLSearchParams({ token, type: 'magiclink', redirect_to: redirectTo })}` });
      return json(200, {});
    }
    if (request.method === 'GET' && path === '/user') {
      const caller = await bearerUser(request, publicKey);
      return caller ? json(200, userJson(caller.user)) : gotrueError(401, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired');
    }
    if (request.method === 'POST' && path === '/logout') {
      const caller = await bearerUser(request, publicKey);
      if (!caller) return gotrueError(401, 'bad_jwt', 'invalid JWT');
      // scope=global (supabase-js's default) ends every session of the user; local ends this one.
      const global = (url.searchParams.get('scope') ?? 'global') === 'global';
      for (const [token, entry] of refreshTokens) {
        if (entry.userId === caller.user.id && (global || entry.sessionId === caller.sessionId)) refreshTokens.delete(token);
      }
      return void response.writeHead(204, cors).end();
    }
    return gotrueError(404, 'not_found', `The stand-in has no ${request.method} ${path}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(state, {
    addUser(email: string, password: string, fullName?: string) {
      createUser(email, password, fullName ? { full_name: fullName } : {});
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}
