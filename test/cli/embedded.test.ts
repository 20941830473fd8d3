import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyser } from '../../src/analysis/analyser.js';
import { signUp } from '../../src/auth/localAccounts.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { loadMigrations } from '../../src/db/migrate.js';
import { KeyCipher } from '../../src/providers/keyCrypto.js';
import { importBattles } from '../../src/ratings/battles.js';
import { runCli } from './cliProcess.js';

/** The CLI against a fresh embedded DATA_DIR, as `npx dualmind` on a new installation. */
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-cli-'));
  env = { DATA_DIR: dataDir };
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** In-process access to the same DATA_DIR, between CLI runs (the CLI has released its lock). */
async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dataDir });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

describe('usage', () => {
  it('prints the usage for help and for no command, with exit code 0', async () => {
    for (const args of [['help'], []]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: dualmind <command>');
      expect(result.stdout).toContain('export-battles');
    }
  });

  it('names an unknown command on stderr and exits 2', async () => {
    const result = await runCli(['frobnicate'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('dualmind: unknown command "frobnicate"');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on an unknown option or a missing argument', async () => {
    const option = await runCli(['migrate', '--force'], env);
    expect(option.code).toBe(2);
    expect(option.stderr.split('\n')[0]).toMatch(/^dualmind: migrate: .*--force/);
    const missing = await runCli(['add-key', 'groq'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('dualmind: add-key: missing <key>');
  });

  it('exits 2 with one line naming a bad configuration variable, like the server', async () => {
    const result = await runCli(['migrate'], { ...env, DATABASE_POOL_MAX: 'many' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Invalid configuration: DATABASE_POOL_MAX /);
  });
});

describe('on a fresh embedded data directory', () => {
  it('migrate applies every migration once, then finds nothing to do', async () => {
    const migrations = loadMigrations();
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    for (const migration of migrations) expect(first.stdout).toContain(`applied ${migration.version}_${migration.name}`);
    expect(first.stdout).toContain(`Applied ${migrations.length} migrations.`);
    // Logs go to stderr, so stdout holds only the report.
    expect(first.stdout).not.toContain('"msg"');

    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(`Nothing to apply: all ${migrations.length} migrations are already applied.`);
  });

  it('add-key stores the key from stdin encrypted and prints only its mask', async () => {
    const key = `gsk_dualmind-test-${randomUUID()}`;
    const result = await runCli(['add-key', 'groq', '-'], env, `${key}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Added key gsk_…${key.slice(-4)} to groq`);
    expect(result.stdout + result.stderr).not.toContain(key);

    const stored = await withDatabase(({ db }) => db.selectFrom('provider_api_keys').select(['api_key', 'display_mask']).where('provider_name', '=', 'groq').execute());
    expect(stored).toHaveLength(1);
    expect(stored[0]?.api_key).not.toContain(key);
    // Encrypted under the secret the server would generate into DATA_DIR, so the server can use it.
    const secret = fs.readFileSync(path.join(dataDir, 'secret-key'), 'utf8').trim();
    expect(new KeyCipher(secret).decrypt(stored[0]?.api_key ?? '')).toBe(key);
  });

  it('add-key refuses a too-short key (exit 2) and an unknown provider (exit 1) without echoing the key', async () => {
    const short = await runCli(['add-key', 'groq', '-'], env, 'xq7z9\n');
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe('dualmind: add-key: the key must be at least 8 characters');
    expect(short.stdout + short.stderr).not.toContain('xq7z9');

    const key = `sk-dualmind-test-${randomUUID()}`;
    const unknown = await runCli(['add-key', 'nosuchprovider', '-'], env, key);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n').at(-1)).toBe('dualmind: Provider nosuchprovider not found');
    expect(unknown.stdout + unknown.stderr).not.toContain(key);
  });

  it('create-admin creates an admin account with the password from stdin, or promotes an existing user', async () => {
    const password = `pw-${randomUUID()}`;
    const created = await runCli(['create-admin', '--email', ' Ada@Example.com ', '--password', '-'], env, `${password}\n`);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created admin account ada@example\.com \(user id [0-9a-f-]{36}\)\.$/m);
    expect(created.stdout + created.stderr).not.toContain(password);

    // Bob signs up as an ordinary user (an admin exists now), then is promoted.
    const bob = await withDatabase(async ({ db }) => {
      const ada = await db.selectFrom('users').select('role').where('email', '=', 'ada@example.com').executeTakeFirstOrThrow();
      expect(ada.role).toBe('admin');
      const user = await signUp(db, { email: 'bob@example.com', password: 'bob-password' }, { isAdminEmail: () => false });
      if (!user) throw new Error('bob@example.com was taken');
      return user;
    });
    expect(bob.role).toBe('user');
    const promoted = await runCli(['create-admin', '--email', 'bob@example.com'], env);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout.trim()).toBe('bob@example.com is now an admin.');
    const again = await runCli(['create-admin', '--email', 'bob@example.com'], env);
    expect(again.stdout.trim()).toBe('bob@example.com is already an admin.');
    const role = await withDatabase(({ db }) => db.selectFrom('users').select('role').where('user_id', '=', bob.user_id).executeTakeFirstOrThrow());
    expect(role.role).toBe('admin');
  });

  it('create-admin refuses a short password, a password on the command line, and a missing password', async () => {
    const short = await runCli(['create-admin', '--email', 'carol@example.com', '--password', '-'], env, 'short');
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe('dualmind: create-admin: the password must be at least 8 characters');
    const inline = await runCli(['create-admin', '--email', 'carol@example.com', '--password', 'hunter22hunter22'], env);
    expect(inline.code).toBe(2);
    expect(inline.stderr).not.toContain('hunter22hunter22');
    // stdin is a pipe, not a terminal: no prompt, a usage error instead.
    const missing = await runCli(['create-admin', '--email', 'carol@example.com'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/needs a password: pass --password -/);
    const carol = await withDatabase(({ db }) => db.selectFrom('users').select('user_id').where('email', '=', 'carol@example.com').execute());
    expect(carol).toEqual([]);
  });

  it('models import creates new models, skips existing ones and reports unknown providers', async () => {
    const file = path.join(dataDir, 'models.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { model_name: 'llama-3.3-70b-versatile', provider_name: 'groq' },
        { model_name: 'qwen-test', provider_name: 'groq', description: 'Imported', status: 'inactive' },
        { model_name: 'ghost', provider_name: 'nowhere' },
      ]),
    );
    const first = await runCli(['models', 'import', file], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('skipped groq/llama-3.3-70b-versatile (already exists)');
    expect(first.stdout).toContain('created groq/qwen-test');
    expect(first.stdout).toMatch(/failed {2}nowhere\/ghost: Provider nowhere not found/);
    expect(first.stdout).toContain('1 created, 1 skipped (already exist), 1 failed.');

    const models = await withDatabase(({ db }) => db.selectFrom('ai_models').select(['description', 'status', 'created_by']).where('model_name', '=', 'qwen-test').execute());
    expect(models).toEqual([{ description: 'Imported', status: 'inactive', created_by: null }]);

    // Re-importing is safe: everything that exists is skipped.
    fs.writeFileSync(file, JSON.stringify([{ model_name: 'qwen-test', provider_name: 'groq' }]));
    const second = await runCli(['models', 'import', file], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 created, 1 skipped (already exist), 0 failed.');
  });

  it('models import rejects a malformed file before writing anything', async () => {
    const file = path.join(dataDir, 'bad-models.json');
    fs.writeFileSync(file, JSON.stringify([{ model_name: 'fine', provider_name: 'groq' }, { provider_name: 'groq' }]));
    const result = await runCli(['models', 'import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/entry 1 model_name/);
    const fine = await withDatabase(({ db }) => db.selectFrom('ai_models').select('model_id').where('model_name', '=', 'fine').execute());
    expect(fine).toEqual([]);
    const unknownSubcommand = await runCli(['models', 'list'], env);
    expect(unknownSubcommand.code).toBe(2);
  });

  it('export-battles writes every vote as FastChat JSON lines, to stdout or to a file', async () => {
    const battles = [
      { model_a: 'demo-concise', model_b: 'demo-detailed', winner: 'model_a', tstamp: 1_700_000_000 },
      { model_a: 'demo-detailed', model_b: 'demo-concise', winner: 'tie (bothbad)', tstamp: 1_700_000_100 },
      { model_a: 'demo-concise', model_b: 'demo-detailed', winner: 'tie', tstamp: 1_700_000_200 },
    ];
    const report = await withDatabase(({ db }) => importBattles(db, new Blob([battles.map((battle) => JSON.stringify(battle)).join('\n')]).stream(), createAnalyser()));
    expect(report.imported).toBe(3);

    const piped = await runCli(['export-battles'], env);
    expect(piped.code).toBe(0);
    const lines = piped.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ model_a, model_b, winner, tstamp }) => ({ model_a, model_b, winner, tstamp }))).toEqual(battles);
    expect(piped.stderr).toContain('Exported 3 battles.');

    const out = path.join(dataDir, 'battles.jsonl');
    const toFile = await runCli(['export-battles', '--out', out], env);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout.trim()).toBe(`Exported 3 battles to ${out}.`);
    expect(fs.readFileSync(out, 'utf8')).toBe(piped.stdout);
  });

  it('export-battles to a folder that does not exist fails with exit code 1', async () => {
    const result = await runCli(['export-battles', '--out', path.join(dataDir, 'missing', 'x.jsonl')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ENOENT/);
  });
});
