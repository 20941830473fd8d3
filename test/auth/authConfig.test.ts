import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { runServerToExit } from '../helpers/serverProcess.js';
import { apiClient, startTestServer, type TestServer } from '../helpers/testServer.js';

const SUPABASE = { AUTH_MODE: 'supabase', SUPABASE_URL: 'https://abcdefghijklm.supabase.co', SUPABASE_ANON_KEY: 'sb_publishable_test-anon-key-0123456789' };

describe.each(DATABASE_KINDS)('GET /api/auth/config on %s', (kind) => {
  let local: TestServer;
  let supabase: TestServer;
  beforeAll(async () => {
    [local, supabase] = await Promise.all([startTestServer(kind), startTestServer(kind, { ...SUPABASE, SUPABASE_OAUTH_PROVIDERS: 'github,google' })]);
  }, 150_000);
  afterAll(async () => {
    await local?.close();
    await supabase?.close();
  });

  it('tells the web app to use local accounts in local mode, and keeps connect-src to this origin', async () => {
    const response = await apiClient(local.url)('GET', '/api/auth/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ mode: 'local', supabase: null });
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it('publishes the Supabase project URL, anon key and OAuth providers, and lets the browser reach that project', async () => {
    const response = await apiClient(supabase.url)('GET', '/api/auth/config');
    expect(response.body).toEqual({
      mode: 'supabase',
      supabase: { url: SUPABASE.SUPABASE_URL, anon_key: SUPABASE.SUPABASE_ANON_KEY, oauth_providers: ['github', 'google'] },
    });
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' https://abcdefghijklm.supabase.co;");
  });
});

describe('an incomplete Supabase configuration', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-auth-config-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['SUPABASE_URL', { AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET: 'x'.repeat(40) }],
    ['SUPABASE_ANON_KEY', { AUTH_MODE: 'supabase', SUPABASE_URL: SUPABASE.SUPABASE_URL }],
  ])('stops the server at start with one line naming %s', async (missing, env) => {
    const result = await runServerToExit({ ...env, DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    const lines = result.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${missing} is required with AUTH_MODE=supabase`));
  });
});
