import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { KeyCipher } from '../../src/providers/keyCrypto.js';
import { runCli } from './cliProcess.js';

/** `rotate-secret` on an embedded installation that never set DUALMIND_SECRET_KEY. */
describe('rotate-secret with the secret generated into DATA_DIR', () => {
  let dataDir: string;
  const secretFile = () => fs.readFileSync(path.join(dataDir, 'secret-key'), 'utf8').trim();
  const storedKeys = async () => {
    const handle = await openDatabase({ dataDir });
    try {
      return (await handle.db.selectFrom('provider_api_keys').select('api_key').execute()).map((row) => row.api_key);
    } finally {
      await handle.close();
    }
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-rotate-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('asks first: without a terminal and without --yes it changes nothing', { timeout: 120_000 }, async () => {
    const key = `gsk_dualmind-test-rotate-${randomUUID()}`;
    expect((await runCli(['add-key', 'groq', '-'], { DATA_DIR: dataDir }, key)).code).toBe(0);
    const before = secretFile();
    const keysBefore = await storedKeys();

    const refused = await runCli(['rotate-secret'], { DATA_DIR: dataDir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(`Generate a new secret into ${dataDir}/secret-key and re-encrypt 1 provider key(s) under it.`);
    expect(refused.stderr.split('\n')[0]).toBe('dualmind: rotate-secret: stdin is not a terminal to confirm on; pass --yes to go ahead');
    expect(secretFile()).toBe(before);
    expect(await storedKeys()).toEqual(keysBefore);

    const rotated = await runCli(['rotate-secret', '--yes'], { DATA_DIR: dataDir });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('Re-encrypted 1 key(s).');
    const after = secretFile();
    expect(after).not.toBe(before);
    expect(Buffer.from(after, 'base64')).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'secret-key')).mode & 0o777).toBe(0o600);
    const [stored] = await storedKeys();
    expect(new KeyCipher(after).decrypt(stored ?? '')).toBe(key);
    expect(() => new KeyCipher(before).decrypt(stored ?? '')).toThrow();
    expect(rotated.stdout + rotated.stderr).not.toContain(after);
  });

  it('refuses while a process holds the data directory', async () => {
    const handle = await openDatabase({ dataDir });
    try {
      const result = await runCli(['rotate-secret', '--yes'], { DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/data directory in use/);
    } finally {
      await handle.close();
    }
  });
});
