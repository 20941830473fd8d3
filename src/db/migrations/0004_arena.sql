-- What the arena records beyond the seed columns. All additions are nullable columns on seed
-- tables (rows from an existing deployment stay valid) or indexes.

-- named | anonymous; NULL on rows written before this migration (treated as named).
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS mode text;
-- A side that failed: {"category": "...", "message": "..."}; NULL when the side completed.
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model1_error jsonb;
ALTER TABLE comparisons ADD COLUMN IF NOT EXISTS model2_error jsonb;
ALTER TABLE thread_messages ADD COLUMN IF NOT EXISTS model1_error jsonb;
ALTER TABLE thread_messages ADD COLUMN IF NOT EXISTS model2_error jsonb;
-- model1 | model2 | tie | both_bad: a NULL winner_model_id alone cannot tell a tie from "both bad".
ALTER TABLE model_votes ADD COLUMN IF NOT EXISTS outcome text;

-- One vote per comparison. An existing deployment may already hold duplicates; then the index is
-- left out (the vote route still refuses a second vote under a row lock) and a notice says so.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM model_votes WHERE comparison_id IS NOT NULL GROUP BY comparison_id HAVING count(*) > 1
  ) THEN
    CREATE UNIQUE INDEX IF NOT EXISTS model_votes_comparison_unique ON model_votes (comparison_id);
  ELSE
    RAISE NOTICE 'model_votes has several votes for some comparisons: one-vote-per-comparison index not created';
  END IF;
END;
$$;

CREATE INDEX IF NOT EXISTS model_votes_user_idx ON model_votes (user_id);
