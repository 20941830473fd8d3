-- Prompt sets for evaluations (issue 15). A set is versioned: an edit writes a new version and
-- leaves the old ones as they were, so a run can always name the exact prompts it used. Prompt
-- texts are stored once, by their SHA-256, so every version and every set that holds the same
-- prompt shares one row (and, through it, the answers already generated for it).

CREATE TABLE IF NOT EXISTS eval_prompts (
  -- Hex SHA-256 of prompt_text (UTF-8).
  prompt_hash text PRIMARY KEY,
  prompt_text text NOT NULL
);

CREATE TABLE IF NOT EXISTS prompt_sets (
  prompt_set_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  name text NOT NULL,
  latest_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS prompt_sets_user_idx ON prompt_sets (user_id, created_at DESC);

CREATE TABLE IF NOT EXISTS prompt_set_versions (
  prompt_set_id uuid NOT NULL REFERENCES prompt_sets (prompt_set_id) ON DELETE CASCADE,
  version integer NOT NULL,
  prompt_count integer NOT NULL,
  created_by uuid REFERENCES users (user_id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (prompt_set_id, version)
);

CREATE TABLE IF NOT EXISTS prompt_set_items (
  prompt_set_id uuid NOT NULL,
  version integer NOT NULL,
  -- 1-based order within the version.
  position integer NOT NULL,
  -- The file's `id`, or the position as text when the file gave none.
  item_key text NOT NULL,
  prompt_hash text NOT NULL REFERENCES eval_prompts (prompt_hash),
  category text,
  reference text,
  -- Hex SHA-256 of the prompt and its reference together: what a judge sees besides the answers,
  -- part of a judgment's key.
  question_hash text NOT NULL,
  PRIMARY KEY (prompt_set_id, version, position),
  UNIQUE (prompt_set_id, version, item_key),
  FOREIGN KEY (prompt_set_id, version) REFERENCES prompt_set_versions (prompt_set_id, version) ON DELETE CASCADE
);

ALTER TABLE eval_prompts ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_set_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_set_items ENABLE ROW LEVEL SECURITY;
