-- What a model costs, set by admins: the leaderboard's cost per answer and rating per dollar.
CREATE TABLE IF NOT EXISTS model_prices (
  model_id uuid PRIMARY KEY REFERENCES ai_models (model_id) ON DELETE CASCADE,
  -- Bounded above, which also keeps out numeric's NaN and Infinity.
  input_per_million numeric NOT NULL CHECK (input_per_million >= 0 AND input_per_million <= 1000000),
  output_per_million numeric NOT NULL CHECK (output_per_million >= 0 AND output_per_million <= 1000000),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  updated_by uuid REFERENCES users (user_id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE model_prices ENABLE ROW LEVEL SECURITY;
