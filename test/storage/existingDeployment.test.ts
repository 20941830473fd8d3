import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { readSeedSchema } from '../helpers/seedSchema.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');

/**
 * An existing DualMind Lab deployment as the seed describes it: the nine tables built by hand
 * (one foreign key under a name of its own, the others missing), holding rows — among them a
 * message pointing at a comparison that no longer exists, which a deployment without foreign
 * keys can accumulate.
 */
const EXISTING_DEPLOYMENT = `
CREATE TABLE users (user_id uuid PRIMARY KEY, full_name text, email text, role text DEFAULT 'user', created_at timestamptz DEFAULT now(), last_login_at timestamptz);
CREATE TABLE ai_models (model_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), model_name text NOT NULL, provider_name text, api_url text, description text, status text DEFAULT 'active', created_by uuid, created_at timestamptz DEFAULT now(), updated_at timestamptz);
CREATE TABLE threads (thread_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid CONSTRAINT fk_thread_owner REFERENCES users (user_id), title text, visibility text DEFAULT 'private', created_at timestamptz DEFAULT now());
CREATE TABLE thread_messages (message_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), thread_id uuid NOT NULL, prompt_text text, model1_id uuid, model2_id uuid, model1_response text, model2_response text, model1_time_ms integer, model2_time_ms integer, comparison_id uuid, created_at timestamptz DEFAULT now());
CREATE TABLE comparisons (comparison_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid, prompt_text text, model1_id uuid, model2_id uuid, model1_response text, model2_response text, model1_time_ms integer, model2_time_ms integer, created_at timestamptz DEFAULT now());
CREATE TABLE model_votes (vote_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid, comparison_id uuid, winner_model_id uuid, created_at timestamptz DEFAULT now());
CREATE TABLE providers (provider_name text PRIMARY KEY, display_name text, is_enabled boolean NOT NULL DEFAULT true, priority integer NOT NULL DEFAULT 0, created_at timestamptz DEFAULT now(), updated_at timestamptz);
CREATE TABLE provider_api_keys (key_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), provider_name text NOT NULL, api_key text NOT NULL, display_mask text, is_active boolean NOT NULL DEFAULT true, failure_count integer NOT NULL DEFAULT 0, total_calls integer NOT NULL DEFAULT 0, last_used_at timestamptz, last_error_type text, last_error_category text, cooldown_until timestamptz, created_by uuid, created_at timestamptz DEFAULT now(), updated_at timestamptz);
CREATE TABLE system_settings (key text PRIMARY KEY, value text, created_at timestamptz DEFAULT now(), updated_at timestamptz);

INSERT INTO users (user_id, full_name, email, role) VALUES
  ('11111111-1111-4111-8111-111111111111', 'Ada Admin', 'ada@example.com', 'admin'),
  ('22222222-2222-4222-8222-222222222222', 'Bo User', 'bo@example.com', 'user');
INSERT INTO providers (provider_name, display_name, is_enabled, priority) VALUES ('groq', 'Groq Cloud', false, 3);
INSERT INTO ai_models (model_id, model_name, provider_name, status) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'llama-3.3-70b-versatile', 'groq', 'active'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'mixtral-8x7b-32768', 'groq', 'deprecated');
INSERT INTO threads (thread_id, user_id, title, visibility) VALUES
  ('33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', 'Old thread', 'public');
INSERT INTO comparisons (comparison_id, user_id, prompt_text, model1_id, model2_id, model1_response, model2_response, model1_time_ms, model2_time_ms) VALUES
  ('44444444-4444-4444-8444-444444444444', '22222222-2222-4222-8222-222222222222', 'Hi', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Hello', 'Hey', 120, 340);
INSERT INTO thread_messages (message_id, thread_id, prompt_text, model1_id, model2_id, model1_response, model2_response, comparison_id) VALUES
  ('55555555-5555-4555-8555-555555555555', '33333333-3333-4333-8333-333333333333', 'Hi', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Hello', 'Hey', '44444444-4444-4444-8444-444444444444'),
  ('66666666-6666-4666-8666-666666666666', '33333333-3333-4333-8333-333333333333', 'Lost', NULL, NULL, 'x', 'y', '99999999-9999-4999-8999-999999999999');
INSERT INTO model_votes (vote_id, user_id, comparison_id, winner_model_id) VALUES
  ('77777777-7777-4777-8777-777777777777', '22222222-2222-4222-8222-222222222222', '44444444-4444-4444-8444-444444444444', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
INSERT INTO provider_api_keys (key_id, provider_name, api_key, display_mask, total_calls) VALUES
  ('88888888-8888-4888-8888-888888888888', 'groq', 'legacy-ciphertext', 'gsk_...abcd', 42);
INSERT INTO system_settings (key, value) VALUES ('public_sharing', 'false'), ('theme', 'dark');
`;

/** The nine tables, as the seed document names them. */
const TABLES = [...new Set(readSeedSchema().map((column) => column.table))];

describe.each(DATABASE_KINDS)('migrating an existing deployment on %s', (kind) => {
  let database: TestDatabase;
  const before = new Map<string, unknown[]>();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.handle.pool.query(EXISTING_DEPLOYMENT);
    for (const table of TABLES) {
      before.set(table, (await database.handle.pool.query(`SELECT * FROM ${table} ORDER BY 1`)).rows);
    }
    await migrate(database.handle.pool, logger);
  });
  afterAll(() => database.close());

  it.each(TABLES)('keeps every %s row exactly as it was', async (table) => {
    const after = (await database.handle.pool.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
    const kept = before.get(table) ?? [];
    expect(kept.length).toBeGreaterThan(0);
    // First-start data may add rows and later migrations nullable columns; no seed value changes.
    for (const row of kept) expect(after).toContainEqual(expect.objectContaining(row as Record<string, unknown>));
  });

  it('leaves the deployment’s own settings and provider choices alone', async () => {
    const db = database.handle.db;
    const sharing = await db.selectFrom('system_settings').select('value').where('key', '=', 'public_sharing').executeTakeFirstOrThrow();
    expect(sharing.value).toBe('false');
    const groq = await db.selectFrom('providers').selectAll().where('provider_name', '=', 'groq').executeTakeFirstOrThrow();
    expect({ display_name: groq.display_name, is_enabled: groq.is_enabled, priority: groq.priority }).toEqual({
      display_name: 'Groq Cloud',
      is_enabled: false,
      priority: 3,
    });
    const llama = await db.selectFrom('ai_models').select('model_id').where('model_name', '=', 'llama-3.3-70b-versatile').execute();
    expect(llama).toEqual([{ model_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' }]);
  });

  it('keeps the existing foreign key and guards new rows where old rows break one', async () => {
    const { rows } = await database.handle.pool.query<{ conname: string; convalidated: boolean; col: string }>(
      `SELECT c.conname, c.convalidated, a.attname AS col
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
       WHERE c.contype = 'f' AND c.conrelid IN ('threads'::regclass, 'thread_messages'::regclass)`,
    );
    expect(rows.filter((row) => row.col === 'user_id').map((row) => row.conname)).toEqual(['fk_thread_owner']);
    expect(rows.find((row) => row.col === 'comparison_id')).toMatchObject({ convalidated: false });
    expect(rows.find((row) => row.col === 'thread_id')).toMatchObject({ convalidated: true });
    await expect(
      database.handle.pool.query(
        `INSERT INTO thread_messages (thread_id, comparison_id) VALUES ('33333333-3333-4333-8333-333333333333', '99999999-9999-4999-8999-999999999999')`,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
