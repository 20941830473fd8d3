import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

/** One table as a backup sees it: its stored columns and the order its rows are written in. */
export interface TableShape {
  name: string;
  columns: Array<{ name: string; type: string }>;
  /** Primary-key columns; empty when the table has none (rows are then ordered by their text). */
  key: Array<{ name: string; collatable: boolean }>;
}

/** Tables a backup leaves out: the migration ledger belongs to the database, not to the data. */
const NOT_DATA = new Set(['schema_migrations']);

type Executor = Kysely<Database>;

/**
 * Every table of the `public` schema (what the migrations create, other helpers' tables
 * included), with its columns (generated ones left out: they are computed, not stored data),
 * ordered so that a table comes after every table its foreign keys point to.
 */
export async function listTables(db: Executor): Promise<TableShape[]> {
  const { rows: tables } = await sql<{ name: string; oid: number }>`
    SELECT c.relname AS name, c.oid::int AS oid
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname COLLATE "C"`.execute(db);
  const { rows: columns } = await sql<{ table: string; name: string; type: string; generated: boolean }>`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; name: string; collatable: boolean }>`
    SELECT c.relname AS table, a.attname AS name, a.attcollation <> 0 AS collatable
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE n.nspname = 'public' AND i.indisprimary
    ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    SELECT DISTINCT c.relname AS child, p.relname AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public'`.execute(db);

  const shapes = tables
    .filter((table) => !NOT_DATA.has(table.name))
    .map((table) => ({
      name: table.name,
      columns: columns.filter((column) => column.table === table.name && !column.generated).map(({ name, type }) => ({ name, type })),
      key: keys.filter((key) => key.table === table.name).map(({ name, collatable }) => ({ name, collatable })),
    }));
  return dependencyOrder(shapes, references);
}

/** Parents before children (Kahn's algorithm, ties by name); a table referring to itself is fine. */
export function dependencyOrder<T extends { name: string }>(listed: T[], references: Array<{ child: string; parent: string }>): T[] {
  const tables = [...listed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(tables.map((table) => [table.name, table]));
  const parents = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && byName.has(child) && byName.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table.name) && [...(parents.get(table.name) ?? [])].every((parent) => placed.has(parent)));
    if (ready.length === 0) {
      const left = tables.filter((table) => !placed.has(table.name)).map((table) => table.name);
      throw new Error(`tables ${left.join(', ')} refer to each other in a cycle: no order loads them`);
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

/**
 * The rows of a table as JSON text, one per row, in a fixed order that does not depend on the
 * database's collation (text keys compare bytewise), with the columns in the order given: the
 * same data gives the same lines on PGlite and on any PostgreSQL server.
 */
export function rowsQuery(table: string, columns: string[], key: TableShape['key']): RawBuilder<{ row: string }> {
  const order =
    key.length > 0
      ? sql.join(key.map((column) => (column.collatable ? sql`r.${sql.id(column.name)} COLLATE "C"` : sql`r.${sql.id(column.name)}`)))
      : sql`row_to_json(r)::text COLLATE "C"`;
  return sql<{ row: string }>`SELECT row_to_json(r)::text AS row FROM (SELECT ${sql.join(columns.map((column) => sql.id(column)))} FROM ${sql.id(table)}) r ORDER BY ${order}`;
}
