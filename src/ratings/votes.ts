import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface VoteFilter {
  /** Anonymous battles only. */
  blind: boolean;
  since: Date | undefined;
  /** Only this user's votes (a personal leaderboard). */
  userId: string | undefined;
}

/** One row of the aggregation: a model pair as it sat (a = model1), an outcome, how often. */
export interface AggregateRow {
  a: string;
  b: string;
  outcome: 'a' | 'b' | 'tie';
  votes: number;
  time_a_sum: number;
  time_a_count: number;
  time_b_sum: number;
  time_b_count: number;
}

/**
 * The outcome of a vote: `outcome` when recorded; otherwise (rows from before it existed) the
 * winner's side, and a NULL winner is a tie. "Both bad" counts as a tie.
 */
const OUTCOME = sql<'a' | 'b' | 'tie'>`CASE
  WHEN v.outcome = 'model1' OR (v.outcome IS NULL AND v.winner_model_id = c.model1_id) THEN 'a'
  WHEN v.outcome = 'model2' OR (v.outcome IS NULL AND v.winner_model_id = c.model2_id) THEN 'b'
  ELSE 'tie' END`;

/**
 * The votes that count, with their comparison joined: both models present and different, the
 * winner (if any) one of them, and the filter applied.
 */
function countedVotes(db: Kysely<Database>, filter: VoteFilter) {
  let query = db
    .selectFrom('model_votes as v')
    .innerJoin('comparisons as c', 'c.comparison_id', 'v.comparison_id')
    .where('c.model1_id', 'is not', null)
    .where('c.model2_id', 'is not', null)
    .whereRef('c.model1_id', '<>', 'c.model2_id')
    .where((eb) => eb.or([eb('v.winner_model_id', 'is', null), eb('v.winner_model_id', '=', eb.ref('c.model1_id')), eb('v.winner_model_id', '=', eb.ref('c.model2_id'))]));
  if (filter.blind) query = query.where('c.mode', '=', 'anonymous');
  if (filter.since) query = query.where('v.created_at', '>=', filter.since);
  if (filter.userId) query = query.where('v.user_id', '=', filter.userId);
  return query;
}

/**
 * Every counted vote, aggregated in one query into (model a, model b, outcome) counts with the
 * response-time sums the leaderboard averages. Votes whose winner is neither model, or whose
 * comparison lacks a model, are left out.
 */
export async function aggregateVotes(db: Kysely<Database>, filter: VoteFilter): Promise<AggregateRow[]> {
  const rows = await countedVotes(db, filter)
    .select([
      'c.model1_id as a',
      'c.model2_id as b',
      OUTCOME.as('outcome'),
      sql<string>`count(*)`.as('votes'),
      sql<string>`coalesce(sum(c.model1_time_ms), 0)`.as('time_a_sum'),
      sql<string>`count(c.model1_time_ms)`.as('time_a_count'),
      sql<string>`coalesce(sum(c.model2_time_ms), 0)`.as('time_b_sum'),
      sql<string>`count(c.model2_time_ms)`.as('time_b_count'),
    ])
    .groupBy(['c.model1_id', 'c.model2_id', sql`3`])
    .execute();
  return rows.map((row) => ({
    a: row.a as string,
    b: row.b as string,
    outcome: row.outcome,
    votes: Number(row.votes),
    time_a_sum: Number(row.time_a_sum),
    time_a_count: Number(row.time_a_count),
    time_b_sum: Number(row.time_b_sum),
    time_b_count: Number(row.time_b_count),
  }));
}

/** The same votes one by one, in the order they were cast (online Elo needs the order). */
export async function orderedVotes(db: Kysely<Database>, filter: VoteFilter): Promise<Array<{ a: string; b: string; outcome: 'a' | 'b' | 'tie' }>> {
  const rows = await countedVotes(db, filter)
    .select(['c.model1_id as a', 'c.model2_id as b', OUTCOME.as('outcome')])
    .orderBy('v.created_at')
    .orderBy('v.vote_id')
    .execute();
  return rows.map((row) => ({ a: row.a as string, b: row.b as string, outcome: row.outcome }));
}

/** A cheap fingerprint of the votes table: it changes whenever a vote is added or removed. */
export async function voteWatermark(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('model_votes')
    .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(max(created_at)::text, '')`.as('latest')])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest}`;
}
