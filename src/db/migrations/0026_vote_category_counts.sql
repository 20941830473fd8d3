-- Running totals of votes per category, as vote_pair_counts (0005, 0008) keeps the overall ones:
-- the category overview and the category and language views read a few thousand rows per
-- category instead of joining every vote with its comparison, its facts and its labels (49 s on
-- 1M votes on a loaded machine). A comparison's categories are its rule categories and prompt
-- language (comparison_features: `coding`, `long_query`, `multi_turn`, `language:xx`) and the
-- labels a labeller model set true (comparison_labels). They arrive at any time: with the
-- comparison, later from the background pass or the labeller, or from a backfill; so triggers on
-- all three tables keep the totals, in the transaction that writes the row, whichever comes first.
-- Which votes a rule decided over all votes leaves out (duplicates, the daily cap) and identity
-- leaks are applied at read time, as for vote_pair_counts (src/ratings/votes.ts).

-- vote_pair_counts' columns (model pair, outcome a | b | tie, blind, failed, votes, time sums), per category.
CREATE TABLE IF NOT EXISTS vote_category_counts (
  category text NOT NULL,
  LIKE vote_pair_counts INCLUDING DEFAULTS,
  PRIMARY KEY (category, model_a, model_b, outcome, blind, failed)
);
ALTER TABLE vote_category_counts ENABLE ROW LEVEL SECURITY;

-- The outcome a vote counts as (a | b | tie), or NULL when it is not a vote on a pair: a model
-- missing, the same model twice, or a winner that is neither (0008's dualmind_count_vote rule).
CREATE OR REPLACE FUNCTION dualmind_vote_outcome(vote model_votes, c comparisons) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN c.model1_id IS NULL OR c.model2_id IS NULL OR c.model1_id = c.model2_id THEN NULL
    WHEN vote.winner_model_id IS NOT NULL AND vote.winner_model_id NOT IN (c.model1_id, c.model2_id) THEN NULL
    WHEN vote.outcome = 'model1' OR (vote.outcome IS NULL AND vote.winner_model_id = c.model1_id) THEN 'a'
    WHEN vote.outcome = 'model2' OR (vote.outcome IS NULL AND vote.winner_model_id = c.model2_id) THEN 'b'
    ELSE 'tie' END
$$;

-- The categories a comparison_features row puts its comparison in.
CREATE OR REPLACE FUNCTION dualmind_feature_categories(f comparison_features) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    CASE WHEN f.is_coding THEN 'coding' END,
    CASE WHEN f.is_long_query THEN 'long_query' END,
    CASE WHEN f.is_multi_turn THEN 'multi_turn' END,
    'language:' || f.language
  ], NULL)
$$;

-- Every category a comparison is in now, each once. PL/pgSQL, not SQL: it runs for every vote
-- written, and PL/pgSQL keeps the query's plan between calls (as SQL, a bulk insert of votes
-- took three times as long).
CREATE OR REPLACE FUNCTION dualmind_comparison_categories(id uuid) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN ARRAY(
    SELECT DISTINCT membership.category FROM (
      SELECT unnest(dualmind_feature_categories(f)) AS category FROM comparison_features f WHERE f.comparison_id = id
      UNION ALL
      SELECT l.category FROM comparison_labels l WHERE l.comparison_id = id AND l.value
    ) membership);
END;
$$;

