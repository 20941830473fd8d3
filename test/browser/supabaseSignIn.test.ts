import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSupabaseAuthStandIn, type SupabaseAuthStandIn } from '../helpers/supabaseAuthStandIn.js';
import { openPage, saveScreenshot, startLab, type Lab } from './support.js';

/**
 * AUTH_MODE=supabase end to end: the web app signs in with supabase-js against a local stand-in
 * for Supabase Auth (test/helpers/supabaseAuthStandIn.ts), and the lab's server checks the
 * stand-in's ES256 tokens through its JWKS, as it would a real project's.
 */
let auth: SupabaseAuthStandIn;
let lab: Lab;
let page: Page;

beforeAll(async () => {
  auth = await startSupabaseAuthStandIn();
  lab = await startLab({ AUTH_MODE: 'supabase', SUPABASE_URL: auth.url, SUPABASE_ANON_KEY: auth.anonKey, SUPABASE_OAUTH_PROVIDERS: 'github' });
  auth.addUser('ada@example.com', 'ada-password', 'Ada Lovelace');
}, 150_000);
afterAll(async () => {
  await lab?.close();
  await auth?.close();
});
beforeEach(async () => {
  auth.accessTokenTtlSeconds = 3600;
  page = await openPage(lab);
});
afterEach(async () => {
  await page.close();
  // The lab's CSP lets the app reach the Supabase project (connect-src) and nothing else breaks.
  expect(lab.cspViolations).toEqual([]);
});

const supabaseStorage = () => page.evaluate<string[]>(`Object.keys(localStorage).filter((key) => key.startsWith('sb-'))`);
/** The refresh token supabase-js keeps in localStorage. */
const storedRefreshToken = () =>
  page.evaluate<string>(`JSON.parse(localStorage.getItem(Object.keys(localStorage).find((key) => key.startsWith('sb-')))).refresh_token`);

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
}

it('signs in with email and password, keeps working after the access token expired (refreshed), and signs out', async () => {
  // Tokens that expire at once: every later call needs a refreshed one.
  auth.accessTokenTtlSeconds = 2;
  const bearers: string[] = [];
  const labStatuses: number[] = [];
  page.on('request', (request) => {
    const header = request.headers().authorization;
    if (request.url().startsWith(`${lab.server.url}/api/`) && header) bearers.push(header.slice('Bearer '.length));
  });
  page.on('response', (response) => {
    if (response.url().startsWith(`${lab.server.url}/api/`)) labStatuses.push(response.status());
  });

  await page.goto(`${lab.server.url}/login?next=/chat`);
  await page.getByTestId('supabase-sign-in').waitFor();
  await saveScreenshot(page, 'supabase-sign-in');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  expect(await page.getByRole('alert').textContent()).toBe('Invalid login credentials.');

  await page.getByLabel('Password').fill('ada-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The name comes from the lab's users row, which the server made from the verified token.
  await page.getByTestId('user-email').filter({ hasText: 'Ada Lovelace' }).waitFor();
  await page.waitForURL(`${lab.server.url}/chat`);
  expect(await supabaseStorage()).toHaveLength(1);
  const firstToken = bearers[0];
  expect(firstToken).toBeDefined();

  // Past the first token's expiry the server refuses it; the app refreshes before calling.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect((await lab.api('GET', '/api/me', { token: firstToken })).status).toBe(401);
  const refreshesBefore = auth.calls.filter((call) => call === 'POST /token refresh_token').length;
  await page.getByRole('link', { name: 'Leaderboard' }).click();
  await page.getByRole('heading', { name: 'Leaderboard' }).waitFor();
  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByTestId('user-email').filter({ hasText: 'Ada Lovelace' }).waitFor();
  expect(auth.calls.filter((call) => call === 'POST /token refresh_token').length).toBeGreaterThan(refreshesBefore);
  expect(new Set(bearers).size).toBeGreaterThan(1);
  expect(labStatuses.filter((status) => status === 401)).toEqual([]);

  const refreshToken = await storedRefreshToken();
  await signOut();
  expect(auth.calls).toContain('POST /logout');
  expect(await supabaseStorage()).toEqual([]);
  // The session is over at Supabase too: its refresh token is revoked.
  const refresh = await fetch(`${auth.url}/auth/v1/token?grant_type=refresh_token`, {
    method: 'POST',
    headers: { apikey: auth.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  expect(refresh.status).toBe(400);
});

it('signs in with a magic link sent through the stand-in', async () => {
  await page.goto(`${lab.server.url}/login?next=/chat`);
  await page.getByLabel('Email').fill('grace@example.com');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  expect(await page.getByTestId('auth-notice').textContent()).toContain('We sent a sign-in link to grace@example.com');
  const mail = auth.outbox.at(-1);
  expect(mail?.to).toBe('grace@example.com');

  await page.goto(mail?.link ?? '');
  await page.getByTestId('user-email').filter({ hasText: 'grace@example.com' }).waitFor();
  await page.waitForURL(`${lab.server.url}/chat`);
  // The tokens came in the URL fragment and were taken out of it.
  expect(page.url()).not.toContain('access_token');
  expect(auth.calls).toContain('GET /user');
  await signOut();

  // A link works once.
  await page.goto(mail?.link ?? '');
  await page.getByTestId('supabase-sign-in').waitFor();
  expect(await page.getByTestId('user-email').count()).toBe(0);
});

it('creates an account with email and password, and signs in with a configured OAuth provider', async () => {
  await page.goto(`${lab.server.url}/signup`);
  await page.getByLabel('Name (optional)').fill('Katherine Johnson');
  await page.getByLabel('Email').fill('katherine@example.com');
  await page.getByLabel('Password').fill('katherine-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('user-email').filter({ hasText: 'Katherine Johnson' }).waitFor();
  await signOut();

  auth.oauthEmail = 'octocat@example.com';
  await page.goto(`${lab.server.url}/login`);
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await page.getByTestId('user-email').filter({ hasText: 'github user' }).waitFor();
  expect(auth.calls.some((call) => call === 'GET /authorize')).toBe(true);
  await signOut();
});
