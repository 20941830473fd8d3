import { sql } from 'kysely';

/**
 * Whether the models of the comparison aliased `c` in the surrounding query have been revealed:
 * by its own vote, or by a vote on any turn of its thread with the same pair (the first vote
 * reveals the pair for every turn of the thread).
 */
export const PAIR_REVEALED = sql<boolean>`(EXISTS (SELECT 1 FROM model_votes own WHERE own.comparison_id = c.comparison_id) OR EXISTS (
  SELECT 1 FROM thread_messages here
  JOIN thread_messages turn ON turn.thread_id = here.thread_id
  JOIN comparisons sibling ON sibling.comparison_id = turn.comparison_id
  JOIN model_votes vote ON vote.comparison_id = sibling.comparison_id
  WHERE here.comparison_id = c.comparison_id AND sibling.model1_id = c.model1_id AND sibling.model2_id = c.model2_id))`;
