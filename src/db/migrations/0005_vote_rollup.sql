-- Running totals of votes per (model a, model b, outcome, blind or not), kept by a trigger on
-- model_votes, so the leaderboard reads a few thousand rows instead of joining every vote with
-- its comparison. A trigger (not the application) keeps it, so votes written by any other tool
-- count too. Filters the totals cannot answer (a time window, one user's votes) read the votes.

CREATE TABLE IF NOT EXISTS vote_pair_counts (
  model_a uuid NOT NULL,
  model_b uuid NOT NULL,
  -- a | b | tie: as in the leaderboard's aggregation (src/ratings/votes.ts).
  outcome text NOT NULL,
  anonymous boolean NOT NULL,
  votes bigint NOT NULL DEFAULT 0,
  time_a_sum bigint NOT NULL DEFAULT 0,
  time_a_count bigint NOT NULL DEFAULT 0,
  time_b_sum bigint NOT NULL DEFAULT 0,
  time_b_count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (model_a, model_b, outcome, anonymous)
);
ALTER TABLE vote_pair_counts ENABLE ROW LEVEL SECURITY;

-- Adds `delta` (+1 or -1) for one vote, when it counts: both models present and different,
-- and a winner that is one of them (or none, a tie).
CREATE OR REPLACE FUNCTION dualmind_count_vote(vote model_votes, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c comparisons%ROWTYPE;
  result text;
BEGIN
  SELECT * INTO c FROM comparisons WHERE comparison_id = vote.comparison_id;
  IF NOT FOUND OR c.model1_id IS NULL OR c.model2_id IS NULL OR c.model1_id = c.model2_id THEN
    RETURN;
  END IF;
  IF vote.winner_model_id IS NOT NULL AND vote.winner_model_id NOT IN (c.model1_id, c.model2_id) THEN
    RETURN;
  END IF;
  result := CASE
    WHEN vote.outcome = 'model1' OR (vote.outcome IS NULL AND vote.winner_model_id = c.model1_id) THEN 'a'
    WHEN vote.outcome = 'model2' OR (vote.outcome IS NULL AND vote.winner_model_id = c.model2_id) THEN 'b'
    ELSE 'tie' END;
  INSERT INTO vote_pair_counts AS t (model_a, model_b, outcome, anonymous, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
  VALUES (
    c.model1_id, c.model2_id, result, coalesce(c.mode = 'anonymous', false), delta,
    delta * coalesce(c.model1_time_ms, 0), delta * (c.model1_time_ms IS NOT NULL)::int,
    delta * coalesce(c.model2_time_ms, 0), delta * (c.model2_time_ms IS NOT NULL)::int
  )
  ON CONFLICT (model_a, model_b, outcome, anonymous) DO UPDATE SET
    votes = t.votes + excluded.votes,
    time_a_sum = t.time_a_sum + excluded.time_a_sum,
    time_a_count = t.time_a_count + excluded.time_a_count,
    time_b_sum = t.time_b_sum + excluded.time_b_sum,
    time_b_count = t.time_b_count + excluded.time_b_count;
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_model_votes_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dualmind_count_vote(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dualmind_count_vote(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS model_votes_rollup ON model_votes;
CREATE TRIGGER model_votes_rollup AFTER INSERT OR UPDATE OR DELETE ON model_votes
  FOR EACH ROW EXECUTE FUNCTION dualmind_model_votes_rollup();

-- The votes already there (an existing deployment), counted once.
INSERT INTO vote_pair_counts (model_a, model_b, outcome, anonymous, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
SELECT c.model1_id, c.model2_id,
  CASE
    WHEN v.outcome = 'model1' OR (v.outcome IS NULL AND v.winner_model_id = c.model1_id) THEN 'a'
    WHEN v.outcome = 'model2' OR (v.outcome IS NULL AND v.winner_model_id = c.model2_id) THEN 'b'
    ELSE 'tie' END,
  coalesce(c.mode = 'anonymous', false),
  count(*), coalesce(sum(c.model1_time_ms), 0), count(c.model1_time_ms), coalesce(sum(c.model2_time_ms), 0), count(c.model2_time_ms)
FROM model_votes v
JOIN comparisons c ON c.comparison_id = v.comparison_id
WHERE c.model1_id IS NOT NULL AND c.model2_id IS NOT NULL AND c.model1_id <> c.model2_id
  AND (v.winner_model_id IS NULL OR v.winner_model_id IN (c.model1_id, c.model2_id))
GROUP BY 1, 2, 3, 4
ON CONFLICT DO NOTHING;
