import fs from 'node:fs';
import path from 'node:path';
import { checkBackup, type BackupSummary } from './format.js';

/**
 * Produces a backup file safely: written next to its destination under a temporary name (mode
 * 0600: it holds password hashes and encrypted keys), flushed to disk, checked end to end as a
 * restore would check it, and only then renamed into place. A failure at any step leaves no
 * file that looks like a backup.
 */
export async function writeBackupFile(destination: string, write: (out: fs.WriteStream) => Promise<unknown>): Promise<BackupSummary> {
  const partial = path.join(path.dirname(destination), `.${path.basename(destination)}.${process.pid}.partial`);
  try {
    await write(fs.createWriteStream(partial, { mode: 0o600 }));
    const handle = await fs.promises.open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const summary = await checkBackup(partial);
    await fs.promises.rename(partial, destination);
    return summary;
  } finally {
    await fs.promises.rm(partial, { force: true });
  }
}

/** Automatic backups are named by the time they were taken, so names sort like times. */
const SCHEDULED_NAME = /^dualmind-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.backup$/;

export function scheduledBackupName(at: Date): string {
  return `dualmind-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.backup`;
}

/** The automatic backups in `dir`, oldest first, with the time each was taken. */
export function listScheduledBackups(dir: string): Array<{ file: string; at: Date }> {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => SCHEDULED_NAME.test(name))
    .sort()
    .map((name) => {
      const [, y, mo, d, h, mi, s] = SCHEDULED_NAME.exec(name) as RegExpExecArray;
      return { file: path.join(dir, name), at: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`) };
    });
}
