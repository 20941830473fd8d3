import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret that must survive restarts but that nobody configured: generated once into
 * DATA_DIR, readable by the owner only. Several server instances must share it, so a cluster
 * sets the matching environment variable instead (see README).
 */
export function readOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    // Written aside and linked into place: processes starting together (WORKERS) never read a
    // half-written file, and the first link wins (link fails on an existing name).
    const draft = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(draft, randomBytes(bytes).toString('base64'), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Replaces a secret file in one step (a new file renamed over the old), so a crash leaves the
 * old content or the new, never half of it.
 */
export function replaceSecret(dataDir: string, name: string, content: string): void {
  const file = path.join(dataDir, name);
  const next = `${file}.${process.pid}.new`;
  fs.writeFileSync(next, content, { mode: 0o600 });
  fs.renameSync(next, file);
}

/** `a,b` or one per line: a list of secrets, the first one current (DUALMIND_SECRET_KEY). */
export function parseSecretList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}
