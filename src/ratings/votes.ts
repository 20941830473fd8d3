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
 * The running totals (migration 0005) answer the filters that need no vote-level detail: all
 * votes, or the blind ones.
 */
async function fromRollup(db: Kysely<Database>, blind: boolean): Promise<AggregateRow[]> {
  let query = db
    .selectFrom('vote_pair_counts')
    .select([
      'model_a as a',
      'model_b as b',
      'outcome',
      sql<string>`sum(votes)`.as('votes'),
      sql<string>`sum(time_a_sum)`.as('time_a_sum'),
      sql<string>`sum(time_a_count)`.as('time_a_count'),
      sql<string>`sum(time_b_sum)`.as('time_b_sum'),
      sql<string>`sum(time_b_count)`.as('time_b_count'),
    ])
    .where('votes', '>', sql<string>`0`)
    .groupBy(['model_a', 'model_b', 'outcome']);
  if (blind) query = query.where('anonymous', '=', true);
  return (await query.execute()).map(toAggregateRow);
}

function toAggregateRow(row: { a: string | null; b: string | null; outcome: 'a' | 'b' | 'tie'; votes: string; time_a_sum: string; time_a_count: string; time_b_sum: string; time_b_count: string }): AggregateRow {
  return {
    a: row.a as string,
    b: row.b as string,
    outcome: row.outcome,
    votes: Number(row.votes),
    time_a_sum: Number(row.time_a_sum),
    time_a_count: Number(row.time_a_count),
    time_b_sum: Number(row.time_b_sum),
    time_b_count: Number(row.time_b_count),
  };
}

/**
 * Every counted vote, aggregated in one query into (model a, model b, outcome) counts with the
 * response-time sums the leaderboard averages. Votes whose winner is neither model, or whose
 * comparison lacks a model, are left out.
 */
export async function aggregateVotes(db: Kysely<Database>, filter: VoteFilter): Promise<AggregateRow[]> {
  if (!filter.since && !filter.userId) return fromRollup(db, filter.blind);
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
  return rows.map(toAggregateRow);
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

/**
 * A cheap fingerprint of the votes: the running total (it moves on every added or removed vote,
 * old-dated imports included) and the newest vote's time.
 */
export async function voteWatermark(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectNoFrom([
      sql<string>`(SELECT coalesce(sum(votes), 0) FROM vote_pair_counts)`.as('n'),
      sql<string>`(SELECT coalesce(max(created_at)::text, '') FROM model_votes)`.as('latest'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest}`;
}
