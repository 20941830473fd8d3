import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { runCli } from '../cli/cliProcess.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';
import { apiClient } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';
import { databaseContents, fileContents } from './backupFile.js';
import { startLoad, waitUntil } from './load.js';

/**
 * The path a lab takes when it outgrows one machine, with the real programs: `npm start` on the
 * embedded database under load, `npx dualmind backup` while it runs (through the server, which
 * holds the data directory), then `npx dualmind restore` into a fresh PostgreSQL database and
 * into a fresh embedded one.
 */
describe('dualmind backup and restore, embedded → PostgreSQL', { timeout: 300_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-cli-backup-'));
  const dataDir = path.join(root, 'data');
  const file = path.join(root, 'lab.backup');
  let server: ServerProcess | undefined;
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    return database;
  };
  const tableCount = async (database: TestDatabase) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`.execute(database.handle.db)).rows[0]?.n);

  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: dataDir, JWT_SECRET: 'cli-backup-secret-0123456789abcdefghijklm', DEMO_DELAY_MS: '2', CHAT_RATE_LIMIT_PER_MINUTE: '100000' }, 180_000);
  });
  afterAll(async () => {
    await server?.stop();
    for (const database of databases) await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up a running embedded server under load, through the server', async () => {
    const api = apiClient(server?.url ?? '');
    const admin = await signUp(api, 'cli-backup-admin');
    expect((await api('POST', '/api/admin/providers/groq/keys', { token: admin.token, body: { api_key: `gsk_dualmind-test-cli-backup-${randomUUID()}` } })).status).toBe(201);
    const models = (await api<Array<{ model_id: string }>>('GET', '/api/models')).body.map((model) => model.model_id);
    const users = await Promise.all([0, 1, 2].map((index) => signUp(api, `cli-backup-${index}`)));
    const load = startLoad(api, server?.url ?? '', users, models);
    await waitUntil(() => load.acknowledged.length >= 10, load);
    const result = await runCli(['backup', file], { DATA_DIR: dataDir });
    const during = load.acknowledged.length;
    await waitUntil(() => load.acknowledged.length >= during + 5, load);
    await load.stop();

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Backed up \\d+ tables, \\d+ rows \\(embedded database\\) to ${file.replaceAll('/', '\\/')} \\([\\d.]+ MB\\), through the server running at http://127\\.0\\.0\\.1:\\d+\\.$`, 'm'));
    // The server logged the backup in its audit log, as a local tool's action.
    const entries = await api<{ entries: Array<{ action: string; actor_kind: string }> }>('GET', '/api/admin/audit?action=database.backup', { token: admin.token });
    expect(entries.body.entries).toMatchObject([{ action: 'database.backup', actor_kind: 'local' }]);
    // Asking again without --yes, with no terminal to ask on, changes nothing.
    const before = fs.readFileSync(file);
    const again = await runCli(['backup', file], { DATA_DIR: dataDir });
    expect(again.code).toBe(2);
    expect(again.stderr.split('\n')[0]).toBe('dualmind: backup: stdin is not a terminal to confirm on; pass --yes to go ahead');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('restores into a fresh PostgreSQL database; asks first, and then only with --replace over data', async () => {
    const target = await fresh();
    const env = { DATABASE_URL: target.url ?? '', DATA_DIR: path.join(root, 'pg-side') };
    const unconfirmed = await runCli(['restore', file], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain('checked.');
    expect(unconfirmed.stdout).toContain('This replaces everything in the PostgreSQL database');
    expect(await tableCount(target)).toBe(0);

    const restored = await runCli(['restore', file, '--yes'], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ tables, \d+ rows\.$/m);
    // Keys were encrypted under the embedded installation's generated secret, which this one lacks.
    expect(restored.stderr).toContain('warning: 1 of 1 provider key(s) cannot be decrypted');
    const expected = fileContents(file);
    const { audit_log: audit, ...rest } = await databaseContents(target.handle.db, Object.keys(expected));
    const { audit_log: expectedAudit, ...expectedRest } = expected;
    expect(rest).toEqual(expectedRest);
    expect(audit?.rows).toBe((expectedAudit?.rows ?? 0) + 1);

    const fingerprint = async () => JSON.stringify(await databaseContents(target.handle.db, Object.keys(expected)));
    const held = await fingerprint();
    const refused = await runCli(['restore', file, '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data \(\d+ users, .*\): pass --replace to replace all of it with the backup/);
    expect(await fingerprint()).toBe(held);

    // With the source's secret, the restored keys work here.
    const secret = fs.readFileSync(path.join(dataDir, 'secret-key'), 'utf8').trim();
    const replaced = await runCli(['restore', file, '--yes', '--replace'], { ...env, DUALMIND_SECRET_KEY: secret });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).not.toContain('cannot be decrypted');
    const again = await databaseContents(target.handle.db, Object.keys(expected));
    expect({ ...again, audit_log: undefined }).toEqual({ ...expected, audit_log: undefined });
  });

  it('refuses a damaged file before touching the target', async () => {
    const target = await fresh();
    const cut = path.join(root, 'cut.backup');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 2000));
    const result = await runCli(['restore', cut, '--yes'], { DATABASE_URL: target.url ?? '', DATA_DIR: path.join(root, 'pg-side') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('dualmind: the backup is truncated: its compressed data ends early');
    expect(await tableCount(target)).toBe(0);
    const missing = await runCli(['restore', path.join(root, 'nope.backup'), '--yes'], { DATABASE_URL: target.url ?? '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`dualmind: restore: no file ${path.join(root, 'nope.backup')}`);
  });

  it('restores into a fresh embedded data directory, and backs up an idle one directly', async () => {
    await server?.stop();
    // A stopped server takes its published address with it.
    expect(fs.existsSync(path.join(dataDir, 'local-api.json'))).toBe(false);
    const direct = path.join(root, 'direct.backup');
    const backedUp = await runCli(['backup', direct], { DATA_DIR: dataDir });
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/, from the database\.$/m);

    const otherDir = path.join(root, 'restored');
    const restored = await runCli(['restore', direct, '--yes'], { DATA_DIR: otherDir }, '', 180_000);
    expect(restored.code, restored.stderr).toBe(0);
    const expected = fileContents(direct);
    const handle = await openDatabase({ dataDir: otherDir });
    try {
      const { audit_log: audit, ...rest } = await databaseContents(handle.db, Object.keys(expected));
      const { audit_log: expectedAudit, ...expectedRest } = expected;
      expect(rest).toEqual(expectedRest);
      expect(audit?.rows).toBe((expectedAudit?.rows ?? 0) + 1);
    } finally {
      await handle.close();
    }
  });
});
