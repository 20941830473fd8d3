import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { parse as parseConnectionString, toClientConfig } from 'pg-connection-string';
import { lockDataDir } from './dataDirLock.js';
import { startEmbeddedPostgres } from './embedded.js';
import { prepareMarkedQueries } from './prepared.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  kind: 'embedded' | 'postgres';
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** Where the embedded database keeps its files; undefined keeps it in memory. */
  dataDir?: string | undefined;
  /**
   * A PGlite data-directory dump (`dumpDataDir`) that an in-memory embedded database starts from
   * instead of an empty cluster: tests start each database from one already-migrated copy.
   */
  initialDump?: string | undefined;
  poolMax?: number;
}

/**
 * libpq semantics for sslmode (`require` encrypts without verifying the certificate, as psql
 * and Supabase's instructions expect), rather than node-postgres's stricter reading.
 */
export function postgresClientConfig(url: string): pg.ClientConfig {
  return toClientConfig(parseConnectionString(url, { useLibpqCompat: true }));
}

function wrap(kind: DatabaseHandle['kind'], pool: pg.Pool, onClose: () => Promise<void>): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    kind,
    db,
    pool,
    close() {
      // Kysely's destroy ends the pool.
      closing ??= db.destroy().then(onClose);
      return closing;
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ ...postgresClientConfig(options.url), max: options.poolMax ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on the next checkout.
    });
    return wrap('postgres', pool, async () => {});
  }

  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let embedded;
  try {
    embedded = await startEmbeddedPostgres(options.dataDir ? path.join(options.dataDir, 'pg') : undefined, options.initialDump);
  } catch (error) {
    release();
    throw error;
  }
  // One connection: PGlite runs one statement at a time anyway, and the socket server
  // interleaves extended-protocol messages of concurrent connections (Parse of one client
  // between Parse and Bind of another), which is only safe with a single client.
  const pool = new pg.Pool({ host: '127.0.0.1', port: embedded.port, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => {});
  pool.on('connect', prepareMarkedQueries);
  return wrap('embedded', pool, async () => {
    await embedded.stop();
    release();
  });
}
