import fs from 'node:fs';
import path from 'node:path';
import { cliActor } from '../../audit/log.js';
import { checkBackup } from '../../backup/format.js';
import { inspectTarget, planRestore, restoreBackup, type TargetState } from '../../backup/restore.js';
import { loadMigrations } from '../../db/migrate.js';
import { ConflictError } from '../../errors.js';
import { surveyKeys } from '../../providers/keyRotation.js';
import { createKeyCipher } from '../../providers/service.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { openConfiguredDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { confirm } from '../input.js';
import { note, print } from '../output.js';

function describeTarget(url: string | undefined, dataDir: string): string {
  if (!url) return `the embedded database in ${dataDir}`;
  const parsed = new URL(url);
  return `the PostgreSQL database ${parsed.pathname.slice(1) || '(default)'} on ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
}

const describeRows = (state: TargetState) =>
  Object.entries(state.rows)
    .filter(([, count]) => count > 0)
    .map(([table, count]) => `${count} ${table}`)
    .join(', ');

/**
 * `restore FILE [--replace] [--yes]`: checks the whole file first (format, version, checksums,
 * truncation) without touching the database, then says what it will do and asks; a database
 * that already holds data is replaced only with --replace. The restore itself is one
 * transaction (see restoreBackup).
 */
export const restoreCommand: Command = async (args, { config, logger }) => {
  const { values, positionals } = parseCommand('restore', args, { yes: { type: 'boolean' }, replace: { type: 'boolean' } }, ['file']);
  const file = path.resolve(positionals[0] ?? '');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`restore: no file ${positionals[0]}`);

  const summary = await checkBackup(file);
  print(`${positionals[0]}: a backup of a ${summary.header.database} database taken ${summary.header.created_at}, ${summary.tables.length} tables, ${summary.rows} rows; checked.`);

  const database = await openConfiguredDatabase(config);
  try {
    const target = await inspectTarget(database);
    const plan = planRestore(summary, target, loadMigrations());
    const where = describeTarget(config.DATABASE_URL, config.DATA_DIR);
    if (target.hasData && !values.replace) {
      throw new ConflictError(`${where} already holds data (${describeRows(target)}): pass --replace to replace all of it with the backup`);
    }
    print(`This replaces everything in ${where}${target.hasData ? ` (${describeRows(target)})` : ''} with the backup.`);
    if (!(await confirm('restore', 'Go ahead?', values.yes))) {
      print('Nothing changed.');
      return 1;
    }
    const report = await restoreBackup(database, file, summary, plan, { logger, actor: cliActor() });
    print(`Restored ${report.tables} tables, ${report.rows} rows${plan.after.length > 0 ? `, then applied ${plan.after.length} newer migration(s)` : ''}.`);

    const keys = await surveyKeys(database.db, createKeyCipher(config));
    if (keys.undecryptable.length > 0) {
      note(`warning: ${keys.undecryptable.length} of ${keys.total} provider key(s) cannot be decrypted with this installation's secret: set DUALMIND_SECRET_KEY to the secret of the installation the backup comes from (its DUALMIND_SECRET_KEY, or the file DATA_DIR/secret-key), or enter the keys again.`);
    }
    return 0;
  } finally {
    await database.close();
  }
};
