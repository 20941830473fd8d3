import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/**
 * The test's own reading of a backup file and of a database, written apart from src/backup so
 * that a shared mistake cannot hide: rows are parsed, their keys sorted, and each table reduced
 * to its row count and a SHA-256 of its sorted canonical rows.
 */
export type TableContents = Record<string, { rows: number; digest: string }>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

function digest(rows: unknown[]): { rows: number; digest: string } {
  const lines = rows.map((row) => JSON.stringify(canonical(row))).sort();
  return { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

/** Every table's rows as the file holds them. */
export function fileRows(file: string): Record<string, Array<Record<string, unknown>>> {
  const text = gunzipSync(fs.readFileSync(file)).toString('utf8');
  const tables: Record<string, Array<Record<string, unknown>>> = {};
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = JSON.parse(line) as unknown;
    if (Array.isArray(parsed)) {
      if (parsed[0] === 'table') {
        current = parsed[1] as string;
        tables[current] = [];
      }
      continue;
    }
    tables[current as string]?.push(parsed as Record<string, unknown>);
  }
  return tables;
}

export function fileContents(file: string): TableContents {
  return Object.fromEntries(Object.entries(fileRows(file)).map(([table, rows]) => [table, digest(rows)]));
}

/** The same, read from a live database, for the given tables. */
export async function databaseContents(db: Kysely<Database>, tables: string[]): Promise<TableContents> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const contents: TableContents = {};
    for (const table of tables) {
      const { rows } = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM ${sql.id(table)} t`.execute(trx);
      contents[table] = digest(rows.map((row) => JSON.parse(row.row)));
    }
    return contents;
  });
}
