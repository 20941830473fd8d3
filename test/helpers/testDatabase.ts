import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Storage tests run once per kind: `describe.each(DATABASE_KINDS)`. */
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  kind: DatabaseKind;
  handle: DatabaseHandle;
  /** Set for PostgreSQL: the URL of this test's own database. */
  url: string | undefined;
  close(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of its own: an in-memory PGlite, or a new database on the run's PostgreSQL
 * server. Empty unless `migrated`, which copies the run's migrated template (globalSetup) where
 * the project has one: what a server would otherwise spend its first seconds creating.
 */
export async function createTestDatabase(kind: DatabaseKind, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ initialDump: options.migrated ? inject('pgliteTemplate') : undefined });
    return { kind, handle, url: undefined, close: () => handle.close() };
  }
  const name = `dualmind_test_${randomUUID().replaceAll('-', '')}`;
  const template = options.migrated ? inject('postgresTemplate') : undefined;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = inject('postgresUrl').replace(/\/[^/]*$/, `/${name}`);
  const handle = await openDatabase({ url });
  return {
    kind,
    handle,
    url,
    async close() {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
