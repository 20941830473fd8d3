import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

export interface VoteFilter {
  /** Blind votes only (model_votes.blind, migration 0008). */
  blind: boolean;
  since: Date | undefined;
  /** Only this user's votes (a personal leaderboard). */
  userId: string | undefined;
}

/** Why a vote that matches the filters is left out of the ratings (its row always stays). */
export const EXCLUSION_REASONS = ['failed', 'identity_leak', 'duplicate', 'daily_cap'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
export type Exclusions = Record<ExclusionReason, number>;

/**
 * Votes left out by rules decided over all votes at once (duplicate-prompt sampling, the daily
 * cap), so that a vote counts or not the same way in every view.
 */
export type DecidedExclusions = Partial<Record<'duplicate' | 'daily_cap', string[]>>;

export interface HygieneOptions {
  decided: DecidedExclusions;
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

export interface VoteAggregate {
  rows: AggregateRow[];
  excluded: Exclusions;
}

export const noExclusions = (): Exclusions => ({ failed: 0, identity_leak: 0, duplicate: 0, daily_cap: 0 });

/**
 * The outcome of a vote: `outcome` when recorded; otherwise (rows from before it existed) the
 * winner's side, and a NULL winner is a tie. "Both bad" counts as a tie.
 */
const OUTCOME = sql<'a' | 'b' | 'tie'>`CASE
  WHEN v.outcome = 'model1' OR (v.outcome IS NULL AND v.winner_model_id = c.model1_id) THEN 'a'
  WHEN v.outcome = 'model2' OR (v.outcome IS NULL AND v.winner_model_id = c.model2_id) THEN 'b'
  ELSE 'tie' END`;

/** The failed-battle rule of migration 0008, for the comparison aliased `c`. */
export const FAILED = sql<boolean>`dualmind_comparison_failed(c)`;

/**
 * Votes that can be rated at all, with their comparison joined: both models present and
 * different, and the winner (if any) one of them.
 */
export function ratableVotes(db: Kysely<Database>) {
  return db
    .selectFrom('model_votes as v')
    .innerJoin('comparisons as c', 'c.comparison_id', 'v.comparison_id')
    .where('c.model1_id', 'is not', null)
    .where('c.model2_id', 'is not', null)
    .whereRef('c.model1_id', '<>', 'c.model2_id')
    .where((eb) => eb.or([eb('v.winner_model_id', 'is', null), eb('v.winner_model_id', '=', eb.ref('c.model1_id')), eb('v.winner_model_id', '=', eb.ref('c.model2_id'))]));
}

function filteredVotes(db: Kysely<Database>, filter: VoteFilter) {
  let query = ratableVotes(db);
  if (filter.blind) query = query.where('v.blind', '=', true);
  if (filter.since) query = query.where('v.created_at', '>=', filter.since);
  if (filter.userId) query = query.where('v.user_id', '=', filter.userId);
  return query;
}

const decidedIds = (hygiene: HygieneOptions) => Object.values(hygiene.decided).flat();

/** The first reason that leaves a vote out, in EXCLUSION_REASONS order; NULL when it counts. */
function reason(hygiene: HygieneOptions): RawBuilder<ExclusionReason | null> {
  const decided = (['duplicate', 'daily_cap'] as const).flatMap((key) => {
    const ids = hygiene.decided[key] ?? [];
    return ids.length > 0 ? [sql`WHEN v.vote_id = ANY(${ids}::uuid[]) THEN ${key}`] : [];
  });
  return sql<ExclusionReason | null>`CASE WHEN ${FAILED} THEN 'failed' ${sql.join(decided, sql` `)} END`;
}

type NumericText = string | number | bigint;
function toAggregateRow(row: { a: string | null; b: string | null; outcome: 'a' | 'b' | 'tie'; votes: NumericText; time_a_sum: NumericText; time_a_count: NumericText; time_b_sum: NumericText; time_b_count: NumericText }): AggregateRow {
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
 * Matching votes aggregated per (pair, outcome, reason), read from the votes themselves; with
 * `onlyDecided`, just the votes of battles that did not fail which a decided rule leaves out.
 */
async function scan(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions, onlyDecided: boolean) {
  const why = reason(hygiene);
  let query = filteredVotes(db, filter);
  if (onlyDecided) query = query.where(sql<boolean>`NOT ${FAILED}`).where(sql<boolean>`v.vote_id = ANY(${decidedIds(hygiene)}::uuid[])`);
  const rows = await query
    .select([
      'c.model1_id as a',
      'c.model2_id as b',
      OUTCOME.as('outcome'),
      why.as('reason'),
      sql<string>`count(*)`.as('votes'),
      sql<string>`coalesce(sum(c.model1_time_ms), 0)`.as('time_a_sum'),
      sql<string>`count(c.model1_time_ms)`.as('time_a_count'),
      sql<string>`coalesce(sum(c.model2_time_ms), 0)`.as('time_b_sum'),
      sql<string>`count(c.model2_time_ms)`.as('time_b_count'),
    ])
    .groupBy(['c.model1_id', 'c.model2_id', sql`3`, sql`4`])
    .execute();
  return rows.map((row) => ({ ...toAggregateRow(row), reason: row.reason }));
}

/**
 * The running totals (migrations 0005, 0008) answer the filters that need no vote-level detail:
 * all votes, or the blind ones, split into failed battles and the rest.
 */
async function fromRollup(db: Kysely<Database>, blind: boolean) {
  let query = db
    .selectFrom('vote_pair_counts')
    .select([
      'model_a as a',
      'model_b as b',
      'outcome',
      'failed',
      sql<string>`sum(votes)`.as('votes'),
      sql<string>`sum(time_a_sum)`.as('time_a_sum'),
      sql<string>`sum(time_a_count)`.as('time_a_count'),
      sql<string>`sum(time_b_sum)`.as('time_b_sum'),
      sql<string>`sum(time_b_count)`.as('time_b_count'),
    ])
    .where('votes', '>', sql<string>`0`)
    .groupBy(['model_a', 'model_b', 'outcome', 'failed']);
  if (blind) query = query.where('blind', '=', true);
  return (await query.execute()).map((row) => ({ ...toAggregateRow(row), reason: row.failed ? ('failed' as const) : null }));
}

const pairKey = (row: Pick<AggregateRow, 'a' | 'b' | 'outcome'>) => `${row.a}:${row.b}:${row.outcome}`;

/** Takes the excluded rows out of the counted ones, pair by pair. */
function subtract(counted: AggregateRow[], excluded: AggregateRow[]): AggregateRow[] {
  const byKey = new Map(counted.map((row) => [pairKey(row), { ...row }]));
  for (const row of excluded) {
    const target = byKey.get(pairKey(row));
    if (!target) continue;
    target.votes -= row.votes;
    target.time_a_sum -= row.time_a_sum;
    target.time_a_count -= row.time_a_count;
    target.time_b_sum -= row.time_b_sum;
    target.time_b_count -= row.time_b_count;
  }
  return [...byKey.values()].filter((row) => row.votes > 0);
}

/**
 * Every vote matching the filter, aggregated into (model a, model b, outcome) counts with the
 * response-time sums the leaderboard averages, and the votes left out counted by reason. Votes
 * whose winner is neither model, or whose comparison lacks a model, are not votes on a pair and
 * appear nowhere. Without a time window or a user, the running totals give the counts and only
 * the excluded votes are read one by one.
 */
export async function aggregateVotes(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions = { decided: {} }): Promise<VoteAggregate> {
  const excluded = noExclusions();
  const tally = (rows: Array<AggregateRow & { reason: ExclusionReason | null }>) => {
    for (const row of rows) if (row.reason) excluded[row.reason] += row.votes;
    return rows.filter((row) => row.reason === null);
  };
  if (filter.since || filter.userId) {
    const rows = tally(await scan(db, filter, hygiene, false));
    return { rows, excluded };
  }
  const totals = tally(await fromRollup(db, filter.blind));
  if (decidedIds(hygiene).length === 0) return { rows: totals, excluded };
  // Failed battles are already out of `totals`; the votes left out for other reasons are read and taken out.
  const special = await scan(db, filter, hygiene, true);
  tally(special);
  return { rows: subtract(totals, special), excluded };
}

/** The votes that count, one by one, in the order they were cast (online Elo needs the order). */
export async function orderedVotes(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions = { decided: {} }): Promise<Array<{ a: string; b: string; outcome: 'a' | 'b' | 'tie' }>> {
  const rows = await filteredVotes(db, filter)
    .where(sql<boolean>`${reason(hygiene)} IS NULL`)
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
