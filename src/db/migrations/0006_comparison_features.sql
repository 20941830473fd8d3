-- What the leaderboard knows about each comparison: style counts, rule categories, identity
-- leaks, token usage and time to first token. Rows are computed by the application (a tokenizer
-- and a language detector cannot run in SQL): for new comparisons right after they are stored,
-- for comparisons that already exist by a background pass that starts with the server (see
-- src/analysis/). Only new tables, indexes and nullable columns: an existing deployment's rows
-- stay valid.

-- What the upstream reported for each side, as it streamed: {"input_tokens", "output_tokens"}
-- (either may be null) or NULL when it reported nothing, and the time from the start of the turn
-- to the side's first text. comparison_features holds the figures to use (these, or the
-- tokenizer's count when the upstream said nothing).
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model1_usage jsonb;
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model2_usage jsonb;
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model1_ttft_ms integer;
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model2_ttft_ms integer;

-- The background pass looks for recent comparisons without features by time, and its sweep
-- walks the comparisons that have a prompt to analyse (a lab seeded from a battle dump holds
-- millions without one) in id order.
CREATE INDEX IF NOT EXISTS comparisons_created_idx ON comparisons (created_at);
CREATE INDEX IF NOT EXISTS comparisons_with_prompt_idx ON comparisons (comparison_id) WHERE prompt_text IS NOT NULL;

CREATE TABLE IF NOT EXISTS comparison_features (
  comparison_id uuid PRIMARY KEY REFERENCES comparisons (comparison_id) ON DELETE CASCADE,
  -- FEATURES_VERSION of the code that computed the row; rows of an older version are recomputed.
  features_version integer NOT NULL,
  -- Per side, from the answer with fenced code blocks removed (FastChat's style features).
  model1_tokens integer NOT NULL CHECK (model1_tokens >= 0),
  model2_tokens integer NOT NULL CHECK (model2_tokens >= 0),
  model1_headers integer NOT NULL CHECK (model1_headers >= 0),
  model2_headers integer NOT NULL CHECK (model2_headers >= 0),
  model1_lists integer NOT NULL CHECK (model1_lists >= 0),
  model2_lists integer NOT NULL CHECK (model2_lists >= 0),
  model1_bold integer NOT NULL CHECK (model1_bold >= 0),
  model2_bold integer NOT NULL CHECK (model2_bold >= 0),
  -- The same counts in FastChat's conv_metadata shape, as battle files carry them.
  conv_metadata jsonb NOT NULL,
  prompt_tokens integer NOT NULL CHECK (prompt_tokens >= 0),
  -- SHA-256 of the normalised prompt: comparisons with equal hashes asked the same thing.
  prompt_hash text NOT NULL,
  is_coding boolean NOT NULL,
  is_long_query boolean NOT NULL,
  is_multi_turn boolean NOT NULL,
  -- ISO 639-1, or NULL when the prompt is too short or its language unclear.
  language text CHECK (language ~ '^[a-z]{2}$'),
  identity_leak boolean NOT NULL,
  model1_input_tokens integer CHECK (model1_input_tokens >= 0),
  model1_output_tokens integer CHECK (model1_output_tokens >= 0),
  model1_ttft_ms integer CHECK (model1_ttft_ms >= 0),
  model2_input_tokens integer CHECK (model2_input_tokens >= 0),
  model2_output_tokens integer CHECK (model2_output_tokens >= 0),
  model2_ttft_ms integer CHECK (model2_ttft_ms >= 0),
  -- upstream: both sides' figures came from the upstream; tokenizer: at least one was counted
  -- here; import: taken from a battle file.
  usage_source text CHECK (usage_source IN ('upstream', 'tokenizer', 'import')),
  computed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS comparison_features_prompt_hash_idx ON comparison_features (prompt_hash);
ALTER TABLE comparison_features ENABLE ROW LEVEL SECURITY;

-- Categories given by a labeller model (hard_prompt, creative_writing, math,
-- instruction_following, …), one row per comparison and category once it has been labelled.
CREATE TABLE IF NOT EXISTS comparison_labels (
  comparison_id uuid NOT NULL REFERENCES comparisons (comparison_id) ON DELETE CASCADE,
  category text NOT NULL,
  value boolean,
  score real,
  labeller_model_id uuid REFERENCES ai_models (model_id) ON DELETE SET NULL,
  labelled_at timestamptz,
  PRIMARY KEY (comparison_id, category)
);
CREATE INDEX IF NOT EXISTS comparison_labels_category_idx ON comparison_labels (category, value);
ALTER TABLE comparison_labels ENABLE ROW LEVEL SECURITY;
