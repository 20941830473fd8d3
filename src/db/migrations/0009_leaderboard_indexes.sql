-- What the leaderboard reads from the per-comparison facts (0006) fast: whether they changed
-- (the cache's watermark reads the newest row of each), and the few battles that leak an
-- identity (left out of the blind set, usually a small share of all votes).
CREATE INDEX IF NOT EXISTS comparison_features_computed_idx ON comparison_features (computed_at);
CREATE INDEX IF NOT EXISTS comparison_labels_labelled_idx ON comparison_labels (labelled_at);
CREATE INDEX IF NOT EXISTS comparison_features_identity_leak_idx ON comparison_features (comparison_id) WHERE identity_leak;

-- Votes per prompt (comparison_features.prompt_hash), kept by triggers as vote_pair_counts is:
-- the duplicate-prompt sampling needs the distribution of these counts on every recomputation,
-- and reading it from here costs a count and a short index scan instead of grouping every vote.
-- A vote counts once its comparison's facts (and so its prompt hash) are known, whichever of the
-- two rows is written first.
CREATE TABLE IF NOT EXISTS prompt_vote_counts (
  prompt_hash text PRIMARY KEY,
  votes bigint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS prompt_vote_counts_votes_idx ON prompt_vote_counts (votes);
ALTER TABLE prompt_vote_counts ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION dualmind_count_prompt(hash text, delta bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF hash IS NULL OR delta = 0 THEN
    RETURN;
  END IF;
  INSERT INTO prompt_vote_counts AS t (prompt_hash, votes) VALUES (hash, delta)
  ON CONFLICT (prompt_hash) DO UPDATE SET votes = t.votes + excluded.votes;
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_model_votes_prompts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dualmind_count_prompt((SELECT prompt_hash FROM comparison_features WHERE comparison_id = OLD.comparison_id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dualmind_count_prompt((SELECT prompt_hash FROM comparison_features WHERE comparison_id = NEW.comparison_id), 1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_comparison_features_prompts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dualmind_count_prompt(OLD.prompt_hash, -(SELECT count(*) FROM model_votes WHERE comparison_id = OLD.comparison_id));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dualmind_count_prompt(NEW.prompt_hash, (SELECT count(*) FROM model_votes WHERE comparison_id = NEW.comparison_id));
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS model_votes_prompts ON model_votes;
CREATE TRIGGER model_votes_prompts AFTER INSERT OR DELETE OR UPDATE OF comparison_id ON model_votes
  FOR EACH ROW EXECUTE FUNCTION dualmind_model_votes_prompts();
DROP TRIGGER IF EXISTS comparison_features_prompts ON comparison_features;
CREATE TRIGGER comparison_features_prompts AFTER INSERT OR DELETE OR UPDATE OF prompt_hash, comparison_id ON comparison_features
  FOR EACH ROW EXECUTE FUNCTION dualmind_comparison_features_prompts();

INSERT INTO prompt_vote_counts (prompt_hash, votes)
SELECT f.prompt_hash, count(*) FROM model_votes v JOIN comparison_features f ON f.comparison_id = v.comparison_id GROUP BY f.prompt_hash
ON CONFLICT (prompt_hash) DO UPDATE SET votes = excluded.votes;
