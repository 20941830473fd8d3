import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { readSeedSchema } from '../helpers/seedSchema.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');
const seed = readSeedSchema();
const SEED_TABLES = [...new Set(seed.map((column) => column.table))];

const PG_TYPES: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  timestamptz: 'timestamp with time zone',
  integer: 'integer',
  boolean: 'boolean',
};

/** information_schema spells `'user'` as `'user'::text`; the seed spells it `'user'`. */
function normaliseDefault(value: string | null): string | null {
  return value === null ? null : value.replace(/::text$/, '');
}

/** Every foreign key the seed's "Key relationships" and the foundation issue ask for. */
const FOREIGN_KEYS = [
  ['threads', 'user_id', 'users'],
  ['thread_messages', 'thread_id', 'threads'],
  ['thread_messages', 'model1_id', 'ai_models'],
  ['thread_messages', 'model2_id', 'ai_models'],
  ['thread_messages', 'comparison_id', 'comparisons'],
  ['comparisons', 'user_id', 'users'],
  ['comparisons', 'model1_id', 'ai_models'],
  ['comparisons', 'model2_id', 'ai_models'],
  ['model_votes', 'user_id', 'users'],
  ['model_votes', 'comparison_id', 'comparisons'],
  ['model_votes', 'winner_model_id', 'ai_models'],
  ['provider_api_keys', 'provider_name', 'providers'],
  ['provider_api_keys', 'created_by', 'users'],
  ['ai_models', 'created_by', 'users'],
] as const;

it('reads all nine tables from the seed document', () => {
  expect(SEED_TABLES).toEqual([
    'users',
    'ai_models',
    'threads',
    'thread_messages',
    'comparisons',
    'model_votes',
    'providers',
    'provider_api_keys',
    'system_settings',
  ]);
  expect(seed.length).toBe(6 + 9 + 5 + 11 + 10 + 5 + 6 + 14 + 4);
});

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.handle.pool, logger);
  });
  afterAll(() => database.close());

  it('creates the nine seed tables column by column as the seed specifies', async () => {
    const { rows } = await database.handle.pool.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: 'YES' | 'NO';
      column_default: string | null;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)`,
      [SEED_TABLES],
    );
    const actual = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    for (const column of seed) {
      const row = actual.get(`${column.table}.${column.column}`);
      expect(row, `${column.table}.${column.column} exists`).toBeDefined();
      expect({ column: `${column.table}.${column.column}`, type: row?.data_type, nullable: row?.is_nullable === 'YES', default: normaliseDefault(row?.column_default ?? null) }).toEqual({
        column: `${column.table}.${column.column}`,
        type: PG_TYPES[column.type],
        nullable: column.nullable,
        default: column.default,
      });
    }
    // Anything a later migration adds to a seed table must be nullable (DESIGN principle 2).
    const seedNames = new Set(seed.map((column) => `${column.table}.${column.column}`));
    const added = rows.filter((row) => !seedNames.has(`${row.table_name}.${row.column_name}`));
    expect(added.filter((row) => row.is_nullable === 'NO')).toEqual([]);
  });

  it('has the seed primary keys', async () => {
    const { rows } = await database.handle.pool.query<{ table_name: string; column_name: string }>(
      `SELECT tc.table_name, kcu.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
       WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name = ANY($1)`,
      [SEED_TABLES],
    );
    const expected = seed.filter((column) => column.primaryKey).map((column) => `${column.table}.${column.column}`);
    expect(rows.map((row) => `${row.table_name}.${row.column_name}`).sort()).toEqual(expected.sort());
  });

  it('has the foreign keys of the seed relationships, validated', async () => {
    const { rows } = await database.handle.pool.query<{ tbl: string; col: string; ref: string; validated: boolean }>(
      `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, c.convalidated AS validated
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    );
    const found = rows.map((row) => `${row.tbl}.${row.col}->${row.ref}:${row.validated}`);
    for (const [table, column, ref] of FOREIGN_KEYS) expect(found).toContain(`${table}.${column}->${ref}:true`);
  });

  it('enables row-level security on every table it owns', async () => {
    const { rows } = await database.handle.pool.query<{ relname: string; relrowsecurity: boolean }>(
      `SELECT relname, relrowsecurity FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((row) => !row.relrowsecurity).map((row) => row.relname)).toEqual([]);
  });

  it('writes the first-start data once, and a second run applies nothing', async () => {
    expect(await migrate(database.handle.pool, logger)).toEqual([]);
    const db = database.handle.db;
    const providers = await db.selectFrom('providers').select('provider_name').orderBy('provider_name').execute();
    expect(providers.map((row) => row.provider_name)).toEqual(['bytez', 'demo', 'groq']);
    const models = await db.selectFrom('ai_models').select(['model_name', 'provider_name', 'status']).execute();
    expect(models).toEqual(
      expect.arrayContaining([
        { model_name: 'llama-3.3-70b-versatile', provider_name: 'groq', status: 'inactive' },
        { model_name: 'llama-3.1-8b-instant', provider_name: 'groq', status: 'inactive' },
        { model_name: 'demo-concise', provider_name: 'demo', status: 'active' },
        { model_name: 'demo-detailed', provider_name: 'demo', status: 'active' },
      ]),
    );
    expect(models).toHaveLength(4);
    const sharing = await db.selectFrom('system_settings').select('value').where('key', '=', 'public_sharing').executeTakeFirst();
    expect(sharing?.value).toBe('true');
  });

  it('rejects rows that break the constraints', async () => {
    const db = database.handle.db;
    await expect(
      db.insertInto('threads').values({ user_id: '00000000-0000-4000-8000-000000000001', title: 'orphan' }).execute(),
    ).rejects.toThrow(/foreign key/);
    await expect(sql`INSERT INTO ai_models (model_name) VALUES (NULL)`.execute(db)).rejects.toThrow(/null value/);
  });
});

describe('migrations on postgres, two instances at once', () => {
  it('applies each migration exactly once', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const other = await openDatabase({ url: database.url });
      try {
        const results = await Promise.all([migrate(database.handle.pool, logger), migrate(other.pool, logger)]);
        const versions = loadMigrations().map((migration) => migration.version);
        expect(versions.length).toBeGreaterThanOrEqual(3);
        expect(results.flat().sort()).toEqual(versions);
        const { rows } = await database.handle.pool.query('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((row) => row.version)).toEqual(versions);
        const { rows: models } = await database.handle.pool.query('SELECT count(*)::int AS n FROM ai_models');
        expect(models[0].n).toBe(4);
      } finally {
        await other.close();
      }
    } finally {
      await database.close();
    }
  });
});
