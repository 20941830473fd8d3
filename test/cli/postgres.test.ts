import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, createProvider } from '../../src/providers/registry.js';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';
import { runCli } from './cliProcess.js';

/** The CLI against the run's PostgreSQL server (a database of its own) and a fake upstream. */
let database: TestDatabase;
let upstream: FakeUpstream;
let dataDir: string;
let env: Record<string, string>;
const goodKey = `sk-dualmind-test-good-${randomUUID()}`;
const revokedKey = `sk-dualmind-test-revoked-${randomUUID()}`;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  upstream = await FakeUpstream.start();
  upstream.behave(revokedKey, behaviours.invalidKey());
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-cli-pg-'));
  env = { DATABASE_URL: database.url ?? '', DATA_DIR: dataDir, DUALMIND_SECRET_KEY: randomBytes(32).toString('base64') };
});
afterAll(async () => {
  await upstream?.close();
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const mask = (key: string) => `sk-…${key.slice(-4)}`;

describe.sequential('on PostgreSQL', () => {
  it('doctor reports pending migrations on an empty database and exits 1', async () => {
    const result = await runCli(['doctor'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('configuration: ok');
    expect(result.stdout).toContain('migrations are pending: run `dualmind migrate`');
  });

  it('migrate applies the migrations to the server', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('applied 0001_seed_schema');
    const recorded = await database.handle.db.selectFrom('schema_migrations').select('version').execute();
    expect(recorded.length).toBeGreaterThanOrEqual(5);
  });

  it('add-key stores keys for an OpenAI-compatible provider and prints only masks', async () => {
    await createProvider(database.handle.db, { provider_name: 'fakeai' });
    await createModel(database.handle.db, { model_name: 'llama-3.3-70b-versatile', provider_name: 'fakeai', api_url: upstream.baseURL }, null);
    for (const key of [goodKey, revokedKey]) {
      const result = await runCli(['add-key', 'fakeai', '-'], env, key);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Added key ${mask(key)} to fakeai`);
      expect(result.stdout + result.stderr).not.toContain(key);
    }
    const rows = await database.handle.db.selectFrom('provider_api_keys').select(['api_key', 'display_mask']).where('provider_name', '=', 'fakeai').execute();
    expect(rows.map((row) => row.display_mask).sort()).toEqual([mask(goodKey), mask(revokedKey)].sort());
    for (const row of rows) expect(row.api_key).toMatch(/^v1:/);
  });

  it('doctor probes each key: the good one ok, the revoked one auth, and exits 1', async () => {
    const result = await runCli(['doctor'], env);
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('database: ok');
    expect(result.stdout).toMatch(/^provider\s+key\s+result$/m);
    expect(result.stdout).toMatch(new RegExp(`^fakeai\\s+${mask(goodKey)}\\s+ok \\(3 models\\)$`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^fakeai\\s+${mask(revokedKey)}\\s+auth: .*Invalid API Key$`, 'm'));
    expect(result.stdout).toMatch(/^groq\s+-\s+skipped: no API key$/m);
    expect(result.stdout).toContain('1 check failed.');
    expect(output).not.toContain(goodKey);
    expect(output).not.toContain(revokedKey);
    expect(output).not.toContain('dualmind-test-');
  });

  it('doctor exits 0 once the revoked key is gone', async () => {
    await database.handle.db.deleteFrom('provider_api_keys').where('display_mask', '=', mask(revokedKey)).execute();
    const result = await runCli(['doctor'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All checks passed.');
    expect(result.stdout).not.toContain('auth:');
  });

  it('doctor reports an unreachable database and exits 1', async () => {
    const closed = new URL(database.url ?? '');
    closed.port = '1';
    const result = await runCli(['doctor'], { ...env, DATABASE_URL: closed.toString() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^database: unreachable: .*ECONNREFUSED/m);
  });
});
