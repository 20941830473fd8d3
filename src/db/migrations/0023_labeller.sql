-- The labeller model (src/labeller/): comparison_labels is its work queue as well as its
-- results. A row is claimed by an INSERT … ON CONFLICT DO UPDATE whose WHERE re-checks, under
-- the row lock, that nobody holds it, so two instances never label the same comparison and
-- category; a claim is a lease (retry_at) that lapses by itself when its holder dies (kill -9).
-- Only new nullable columns and a new table: existing rows stay valid (they carry no version,
-- so they are labelled again by the current labeller).

-- The prompt version that produced `value` (with labeller_model_id: what the label is from).
ALTER TABLE comparison_labels ADD COLUMN IF NOT EXISTS prompt_version integer;
-- '<labeller model id>:<prompt version>' that `attempts` counts for; a new labeller model or
-- prompt starts counting again.
ALTER TABLE comparison_labels ADD COLUMN IF NOT EXISTS attempt_target text;
-- Replies of that target that could not be read as a label (bounded; then the row is failed).
ALTER TABLE comparison_labels ADD COLUMN IF NOT EXISTS attempts integer CHECK (attempts >= 0);
-- Until when the row is leased by an instance, or backed off after an unreadable reply.
ALTER TABLE comparison_labels ADD COLUMN IF NOT EXISTS retry_at timestamptz;
-- Why the last attempt did not give a label (never a key, never the prompt).
ALTER TABLE comparison_labels ADD COLUMN IF NOT EXISTS last_error text;

-- One row: when the next labeller call may start, for every instance together, so the rate the
-- admin sets holds for the whole deployment.
CREATE TABLE IF NOT EXISTS labeller_pace (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  next_call_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO labeller_pace (id) VALUES (true) ON CONFLICT (id) DO NOTHING;
ALTER TABLE labeller_pace ENABLE ROW LEVEL SECURITY;
