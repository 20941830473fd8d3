import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cliActor, recordAudit } from '../../audit/log.js';
import { writeBackupFile } from '../../backup/files.js';
import { LOCAL_TOKEN_HEADER, readLocalApi } from '../../backup/localApi.js';
import { writeBackup } from '../../backup/snapshot.js';
import type { Config } from '../../config.js';
import { DataDirInUseError } from '../../db/dataDirLock.js';
import { AppError } from '../../errors.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { openConfiguredDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { confirm } from '../input.js';
import { print } from '../output.js';

/** The running server's database, streamed through its local route (see src/backup/localApi.ts). */
async function downloadFromServer(config: Config, out: fs.WriteStream): Promise<string> {
  const local = readLocalApi(config.DATA_DIR);
  if (!local) throw new AppError('unavailable', `${config.DATA_DIR} is held by a running server that publishes no local address (an older version?): stop it and run backup again`);
  let response: Response;
  try {
    response = await fetch(`${local.url}/api/local/backup`, { headers: { [LOCAL_TOKEN_HEADER]: local.token } });
  } catch (error) {
    throw new AppError('unavailable', `cannot reach the server holding ${config.DATA_DIR} at ${local.url}: ${(error as Error).message}`);
  }
  if (response.status !== 200 || !response.body) {
    throw new AppError('unavailable', `the server at ${local.url} refused the backup (${response.status}): ${await response.text()}`);
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), out);
  return `through the server running at ${local.url}`;
}

/**
 * `backup FILE`: one consistent snapshot of the database, from the database directly, or, when
 * a server holds the embedded data directory, through that server. The file is checked before
 * it takes its name, so a file called FILE is always a complete backup.
 */
export const backupCommand: Command = async (args, { config, logger }) => {
  const { values, positionals } = parseCommand('backup', args, { yes: { type: 'boolean' } }, ['file']);
  const file = path.resolve(positionals[0] ?? '');
  if (!fs.existsSync(path.dirname(file))) throw new UsageError(`backup: the folder ${path.dirname(file)} does not exist`);
  if (fs.existsSync(file)) {
    if (fs.statSync(file).isDirectory()) throw new UsageError(`backup: ${positionals[0]} is a folder; give a file name`);
    print(`${positionals[0]} exists and will be replaced.`);
    if (!(await confirm('backup', 'Replace it?', values.yes))) {
      print('Nothing written.');
      return 1;
    }
  }

  let how = 'from the database';
  const summary = await writeBackupFile(file, async (out) => {
    let database;
    try {
      database = await openConfiguredDatabase(config);
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      how = await downloadFromServer(config, out);
      return;
    }
    try {
      const written = await writeBackup(database, out);
      await recordAudit(database.db, { actor: cliActor(), action: 'database.backup', target: file, details: { tables: written.tables.length, rows: written.rows } });
    } finally {
      await database.close();
    }
  });
  logger.debug({ file, sha256: summary.sha256 }, 'backup checked');
  const megabytes = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
  print(`Backed up ${summary.tables.length} tables, ${summary.rows} rows (${summary.header.database} database) to ${positionals[0]} (${megabytes} MB), ${how}.`);
  return 0;
};
