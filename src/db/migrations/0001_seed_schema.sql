-- The nine tables of the DualMind Lab seed schema, exactly as the seed specifies them.
-- Written to apply both on an empty database and on one that already holds these tables
-- with rows (an existing deployment): every statement is IF NOT EXISTS, and foreign keys are
-- added only where the column has none yet, validated only when the existing rows allow it.

CREATE TABLE IF NOT EXISTS users (
  user_id uuid NOT NULL PRIMARY KEY,
  full_name text,
  email text,
  role text DEFAULT 'user',
  created_at timestamptz DEFAULT now(),
  last_login_at timestamptz
);

CREATE TABLE IF NOT EXISTS ai_models (
  model_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  model_name text NOT NULL,
  provider_name text,
  api_url text,
  description text,
  status text DEFAULT 'active',
  created_by uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS threads (
  thread_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id uuid,
  title text,
  visibility text DEFAULT 'private',
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS comparisons (
  comparison_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id uuid,
  prompt_text text,
  model1_id uuid,
  model2_id uuid,
  model1_response text,
  model2_response text,
  model1_time_ms integer,
  model2_time_ms integer,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS thread_messages (
  message_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  thread_id uuid NOT NULL,
  prompt_text text,
  model1_id uuid,
  model2_id uuid,
  model1_response text,
  model2_response text,
  model1_time_ms integer,
  model2_time_ms integer,
  comparison_id uuid,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS model_votes (
  vote_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id uuid,
  comparison_id uuid,
  winner_model_id uuid,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS providers (
  provider_name text NOT NULL PRIMARY KEY,
  display_name text,
  is_enabled boolean NOT NULL DEFAULT true,
  priority integer NOT NULL DEFAULT 0,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS provider_api_keys (
  key_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  provider_name text NOT NULL,
  api_key text NOT NULL,
  display_mask text,
  is_active boolean NOT NULL DEFAULT true,
  failure_count integer NOT NULL DEFAULT 0,
  total_calls integer NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  last_error_type text,
  last_error_category text,
  cooldown_until timestamptz,
  created_by uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS system_settings (
  key text NOT NULL PRIMARY KEY,
  value text,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz
);

-- Adds a foreign key unless the column already has one. NOT VALID first, so the statement
-- never fails on legacy rows; then VALIDATE, which succeeds on clean data and is skipped
-- (the key still guards every new row) where an old deployment left orphans behind.
CREATE OR REPLACE FUNCTION pg_temp.dualmind_add_fk(
  tbl text, col text, ref_tbl text, ref_col text, on_delete text
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := tbl || '_' || col || '_fkey';
BEGIN
  IF EXISTS (
    SELECT 1
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f'
      AND c.conrelid = format('public.%I', tbl)::regclass
      AND a.attname = col
  ) THEN
    RETURN;
  END IF;
  EXECUTE format(
    'ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.%I (%I) ON DELETE %s NOT VALID',
    tbl, name, col, ref_tbl, ref_col, on_delete
  );
  BEGIN
    EXECUTE format('ALTER TABLE public.%I VALIDATE CONSTRAINT %I', tbl, name);
  EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'foreign key %.% left NOT VALID: existing rows violate it', tbl, col;
  END;
END;
$$;

SELECT pg_temp.dualmind_add_fk('ai_models', 'created_by', 'users', 'user_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('threads', 'user_id', 'users', 'user_id', 'CASCADE');
SELECT pg_temp.dualmind_add_fk('thread_messages', 'thread_id', 'threads', 'thread_id', 'CASCADE');
SELECT pg_temp.dualmind_add_fk('thread_messages', 'model1_id', 'ai_models', 'model_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('thread_messages', 'model2_id', 'ai_models', 'model_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('thread_messages', 'comparison_id', 'comparisons', 'comparison_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('comparisons', 'user_id', 'users', 'user_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('comparisons', 'model1_id', 'ai_models', 'model_id', 'RESTRICT');
SELECT pg_temp.dualmind_add_fk('comparisons', 'model2_id', 'ai_models', 'model_id', 'RESTRICT');
SELECT pg_temp.dualmind_add_fk('model_votes', 'user_id', 'users', 'user_id', 'SET NULL');
SELECT pg_temp.dualmind_add_fk('model_votes', 'comparison_id', 'comparisons', 'comparison_id', 'CASCADE');
SELECT pg_temp.dualmind_add_fk('model_votes', 'winner_model_id', 'ai_models', 'model_id', 'RESTRICT');
SELECT pg_temp.dualmind_add_fk('provider_api_keys', 'provider_name', 'providers', 'provider_name', 'CASCADE');
SELECT pg_temp.dualmind_add_fk('provider_api_keys', 'created_by', 'users', 'user_id', 'SET NULL');

-- Indexes for the queries the API makes: a user's threads, a thread's messages in order,
-- a comparison's votes, a provider's keys, and the models offered to users.
CREATE INDEX IF NOT EXISTS threads_user_created_idx ON threads (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS threads_visibility_created_idx ON threads (visibility, created_at DESC);
CREATE INDEX IF NOT EXISTS thread_messages_thread_created_idx ON thread_messages (thread_id, created_at);
CREATE INDEX IF NOT EXISTS thread_messages_comparison_idx ON thread_messages (comparison_id);
CREATE INDEX IF NOT EXISTS comparisons_user_created_idx ON comparisons (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS model_votes_comparison_idx ON model_votes (comparison_id);
CREATE INDEX IF NOT EXISTS model_votes_created_idx ON model_votes (created_at);
CREATE INDEX IF NOT EXISTS provider_api_keys_provider_idx ON provider_api_keys (provider_name);
CREATE INDEX IF NOT EXISTS ai_models_status_idx ON ai_models (status);
CREATE INDEX IF NOT EXISTS ai_models_model_name_idx ON ai_models (model_name);
CREATE INDEX IF NOT EXISTS users_email_idx ON users (lower(email));

-- Closed by default on Supabase: RLS without policies shuts the tables to the anon and
-- authenticated PostgREST roles; the server (table owner or service role) is unaffected.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_models ENABLE ROW LEVEL SECURITY;
ALTER TABLE threads ENABLE ROW LEVEL SECURITY;
ALTER TABLE thread_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE comparisons ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE system_settings ENABLE ROW LEVEL SECURITY;