-- Adds `delta` (+1 or -1) for one vote in each of `categories`, when it is a vote on a pair.
CREATE OR REPLACE FUNCTION dualmind_count_vote_categories(vote model_votes, categories text[], delta integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c comparisons%ROWTYPE;
  result text;
BEGIN
  IF cardinality(categories) = 0 THEN
    RETURN;
  END IF;
  SELECT * INTO c FROM comparisons WHERE comparison_id = vote.comparison_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  result := dualmind_vote_outcome(vote, c);
  IF result IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO vote_category_counts AS t (category, model_a, model_b, outcome, blind, failed, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
  SELECT DISTINCT ON (k.category) k.category, c.model1_id, c.model2_id, result, coalesce(vote.blind, false), dualmind_comparison_failed(c), delta,
    delta * coalesce(c.model1_time_ms, 0), delta * (c.model1_time_ms IS NOT NULL)::int,
    delta * coalesce(c.model2_time_ms, 0), delta * (c.model2_time_ms IS NOT NULL)::int
  FROM unnest(categories) AS k (category)
  ON CONFLICT (category, model_a, model_b, outcome, blind, failed) DO UPDATE SET
    votes = t.votes + excluded.votes,
    time_a_sum = t.time_a_sum + excluded.time_a_sum,
    time_a_count = t.time_a_count + excluded.time_a_count,
    time_b_sum = t.time_b_sum + excluded.time_b_sum,
    time_b_count = t.time_b_count + excluded.time_b_count;
END;
$$;

-- Every vote of a comparison leaves the categories it left and joins the ones it joined.
CREATE OR REPLACE FUNCTION dualmind_move_comparison_votes(id uuid, left_categories text[], joined_categories text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  vote model_votes%ROWTYPE;
BEGIN
  IF cardinality(left_categories) = 0 AND cardinality(joined_categories) = 0 THEN
    RETURN;
  END IF;
  FOR vote IN SELECT * FROM model_votes WHERE comparison_id = id LOOP
    PERFORM dualmind_count_vote_categories(vote, left_categories, -1);
    PERFORM dualmind_count_vote_categories(vote, joined_categories, 1);
  END LOOP;
END;
$$;

-- `removed` less `kept`: a row's update moves only the categories that changed.
CREATE OR REPLACE FUNCTION dualmind_categories_except(removed text[], kept text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(category), '{}') FROM unnest(removed) AS k (category) WHERE NOT category = ANY(kept)
$$;

CREATE OR REPLACE FUNCTION dualmind_model_votes_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dualmind_count_vote_categories(OLD, dualmind_comparison_categories(OLD.comparison_id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dualmind_count_vote_categories(NEW, dualmind_comparison_categories(NEW.comparison_id), 1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_comparison_features_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  before text[] := '{}';
  after text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    before := dualmind_feature_categories(OLD);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    after := dualmind_feature_categories(NEW);
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.comparison_id IS DISTINCT FROM NEW.comparison_id THEN
    PERFORM dualmind_move_comparison_votes(OLD.comparison_id, before, '{}');
    PERFORM dualmind_move_comparison_votes(NEW.comparison_id, '{}', after);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dualmind_move_comparison_votes(OLD.comparison_id, before, '{}');
  ELSE
    PERFORM dualmind_move_comparison_votes(NEW.comparison_id, dualmind_categories_except(before, after), dualmind_categories_except(after, before));
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION dualmind_comparison_labels_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.value THEN
    PERFORM dualmind_move_comparison_votes(OLD.comparison_id, ARRAY[OLD.category], '{}');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.value THEN
    PERFORM dualmind_move_comparison_votes(NEW.comparison_id, '{}', ARRAY[NEW.category]);
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS model_votes_categories ON model_votes;
CREATE TRIGGER model_votes_categories AFTER INSERT OR DELETE OR UPDATE OF comparison_id, winner_model_id, outcome, blind ON model_votes
  FOR EACH ROW EXECUTE FUNCTION dualmind_model_votes_categories();
DROP TRIGGER IF EXISTS comparison_features_categories ON comparison_features;
CREATE TRIGGER comparison_features_categories AFTER INSERT OR DELETE OR UPDATE OF comparison_id, is_coding, is_long_query, is_multi_turn, language ON comparison_features
  FOR EACH ROW EXECUTE FUNCTION dualmind_comparison_features_categories();
-- The labeller rewrites its rows often (claims, retries) without changing a label: those fire nothing.
DROP TRIGGER IF EXISTS comparison_labels_categories_insert ON comparison_labels;
CREATE TRIGGER comparison_labels_categories_insert AFTER INSERT ON comparison_labels
  FOR EACH ROW WHEN (NEW.value) EXECUTE FUNCTION dualmind_comparison_labels_categories();
DROP TRIGGER IF EXISTS comparison_labels_categories_delete ON comparison_labels;
CREATE TRIGGER comparison_labels_categories_delete AFTER DELETE ON comparison_labels
  FOR EACH ROW WHEN (OLD.value) EXECUTE FUNCTION dualmind_comparison_labels_categories();
DROP TRIGGER IF EXISTS comparison_labels_categories_update ON comparison_labels;
CREATE TRIGGER comparison_labels_categories_update AFTER UPDATE ON comparison_labels
  FOR EACH ROW WHEN ((OLD.value IS TRUE) IS DISTINCT FROM (NEW.value IS TRUE) OR (NEW.value AND (OLD.category, OLD.comparison_id) IS DISTINCT FROM (NEW.category, NEW.comparison_id)))
  EXECUTE FUNCTION dualmind_comparison_labels_categories();

-- The votes already there (an existing deployment), counted once, in one pass.
INSERT INTO vote_category_counts (category, model_a, model_b, outcome, blind, failed, votes, time_a_sum, time_a_count, time_b_sum, time_b_count)
SELECT k.category, c.model1_id, c.model2_id, dualmind_vote_outcome(v, c), coalesce(v.blind, false), dualmind_comparison_failed(c),
  count(*), coalesce(sum(c.model1_time_ms), 0), count(c.model1_time_ms), coalesce(sum(c.model2_time_ms), 0), count(c.model2_time_ms)
FROM model_votes v
JOIN comparisons c ON c.comparison_id = v.comparison_id
JOIN (
  SELECT f.comparison_id, unnest(dualmind_feature_categories(f)) AS category FROM comparison_features f
  UNION
  SELECT l.comparison_id, l.category FROM comparison_labels l WHERE l.value
) k ON k.comparison_id = c.comparison_id
WHERE dualmind_vote_outcome(v, c) IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT DO NOTHING;
