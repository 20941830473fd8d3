import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { BackupEncoder, type BackupHeader, type BackupSummary } from './format.js';
import { listTables, rowsQuery, type TableShape } from './tables.js';

const FETCH_ROWS = 1000;

/**
 * Settings that make PostgreSQL print values the same way whatever the server's defaults, so a
 * backup's text is the same for the same data on PGlite and on any PostgreSQL server.
 */
export async function pinOutputFormats(trx: Transaction<Database>): Promise<void> {
  for (const statement of ["SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL IntervalStyle = 'postgres'", 'SET LOCAL extra_float_digits = 1', "SET LOCAL bytea_output = 'hex'"]) {
    await sql.raw(statement).execute(trx);
  }
}

/** A table's rows as JSON lines, read through a cursor so memory stays flat however big it is. */
export async function* tableRows(trx: Transaction<Database>, table: TableShape, columns: string[] = table.columns.map((column) => column.name)): AsyncGenerator<string[]> {
  await sql`DECLARE dualmind_rows NO SCROLL CURSOR FOR ${rowsQuery(table.name, columns, table.key)}`.execute(trx);
  for (;;) {
    const { rows } = await sql<{ row: string }>`FETCH ${sql.raw(String(FETCH_ROWS))} FROM dualmind_rows`.execute(trx);
    if (rows.length > 0) yield rows.map((row) => row.row);
    if (rows.length < FETCH_ROWS) break;
  }
  await sql`CLOSE dualmind_rows`.execute(trx);
}

/**
 * Writes a backup of every table to `out`, gzip-compressed, from ONE read-only REPEATABLE READ
 * transaction: the snapshot is consistent (every comparison in it has its message, every vote
 * its comparison) while chats and votes keep being written. On the embedded database the
 * transaction holds its only connection, so other queries wait until the backup is written.
 */
export async function writeBackup(database: Pick<DatabaseHandle, 'db' | 'kind'>, out: NodeJS.WritableStream): Promise<BackupSummary> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await pinOutputFormats(trx);
      const tables = await listTables(trx);
      const header = await snapshotHeader(trx, database.kind, tables);
      const encoder = new BackupEncoder();
      let summary: BackupSummary | undefined;
      async function* text() {
        yield encoder.header(header);
        for (const table of tables) {
          yield encoder.beginTable(table.name, table.columns);
          for await (const rows of tableRows(trx, table)) yield rows.map((row) => encoder.row(row)).join('');
          yield encoder.endTable();
        }
        const end = encoder.end(header);
        summary = end.summary;
        yield end.line;
      }
      await pipeline(Readable.from(text()), createGzip(), out);
      return summary as BackupSummary;
    });
}

async function snapshotHeader(trx: Transaction<Database>, kind: DatabaseHandle['kind'], tables: TableShape[]): Promise<BackupHeader> {
  const ledger = await sql<{ found: string | null }>`SELECT to_regclass('public.schema_migrations')::text AS found`.execute(trx);
  if (ledger.rows[0]?.found === null) throw new NotFoundError('the database has no DualMind Lab tables yet: there is nothing to back up');
  const migrations = await trx.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  const version = await sql<{ server_version: string }>`SHOW server_version`.execute(trx);
  return {
    created_at: new Date().toISOString(),
    database: kind,
    server_version: version.rows[0]?.server_version ?? 'unknown',
    migrations: migrations.map((row) => row.version),
    tables: tables.map((table) => ({ name: table.name, columns: table.columns })),
  };
}
