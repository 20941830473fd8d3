import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackupFile } from '../../src/backup/files.js';
import { BackupFileError, checkBackup } from '../../src/backup/format.js';
import { inspectTarget, planRestore, restoreBackup } from '../../src/backup/restore.js';
import { writeBackup } from '../../src/backup/snapshot.js';
import { loadMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { databaseContents, fileContents, fileRows } from './backupFile.js';
import { startLoad, waitUntil } from './load.js';

const logger = testLogger('backup');
const actor = { kind: 'cli' as const, email: 'backup-test@localhost' };
type Row = Record<string, any>;

// Opening a fresh PGlite takes 6-7 s on a quiet machine and several times that on a loaded one.
describe.each(DATABASE_KINDS)('backup of %s under load, restored into both databases', { timeout: 240_000 }, (sourceKind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let models: string[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-backup-'));
  const file = path.join(dir, 'lab.backup');
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    server = await startTestServer(sourceKind, { JWT_SECRET: 'backup-test-secret-0123456789abcdefghijkl', DEMO_DELAY_MS: '2', CHAT_RATE_LIMIT_PER_MINUTE: '100000', LEADERBOARD_BOOTSTRAP_ROUNDS: '20' });
    api = apiClient(server.url);
    admin = await signUp(api, `backup-admin-${sourceKind}`);
    const listed = await api<Row[]>('GET', '/api/models');
    models = ['demo-concise', 'demo-detailed'].map((name) => listed.body.find((model) => model.model_name === name)?.model_id as string);
    // Something in every kind of table: keys (encrypted), settings, audit entries, threads.
    expect((await api('POST', '/api/admin/providers/groq/keys', { token: admin.token, body: { api_key: `gsk_dualmind-test-backup-${randomUUID()}` } })).status).toBe(201);
    expect((await api('PUT', '/api/admin/settings/motd', { token: admin.token, body: { value: 'Ünïcödé ✓ "quotes" \\ backslash' } })).status).toBe(200);
    expect((await api('POST', '/api/threads', { token: admin.token, body: { title: 'A thread with a\nnewline and emoji 🎉' } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    for (const target of targets) await target.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes one consistent snapshot while dual chats and votes run', async () => {
    const users = await Promise.all([0, 1, 2, 3].map((index) => signUp(api, `backup-load-${sourceKind}-${index}`)));
    const load = startLoad(api, server.url, users, models);
    await waitUntil(() => load.acknowledged.length >= 20, load);
    const startedAt = Date.now();
    const summary = await writeBackupFile(file, (out) => writeBackup(server.server.database, out));
    const ackedBefore = load.acknowledged.filter((entry) => entry.at < startedAt).map((entry) => entry.comparison_id);
    const votedBefore = load.votes.filter((entry) => entry.at < startedAt).map((entry) => entry.vote_id);
    await waitUntil(() => load.acknowledged.length >= ackedBefore.length + 10, load);
    await load.stop();

    expect(summary.header.database).toBe(server.server.database.kind);
    expect(summary.header.migrations).toEqual(loadMigrations().map((migration) => migration.version));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const rows = fileRows(file);
    const comparisons = new Set(rows.comparisons?.map((row) => row.comparison_id));
    const messages = rows.thread_messages ?? [];
    const threads = new Set(rows.threads?.map((row) => row.thread_id));
    // Everything acknowledged before the snapshot began is in it...
    expect(ackedBefore.filter((id) => !comparisons.has(id))).toEqual([]);
    const voteIds = new Set(rows.model_votes?.map((row) => row.vote_id));
    expect(votedBefore.filter((id) => !voteIds.has(id))).toEqual([]);
    // ...and nothing in it is half there: each comparison has its message, each vote its comparison.
    const messageComparisons = new Set(messages.map((row) => row.comparison_id));
    expect([...comparisons].filter((id) => !messageComparisons.has(id))).toEqual([]);
    expect(messages.filter((row) => !threads.has(row.thread_id))).toEqual([]);
    expect(rows.model_votes?.filter((row) => !comparisons.has(row.comparison_id))).toEqual([]);
    // The load went on after the snapshot: the database has moved past it.
    const live = await server.server.database.db.selectFrom('comparisons').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(live.n)).toBeGreaterThan(comparisons.size);
    expect(rows.audit_log?.length).toBeGreaterThan(0);
    expect(rows.provider_api_keys).toHaveLength(1);
  });

  it.each(DATABASE_KINDS)('restores into a fresh %s database: every table has the snapshot’s rows, exactly', async (targetKind: DatabaseKind) => {
    const summary = await checkBackup(file);
    const target = await createTestDatabase(targetKind);
    targets.push(target);
    const state = await inspectTarget(target.handle);
    expect(state).toEqual({ applied: [], rows: {}, hasData: false });
    const plan = planRestore(summary, state, loadMigrations());
    const report = await restoreBackup(target.handle, file, summary, plan, { logger, actor });
    expect(report).toEqual({ tables: summary.tables.length, rows: summary.rows });

    const expected = fileContents(file);
    const restored = await databaseContents(target.handle.db, Object.keys(expected));
    // The restore's own audit entry is the one row the source did not have.
    const restoreEntries = await target.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'database.restore').execute();
    expect(restoreEntries).toHaveLength(1);
    expect(restoreEntries[0]).toMatchObject({ actor_kind: 'cli', actor_email: 'backup-test@localhost', details: { rows: summary.rows, sha256: summary.sha256 } });
    const { audit_log: auditRestored, ...restoredRest } = restored;
    const { audit_log: auditExpected, ...expectedRest } = expected;
    expect(restoredRest).toEqual(expectedRest);
    expect(auditRestored?.rows).toBe((auditExpected?.rows ?? 0) + 1);
    expect(Object.keys(expected).length).toBe(summary.tables.length);

    // The restored lab works: a new audit entry continues the identity sequence, and the vote
    // totals kept by triggers match the votes.
    await sql`INSERT INTO audit_log (actor_kind, action) VALUES ('cli', 'test.after_restore')`.execute(target.handle.db);
    const { rows: mismatched } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM (
        SELECT model_a, model_b, sum(votes) AS votes FROM vote_pair_counts GROUP BY 1, 2
      ) counted FULL JOIN (
        SELECT c.model1_id AS model_a, c.model2_id AS model_b, count(*) AS votes
        FROM model_votes v JOIN comparisons c ON c.comparison_id = v.comparison_id
        WHERE c.model1_id <> c.model2_id GROUP BY 1, 2
      ) actual USING (model_a, model_b)
      WHERE counted.votes IS DISTINCT FROM actual.votes`.execute(target.handle.db);
    expect(Number(mismatched[0]?.n)).toBe(0);
    // A restored append-only log is still append-only.
    await expect(sql`DELETE FROM audit_log`.execute(target.handle.db)).rejects.toThrow(/append-only/);
  });

  it('refuses a database that holds data unless told to replace it, and is refused by a newer schema', async () => {
    const target = targets[0] as TestDatabase;
    const state = await inspectTarget(target.handle);
    expect(state.hasData).toBe(true);
    expect(state.rows.users).toBeGreaterThan(0);
    const summary = await checkBackup(file);
    // Same schema: a replacing restore is possible (the CLI asks for --replace first).
    expect(planRestore(summary, state, loadMigrations())).toEqual({ before: [], after: [] });
    const older = { ...summary, header: { ...summary.header, migrations: summary.header.migrations.slice(0, -1) } };
    expect(() => planRestore(older, state, loadMigrations())).toThrow(/another schema version than the backup/);
    const newer = { ...summary, header: { ...summary.header, migrations: [...summary.header.migrations, '9999'] } };
    expect(() => planRestore(newer, state, loadMigrations())).toThrow(/made by a newer DualMind Lab \(it has migrations 9999/);
  });
});

describe('damaged backup files are refused before anything is read into a database', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-badbackup-'));
  let good: string;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const { migrate } = await import('../../src/db/migrate.js');
    await migrate(database.handle.pool, logger);
    good = path.join(dir, 'good.backup');
    await writeBackupFile(good, (out) => writeBackup(database.handle, out));
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const variant = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const text = () => gunzipSync(fs.readFileSync(good)).toString('utf8');

  it.each([
    ['truncated compressed data', () => fs.readFileSync(good).subarray(0, Math.floor(fs.statSync(good).size / 2)), /^the backup is truncated: its compressed data ends early$/],
    ['truncated at a line break', () => gzipSync(text().split('\n').slice(0, 12).join('\n') + '\n'), /^the backup is truncated: it ends (inside table \w+|before its end line)$/],
    ['a newer format', () => gzipSync(text().replace('["dualmind-backup",1,', '["dualmind-backup",2,')), /^the backup was made by a newer DualMind Lab \(backup format 2; this version reads format 1\)/],
    // Its first byte is fixed: one in 65,536 random files would open with the gzip magic.
    ['random bytes', () => Buffer.concat([Buffer.from('x'), randomBytes(64 * 1024)]), /^not a DualMind Lab backup/],
    ['random bytes that open with a bracket', () => Buffer.concat([Buffer.from('[\\'), randomBytes(1024)]), /^not a DualMind Lab backup: its first line is not a backup header$/],
    ['a header line that is not JSON', () => gzipSync(text().replace(/^(\["dualmind-backup",1,)/, '$1,')), /^the backup is damaged: line 1 is not JSON$/],
    ['random bytes after a gzip header', () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(4096)]), /^the backup is (damaged|truncated)/],
    ['an empty file', () => Buffer.alloc(0), /^not a DualMind Lab backup: the file is empty$/],
    ['a changed row', () => gzipSync(text().replace('"demo-concise"', '"demo-CONCISE"')), /^the backup is damaged: the rows of table ai_models do not match their checksum$/],
    ['a dropped row', () => gzipSync(text().split('\n').filter((line) => !line.includes('"demo-concise"')).join('\n')), /^the backup is damaged: table ai_models should have \d+ rows and has \d+$/],
    ['data after the end', () => gzipSync(`${text()}{"extra": true}\n`), /^the backup is damaged: data follows its end line/],
  ])('%s', async (_name, make, message) => {
    const file = variant(`${_name.replaceAll(' ', '-')}.backup`, make());
    const error = await checkBackup(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackupFileError);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts the same backup uncompressed (gunzipped to be read)', async () => {
    const summary = await checkBackup(variant('plain.backup', gunzipSync(fs.readFileSync(good))));
    expect(summary.sha256).toBe((await checkBackup(good)).sha256);
  });
});
