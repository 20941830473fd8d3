import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/log.js';
import type { DatabaseHandle } from '../db/connection.js';
import { migrate, type Migration } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { ConflictError } from '../errors.js';
import type { Logger } from '../logger.js';
import { BackupFileError, readBackup, type BackupSummary } from './format.js';
import { pinOutputFormats, tableRows } from './snapshot.js';
import { listTables, type TableShape } from './tables.js';

/**
 * Tables whose rows mean someone used the lab. A fresh installation has none of them; the rows
 * it starts with (the built-in providers, models and settings) are replaced without asking.
 */
const DATA_TABLES = ['users', 'threads', 'comparisons', 'model_votes', 'provider_api_keys', 'audit_log'] as const;

export interface TargetState {
  /** Migration versions applied to the target (none on an empty database). */
  applied: string[];
  /** Rows in the tables that hold data, for those that exist. */
  rows: Partial<Record<(typeof DATA_TABLES)[number], number>>;
  hasData: boolean;
}

export async function inspectTarget(database: Pick<DatabaseHandle, 'db'>): Promise<TargetState> {
  const { db } = database;
  const present = async (table: string) => (await sql<{ found: string | null }>`SELECT to_regclass(${`public.${table}`})::text AS found`.execute(db)).rows[0]?.found !== null;
  const applied = (await present('schema_migrations')) ? (await db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((row) => row.version) : [];
  const rows: TargetState['rows'] = {};
  for (const table of DATA_TABLES) {
    if (!(await present(table))) continue;
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id(table)}`.execute(db);
    rows[table] = Number(counted[0]?.n ?? 0);
  }
  return { applied, rows, hasData: Object.values(rows).some((count) => count > 0) };
}

export interface RestorePlan {
  /** Applied before loading: the schema the backup was made at (on an empty database). */
  before: Migration[];
  /** Applied after loading: what this version adds to the backup's schema (its data steps run on the restored rows). */
  after: Migration[];
}

/**
 * How to bring the target to the backup's schema. A backup from a newer version is refused; an
 * older one is loaded into an empty database at its own schema version, and the newer
 * migrations then run on its rows as they would on an upgrade. A target already at another
 * version than the backup is refused: migrations only go forward.
 */
export function planRestore(summary: BackupSummary, target: TargetState, known: Migration[]): RestorePlan {
  const wanted = new Set(summary.header.migrations);
  const unknown = summary.header.migrations.filter((version) => !known.some((migration) => migration.version === version));
  if (unknown.length > 0) {
    throw new BackupFileError(`the backup was made by a newer DualMind Lab (it has migrations ${unknown.join(', ')} that this version does not know): upgrade DualMind Lab to restore it`);
  }
  const after = known.filter((migration) => !wanted.has(migration.version));
  if (target.applied.length === 0) return { before: known.filter((migration) => wanted.has(migration.version)), after };
  const same = target.applied.length === wanted.size && target.applied.every((version) => wanted.has(version));
  if (!same) {
    throw new ConflictError(
      `the database is at another schema version than the backup (migrations ${target.applied.join(', ')} applied; the backup has ${summary.header.migrations.join(', ')}): restore it into an empty database (a new DATA_DIR or a new PostgreSQL database), which the restore brings up to date after loading`,
    );
  }
  return { before: [], after };
}

export interface RestoreReport {
  tables: number;
  rows: number;
}

async function insertRows(trx: Transaction<Database>, table: string, columns: string[], rows: string[]): Promise<void> {
  const list = sql.join(columns.map((column) => sql.id(column)));
  await sql`INSERT INTO ${sql.id(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${sql.id(table)}, ${`[${rows.join(',')}]`}::json)`.execute(trx);
}

/** Serial and identity columns continue after the restored rows. */
async function resetSequences(trx: Transaction<Database>): Promise<void> {
  const { rows } = await sql<{ table: string; column: string; sequence: string }>`
    SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(format('public.%I', c.relname), a.attname) AS sequence
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND pg_get_serial_sequence(format('public.%I', c.relname), a.attname) IS NOT NULL`.execute(trx);
  for (const { table, column, sequence } of rows) {
    await sql`SELECT setval(${sequence}::regclass, coalesce((SELECT max(${sql.id(column)}) FROM ${sql.id(table)}), 0) + 1, false)`.execute(trx);
  }
}

/** The target's tables must be the backup's, each with at least the backup's columns. */
function matchTables(summary: BackupSummary, tables: TableShape[]): Map<string, TableShape> {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const missing = summary.header.tables.filter((table) => !byName.has(table.name)).map((table) => table.name);
  const extra = tables.filter((table) => !summary.header.tables.some((backed) => backed.name === table.name)).map((table) => table.name);
  if (missing.length > 0 || extra.length > 0) {
    throw new ConflictError(`the database's tables differ from the backup's (${[...missing.map((name) => `missing ${name}`), ...extra.map((name) => `not in the backup: ${name}`)].join('; ')})`);
  }
  for (const backed of summary.header.tables) {
    const columns = new Set(byName.get(backed.name)?.columns.map((column) => column.name));
    const absent = backed.columns.filter((column) => !columns.has(column.name)).map((column) => column.name);
    if (absent.length > 0) throw new ConflictError(`table ${backed.name} has no column ${absent.join(', ')} here, unlike the backup`);
  }
  return byName;
}

/**
 * Replaces every table's rows with the backup's, in ONE transaction: on any failure nothing has
 * changed. User triggers are off while loading (the rows are restored as they were, derived
 * tables included, and the append-only audit log can be emptied first), foreign keys are not.
 * The file is read again and checked as it loads (a file changed since its check fails), and
 * before committing every table is read back and compared with the backup's checksum of it.
 * The restore itself is the last entry of the restored audit log.
 */
export async function restoreBackup(
  database: Pick<DatabaseHandle, 'db' | 'pool'>,
  file: string,
  summary: BackupSummary,
  plan: RestorePlan,
  context: { logger: Logger; actor: AuditActor },
): Promise<RestoreReport> {
  if (plan.before.length > 0) await migrate(database.pool, context.logger, plan.before);
  await database.db.transaction().execute(async (trx) => {
    await pinOutputFormats(trx);
    const tables = matchTables(summary, await listTables(trx));
    const names = [...tables.keys()];
    for (const name of names) await sql`ALTER TABLE ${sql.id(name)} DISABLE TRIGGER USER`.execute(trx);
    await sql`TRUNCATE ${sql.join(names.map((name) => sql.id(name)))} RESTART IDENTITY`.execute(trx);

    let columns: string[] = [];
    for await (const item of readBackup(file)) {
      if (item.kind === 'table') columns = item.columns;
      else if (item.kind === 'rows') await insertRows(trx, item.table, columns, item.rows);
      else if (item.kind === 'end' && item.summary.sha256 !== summary.sha256) throw new BackupFileError('the backup file changed while it was being restored');
    }
    await resetSequences(trx);

    for (const backed of summary.tables) {
      const shape = tables.get(backed.name) as TableShape;
      const columnsInBackup = summary.header.tables.find((table) => table.name === backed.name)?.columns.map((column) => column.name) ?? [];
      const hash = createHash('sha256');
      for await (const rows of tableRows(trx, shape, columnsInBackup)) for (const row of rows) hash.update(`${row}\n`);
      if (hash.digest('hex') !== backed.sha256) throw new Error(`table ${backed.name} does not read back as it was backed up: nothing was restored`);
    }

    for (const name of names) await sql`ALTER TABLE ${sql.id(name)} ENABLE TRIGGER USER`.execute(trx);
    await recordAudit(trx, {
      actor: context.actor,
      action: 'database.restore',
      target: file,
      details: { backup_created_at: summary.header.created_at, backup_database: summary.header.database, tables: summary.tables.length, rows: summary.rows, sha256: summary.sha256 },
    });
  });
  if (plan.after.length > 0) await migrate(database.pool, context.logger, plan.after);
  return { tables: summary.tables.length, rows: summary.rows };
}
