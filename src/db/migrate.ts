import fs from 'node:fs';
import type pg from 'pg';
import type { Logger } from '../logger.js';

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** A fixed key for pg_advisory_lock: every instance migrating one database takes the same lock. */
const MIGRATION_LOCK_KEY = 727_463_101;

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
 * Applies the migrations that are not yet recorded in schema_migrations, each in its own
 * transaction. An advisory lock makes instances that start together apply them once: the
 * second waits for the first, then finds nothing left to do.
 * Returns the versions applied by this call.
 */
export async function migrate(pool: pg.Pool, logger: Logger, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version text PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;
      `);
      const done = new Set(
        (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
      );
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        const started = performance.now();
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.version);
        logger.info({ migration: `${migration.version}_${migration.name}`, duration_ms: Math.round(performance.now() - started) }, 'migration applied');
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
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
