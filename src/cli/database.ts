import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../logger.js';

/** The server's database, opened as the server opens it (same URL, DATA_DIR lock and pool size). */
export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
}

/**
 * Runs `work` on the database, brought up to date first as the server does on start, so a
 * command works on a fresh DATA_DIR before the server has ever run. Always closes it.
 */
export async function withMigratedDatabase<T>(config: Config, logger: Logger, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.pool, logger);
    return await work(database);
  } finally {
    await database.close();
  }
}
