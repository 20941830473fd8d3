import fs from 'node:fs';
import type pg from 'pg';
import type { Logger } from '../logger.js';

export interface Migration {
  version: string;
  name: string;
  /**
   * Runs inside a transaction (see migrate()): a statement PostgreSQL refuses in a transaction
   * block (CREATE INDEX CONCURRENTLY, VACUUM, ALTER SYSTEM, ...) makes the migration fail.
   */
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * A fixed key for the migration advisory lock: every instance migrating one database takes the same
 * lock. Earlier versions took a session-level lock on this same key, and session and transaction
 * advisory locks on one key exclude each other, so an older and a newer instance starting together
 * during an upgrade still do not both migrate.
 */
export const MIGRATION_LOCK_KEY = 727_463_101;

/** The SQL files under migrations/, ordered by their numeric prefix (0001_name.sql). */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const [, version = '', name = ''] = /^(\d{4})_([\w-]+)\.sql$/.exec(file) ?? [];
      return { version, name, sql: fs.readFileSync(new URL(file, dir), 'utf8') };
    });
}

/**
 * Applies the migrations that are not yet recorded in schema_migrations, in order, each in its own
 * transaction: BEGIN, take the migration lock (transaction-scoped, see withMigrationLock), read
 * schema_migrations again, and if the migration is still missing apply it and record its version,
 * COMMIT. Instances that start together therefore apply each migration once: the second waits for
 * the first's transaction, then finds the version recorded and skips it. The lock lives and dies with
 * one transaction on one server connection, so this also holds behind a transaction-mode pooler.
 * Returns the versions applied by this call.
 */
export async function migrate(pool: pg.Pool, logger: Logger, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  // Set when a ROLLBACK failed: the connection is then closed rather than handed back to the pool.
  let broken: Error | undefined;

  /**
   * Runs `work` in one transaction that holds the migration lock. The lock is transaction-scoped
   * (pg_advisory_xact_lock): PostgreSQL releases it at COMMIT or ROLLBACK on the server connection
   * that took it, so it cannot outlive the transaction. Behind a transaction-mode pooler (PgBouncer
   * `pool_mode = transaction`, Supabase's pooler on port 6543) a client keeps one server connection
   * only for the length of a transaction, so a session lock taken by one statement and released by
   * a later one could land on two different connections and stay held.
   * READ COMMITTED whatever the database's default_transaction_isolation: every statement after the
   * lock then sees what the instance that held it before committed.
   */
  const withMigrationLock = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    let result: T;
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      result = await work();
      await client.query('COMMIT');
    } catch (error) {
      // If the connection is gone, PostgreSQL ends the transaction (and the lock) itself; the
      // error worth reporting is `error`.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
    return result;
  };

  try {
    // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide.
    const done = await withMigrationLock(async () => {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version text PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;
      `);
      const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
      return new Set(rows.map((row) => row.version));
    });
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      const started = performance.now();
      let ran: boolean;
      try {
        ran = await withMigrationLock(async () => {
          // Another instance may have applied it since the list was read.
          const recorded = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
          if (recorded.rowCount) return false;
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          return true;
        });
      } catch (error) {
        throw new Error(`migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      if (!ran) {
        logger.debug({ migration: `${migration.version}_${migration.name}` }, 'migration already applied by another instance');
        continue;
      }
      applied.push(migration.version);
      logger.info({ migration: `${migration.version}_${migration.name}`, duration_ms: Math.round(performance.now() - started) }, 'migration applied');
    }
  } finally {
    client.release(broken);
  }
  return applied;
}

/** True when every known migration is recorded as applied (the readiness check). */
export async function isMigrated(pool: pg.Pool, migrations: Migration[]): Promise<boolean> {
  const result = await pool.query<{ count: string }>('SELECT count(*) AS count FROM schema_migrations WHERE version = ANY($1)', [
    migrations.map((migration) => migration.version),
  ]);
  return Number(result.rows[0]?.count) === migrations.length;
}
