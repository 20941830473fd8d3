import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { apiClient, startTestServer, type TestServer } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

/** The policy the web app runs under, directive by directive. */
const EXPECTED_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

function parseCsp(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function expectSecureHeaders(response: Response, what: string) {
  expect(parseCsp(response.headers.get('content-security-policy')), what).toEqual(EXPECTED_CSP);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
}

const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods'];

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries(CORS_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name) ?? '']] : [])));
}

const preflight = (url: string, origin: string, method = 'POST') =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' } });

describe('security headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('postgres');
  });
  afterAll(() => server.close());

  it('puts the CSP, nosniff, DENY and no-referrer on API answers, successes and errors alike', async () => {
    for (const [path, status] of [
      ['/api/models', 200],
      ['/api/me', 401],
      ['/api/no-such-route', 404],
      ['/healthz', 200],
    ] as const) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.status, path).toBe(status);
      expectSecureHeaders(response, path);
    }
  });

  it('serves the web app’s index.html, on any client-side route, and its assets under the same policy', async () => {
    const index = await fetch(`${server.url}/`);
    const html = await index.text();
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expectSecureHeaders(index, '/');
    // The policy allows no inline script: the built page must have none.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);

    const route = await fetch(`${server.url}/leaderboard?method=elo`);
    expect(await route.text()).toBe(html);
    expectSecureHeaders(route, '/leaderboard');

    const script = /<script[^>]*\bsrc="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    const asset = await fetch(`${server.url}${script}`);
    await asset.arrayBuffer();
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expectSecureHeaders(asset, String(script));
  });

  it('sends no CORS header at all while CORS_ORIGINS is unset', async () => {
    const before = await preflight(`${server.url}/api/threads`, 'https://evil.example');
    await before.arrayBuffer();
    expect(corsHeaders(before)).toEqual({});
    const actual = await fetch(`${server.url}/api/models`, { headers: { origin: 'https://evil.example' } });
    await actual.arrayBuffer();
    expect(actual.status).toBe(200);
    expect(corsHeaders(actual)).toEqual({});
  });
});

describe('CORS_ORIGINS', () => {
  const APP = 'https://app.example.com';
  const DEV = 'http://localhost:5173';
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer('postgres', { CORS_ORIGINS: `${APP}/, ${DEV}` });
    token = (await signUp(apiClient(server.url), 'cors')).token;
  });
  afterAll(() => server.close());

  it('answers a listed origin’s preflight: its origin echoed, Authorization and Content-Type allowed, no credentials', async () => {
    for (const origin of [APP, DEV]) {
      const response = await preflight(`${server.url}/api/threads`, origin);
      await response.arrayBuffer();
      expect(response.status).toBe(204);
      const headers = corsHeaders(response);
      expect(headers['access-control-allow-origin']).toBe(origin);
      expect(headers['access-control-allow-headers']?.toLowerCase().split(',')).toEqual(['authorization', 'content-type']);
      expect(headers['access-control-allow-methods']?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']));
      expect(headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('echoes a listed origin on actual requests, errors included, with the token in the Authorization header', async () => {
    const created = await fetch(`${server.url}/api/threads`, {
      method: 'POST',
      headers: { origin: APP, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from another origin' }),
    });
    expect(created.status).toBe(201);
    await created.arrayBuffer();
    expect(corsHeaders(created)).toEqual({ 'access-control-allow-origin': APP });
    expect(created.headers.get('vary')).toMatch(/origin/i);
    expect(created.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');

    const refused = await fetch(`${server.url}/api/me`, { headers: { origin: APP } });
    await refused.arrayBuffer();
    expect(refused.status).toBe(401);
    expect(corsHeaders(refused)).toEqual({ 'access-control-allow-origin': APP });
  });

  it('does not echo an unlisted origin, a look-alike, or null', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null']) {
      const response = await preflight(`${server.url}/api/threads`, origin);
      await response.arrayBuffer();
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      const actual = await fetch(`${server.url}/api/models`, { headers: { origin } });
      await actual.arrayBuffer();
      expect(actual.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('opens the API only, not the web app or the metrics', async () => {
    for (const path of ['/', '/metrics', '/healthz']) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: APP } });
      await response.arrayBuffer();
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('CORS_ORIGINS validation', () => {
  const load = (value: string) => loadConfig({ CORS_ORIGINS: value }).CORS_ORIGINS;

  it('reads a comma-separated list of exact origins; blank is none', () => {
    expect(load(' https://App.Example.com/ ,http://localhost:5173,https://a.example:8443')).toEqual(['https://app.example.com', 'http://localhost:5173', 'https://a.example:8443']);
    expect(load('  ')).toEqual([]);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
  });

  it.each(['*', 'https://*.example.com', 'app.example.com', 'https://app.example.com/path', 'https://app.example.com?x=1', 'ftp://files.example.com', 'https://user:pw@app.example.com', 'null'])(
    'refuses %j, naming the variable',
    (value) => {
      expect(() => load(value)).toThrow(ConfigError);
      expect(() => load(value)).toThrow(/^Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins/);
    },
  );
});
