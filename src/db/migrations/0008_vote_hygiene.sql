-- What a vote is worth: blind or named (model_votes.blind), and whether its battle failed.
-- Both rules live here, as SQL functions, so the vote route, votes written by any other tool,
-- the backfill of existing votes and the leaderboard's queries all apply the same rule.

-- true: the vote counts as blind; false: it counts as a named vote. Set for every new vote by a
-- trigger (below) and backfilled for existing ones.
ALTER TABLE model_votes ADD COLUMN IF NOT EXISTS blind boolean;

-- A battle failed when a side carries an error (it failed, or was cut off) or came back empty. A
-- comparison with NULL answers and no error (imported, or from an older deployment without error
-- records) counts as it is.
CREATE OR REPLACE FUNCTION dualmind_comparison_failed(c comparisons) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(c.model1_error IS NOT NULL OR c.model2_error IS NOT NULL OR c.model1_response = '' OR c.model2_response = '', false)
$$;

-- The blind-vote rule. A vote is blind only when its comparison is anonymous and its voter had
-- not seen the pair named before it: no earlier vote anywhere in the thread (the first vote
-- reveals the pair for every turn of the thread), and no named turn (a named battle or a single
-- chat) with either model in the thread before it. A comparison without a thread (imported, or
-- its thread deleted) has nothing that could have revealed it. "Earlier" is (created_at, vote_id)
-- order; the vote route writes created_at under a lock on the thread, so the votes of one
-- thread are strictly ordered. Whether an answer leaks its identity is applied at query time.
CREATE OR REPLACE FUNCTION dualmind_vote_is_blind(vote model_votes) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
  c comparisons%ROWTYPE;
  thread uuid;
  voted_at timestamptz := coalesce(vote.created_at, 'infinity');
BEGIN
  SELECT * INTO c FROM comparisons WHERE comparison_id = vote.comparison_id;
  IF NOT FOUND OR c.mode IS DISTINCT FROM 'anonymous' THEN
    RETURN false;
  END IF;
  SELECT m.thread_id INTO thread FROM thread_messages m WHERE m.comparison_id = c.comparison_id LIMIT 1;
  IF thread IS NULL THEN
    RETURN true;
  END IF;
  IF EXISTS (
    SELECT 1 FROM thread_messages m JOIN model_votes w ON w.comparison_id = m.comparison_id
    WHERE m.thread_id = thread AND w.vote_id <> vote.vote_id
      AND (coalesce(w.created_at, '-infinity') < voted_at OR (coalesce(w.created_at, '-infinity') = voted_at AND w.vote_id < vote.vote_id))
  ) THEN
    RETURN false;
  END IF;
  RETURN NOT EXISTS (
    SELECT 1 FROM thread_messages m LEFT JOIN comparisons n ON n.comparison_id = m.comparison_id
    WHERE m.thread_id = thread AND n.mode IS DISTINCT FROM 'anonymous'
      AND (m.model1_id IN (c.model1_id, c.model2_id) OR m.model2_id IN (c.model1_id, c.model2_id))
      AND coalesce(m.created_at, '-infinity') < voted_at
  );
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_model_votes_blind() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.blind := dualmind_vote_is_blind(NEW);
  RETURN NEW;
END;
$$;

-- The running totals are rebuilt below: stop keeping them while the existing votes are backfilled.
DROP TRIGGER IF EXISTS model_votes_rollup ON model_votes;

UPDATE model_votes v SET blind = dualmind_vote_is_blind(v) WHERE blind IS NULL;

DROP TRIGGER IF EXISTS model_votes_blind ON model_votes;
CREATE TRIGGER model_votes_blind BEFORE INSERT ON model_votes
  FOR EACH ROW WHEN (NEW.blind IS NULL) EXECUTE FUNCTION dualmind_model_votes_blind();

-- The running totals (0005), now split by blind and failed instead of by the comparison's mode.
DROP TABLE IF EXISTS vote_pair_counts;
CREATE TABLE vote_pair_counts (
  model_a uuid NOT NULL,
  model_b uuid NOT NULL,
  -- a | b | tie: as in the leaderboard's aggregation (src/ratings/votes.ts).
  outcome text NOT NULL,
  blind boolean NOT NULL,
  failed boolean NOT NULL,
  votes bigint NOT NULL DEFAULT 0,
  time_a_sum bigint NOT NULL DEFAULT 0,
  time_a_count bigint NOT NULL DEFAULT 0,
  time_b_sum bigint NOT NULL DEFAULT 0,
  time_b_count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (model_a, model_b, outcome, blind, failed)
);
ALTER TABLE vote_pair_counts ENABLE ROW LEVEL SECURITY;

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
  INSERT INTO vote_pair_counts AS t (model_a, model_b, outcome, blind, failed, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
  VALUES (
    c.model1_id, c.model2_id, result, coalesce(vote.blind, false), dualmind_comparison_failed(c), delta,
    delta * coalesce(c.model1_time_ms, 0), delta * (c.model1_time_ms IS NOT NULL)::int,
    delta * coalesce(c.model2_time_ms, 0), delta * (c.model2_time_ms IS NOT NULL)::int
  )
  ON CONFLICT (model_a, model_b, outcome, blind, failed) DO UPDATE SET
    votes = t.votes + excluded.votes,
    time_a_sum = t.time_a_sum + excluded.time_a_sum,
    time_a_count = t.time_a_count + excluded.time_a_count,
    time_b_sum = t.time_b_sum + excluded.time_b_sum,
    time_b_count = t.time_b_count + excluded.time_b_count;
END;
$$;

CREATE TRIGGER model_votes_rollup AFTER INSERT OR UPDATE OR DELETE ON model_votes
  FOR EACH ROW EXECUTE FUNCTION dualmind_model_votes_rollup();

INSERT INTO vote_pair_counts (model_a, model_b, outcome, blind, failed, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
SELECT c.model1_id, c.model2_id,
  CASE
    WHEN v.outcome = 'model1' OR (v.outcome IS NULL AND v.winner_model_id = c.model1_id) THEN 'a'
    WHEN v.outcome = 'model2' OR (v.outcome IS NULL AND v.winner_model_id = c.model2_id) THEN 'b'
    ELSE 'tie' END,
  coalesce(v.blind, false), dualmind_comparison_failed(c),
  count(*), coalesce(sum(c.model1_time_ms), 0), count(c.model1_time_ms), coalesce(sum(c.model2_time_ms), 0), count(c.model2_time_ms)
FROM model_votes v
JOIN comparisons c ON c.comparison_id = v.comparison_id
WHERE c.model1_id IS NOT NULL AND c.model2_id IS NOT NULL AND c.model1_id <> c.model2_id
  AND (v.winner_model_id IS NULL OR v.winner_model_id IN (c.model1_id, c.model2_id))
GROUP BY 1, 2, 3, 4, 5;
