import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readOrCreateSecret } from './secrets.js';

it('generates a secret once, readable by the owner only, and returns the same one afterwards', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-secret-'));
  try {
    const first = readOrCreateSecret(dir, 'secret-key');
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'secret-key')).mode & 0o777).toBe(0o600);
    expect(readOrCreateSecret(dir, 'secret-key')).toBe(first);
    expect(readOrCreateSecret(dir, 'other')).not.toBe(first);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
