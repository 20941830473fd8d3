import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, VoteOutcome } from '../db/schema.js';
import { inCategory, inLanguage, LEAKS_IDENTITY } from './categories.js';

export interface VoteFilter {
  /** Blind votes only (model_votes.blind, migration 0008), without identity leaks when that check is on. */
  blind: boolean;
  since: Date | undefined;
  /** Only this user's votes (a personal leaderboard). */
  userId: string | undefined;
  /** A rule category (RULE_CATEGORIES) or a labeller's category. */
  category?: string | undefined;
  /** The prompt's language, ISO 639-1. */
  language?: string | undefined;
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
  /** Leave votes on battles whose answers leak an identity out of the blind set. */
  identityLeak: boolean;
}

const NO_HYGIENE: HygieneOptions = { decided: {}, identityLeak: false };

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
export const OUTCOME = sql<'a' | 'b' | 'tie'>`CASE
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

export function filteredVotes(db: Kysely<Database>, filter: VoteFilter) {
  let query = ratableVotes(db);
  if (filter.blind) query = query.where('v.blind', '=', true);
  if (filter.since) query = query.where('v.created_at', '>=', filter.since);
  if (filter.userId) query = query.where('v.user_id', '=', filter.userId);
  if (filter.category) query = query.where(inCategory(filter.category));
  if (filter.language) query = query.where(inLanguage(filter.language));
  return query;
}

/** The identity-leak rule applies to blind views only: a leaking vote still counts as a named one. */
const leakApplies = (filter: VoteFilter, hygiene: HygieneOptions) => filter.blind && hygiene.identityLeak;

const decidedIds = (hygiene: HygieneOptions) => Object.values(hygiene.decided).flat();

/**
 * The first reason that leaves a vote out, in EXCLUSION_REASONS order; NULL when it counts.
 * With `leak`, a blind vote on a battle that leaked an identity is left out (of a blind view).
 */
function reason(hygiene: HygieneOptions, leak: boolean): RawBuilder<ExclusionReason | null> {
  const decided = (['duplicate', 'daily_cap'] as const).flatMap((key) => {
    const ids = hygiene.decided[key] ?? [];
    return ids.length > 0 ? [sql`WHEN v.vote_id = ANY(${ids}::uuid[]) THEN ${key}`] : [];
  });
  const leaks = leak ? sql`WHEN v.blind AND ${LEAKS_IDENTITY} THEN 'identity_leak'` : sql``;
  return sql<ExclusionReason | null>`CASE WHEN ${FAILED} THEN 'failed' ${leaks} ${sql.join(decided, sql` `)} END`;
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

/** Whether a rule other than the failed-battle one (which the running totals keep apart) can leave a vote of this view out. */
export const hasDecidedExclusions = (filter: VoteFilter, hygiene: HygieneOptions) => decidedIds(hygiene).length > 0 || leakApplies(filter, hygiene);

/** Why a vote of this view is left out, NULL when it counts. */
export const exclusionReason = (filter: VoteFilter, hygiene: HygieneOptions) => reason(hygiene, leakApplies(filter, hygiene));

/** Just the votes of battles that did not fail which a decided rule (or the identity-leak check) leaves out. */
export function decidedOut(query: ReturnType<typeof filteredVotes>, filter: VoteFilter, hygiene: HygieneOptions) {
  const decided = sql<boolean>`v.vote_id = ANY(${decidedIds(hygiene)}::uuid[])`;
  return query.where(sql<boolean>`NOT ${FAILED}`).where(leakApplies(filter, hygiene) ? sql<boolean>`(${decided} OR ${LEAKS_IDENTITY})` : decided);
}

/**
 * Matching votes aggregated per (pair, outcome, reason), read from the votes themselves; with
 * `onlyDecided`, just the ones `decidedOut` keeps.
 */
async function scan(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions, onlyDecided: boolean) {
  const query = filteredVotes(db, filter);
  return (await aggregated(onlyDecided ? decidedOut(query, filter, hygiene) : query, exclusionReason(filter, hygiene), sql<string>`''`)).map(({ category: _category, ...row }) => row);
}

/** Matching votes aggregated per (pair, outcome, reason, category). */
export async function aggregated(query: ReturnType<typeof filteredVotes>, why: RawBuilder<ExclusionReason | null>, category: RawBuilder<string>) {
  const rows = await query
    .select([
      category.as('category'),
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
    .groupBy([sql`1`, 'c.model1_id', 'c.model2_id', sql`4`, sql`5`])
    .execute();
  return rows.map((row) => ({ ...toAggregateRow(row), reason: row.reason, category: row.category }));
}

/** A CTE body numbering `modelIds` from 0 (`id`, `x`): packed reads carry models as these indexes. */
export const modelIndexes = (modelIds: string[]) => sql`SELECT id, (n - 1)::int AS x FROM unnest(${modelIds}::uuid[]) WITH ORDINALITY AS listed (id, n)`;

/** Which running totals to read: the overall ones (vote_pair_counts), or one category's (vote_category_counts). */
export type RollupScope = { table: 'overall' } | { table: 'category'; key: string };

/** The key a language has among the categories (vote_category_counts, the overview). */
export const languageKey = (language: string) => `language:${language}`;

export type ReasonedRow = AggregateRow & { reason: ExclusionReason | null };

/**
 * The running totals (migrations 0005, 0008, 0026) answer the filters that need no vote-level
 * detail: all votes, or the blind ones, split into failed battles and the rest; per category too.
 */
export async function fromRollup(db: Kysely<Database>, blind: boolean, scope: RollupScope): Promise<ReasonedRow[]> {
  const source = scope.table === 'overall' ? sql`vote_pair_counts WHERE` : sql`vote_category_counts WHERE category = ${scope.key} AND`;
  const { rows } = await sql<Parameters<typeof toAggregateRow>[0] & { failed: boolean }>`
    SELECT model_a AS a, model_b AS b, outcome, failed, sum(votes) AS votes, sum(time_a_sum) AS time_a_sum, sum(time_a_count) AS time_a_count,
      sum(time_b_sum) AS time_b_sum, sum(time_b_count) AS time_b_count FROM ${source} votes > 0 ${blind ? sql`AND blind` : sql``}
    GROUP BY model_a, model_b, outcome, failed`.execute(db);
  return rows.map((row) => ({ ...toAggregateRow(row), reason: row.failed ? ('failed' as const) : null }));
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
 * Counted rows and exclusions from rows that carry their reason: `totals` (from the running
 * totals, where only failed battles are told apart, or from a scan, where every reason is), less
 * `decided`, the votes of those totals that a decided rule leaves out.
 */
export function settle(totals: ReasonedRow[], decided: ReasonedRow[]): VoteAggregate {
  const excluded = noExclusions();
  const counted: AggregateRow[] = [];
  for (const { reason: why, ...row } of totals) {
    if (why) excluded[why] += row.votes;
    else counted.push(row);
  }
  for (const row of decided) if (row.reason) excluded[row.reason] += row.votes;
  return { rows: subtract(counted, decided), excluded };
}

/** The running totals that answer a view, if any: none do with a time window, a user, or a category and a language together. */
function rollupScope(filter: VoteFilter): RollupScope | undefined {
  if (filter.since || filter.userId || (filter.category && filter.language)) return undefined;
  if (filter.category) return { table: 'category', key: filter.category };
  if (filter.language) return { table: 'category', key: languageKey(filter.language) };
  return { table: 'overall' };
}

/**
 * Every vote matching the filter, aggregated into (model a, model b, outcome) counts with the
 * response-time sums the leaderboard averages, and the votes left out counted by reason. Votes
 * whose winner is neither model, or whose comparison lacks a model, are not votes on a pair and
 * appear nowhere. Without a time window or a user (and with at most one of category and
 * language), the running totals give the counts and only the excluded votes are read one by one.
 */
export async function aggregateVotes(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions = NO_HYGIENE): Promise<VoteAggregate> {
  const scope = rollupScope(filter);
  if (!scope) return settle(await scan(db, filter, hygiene, false), []);
  const [totals, decided] = await Promise.all([
    fromRollup(db, filter.blind, scope),
    hasDecidedExclusions(filter, hygiene) ? scan(db, filter, hygiene, true) : [],
  ]);
  return settle(totals, decided);
}

/** The votes matching the filter that count (no rule leaves them out), with their comparison `c`. */
export function countedVotes(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions) {
  return filteredVotes(db, filter).where(sql<boolean>`${reason(hygiene, leakApplies(filter, hygiene))} IS NULL`);
}

/** The votes that count, one by one, in the order they were cast (online Elo needs the order). */
export async function orderedVotes(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions = NO_HYGIENE): Promise<Array<{ a: string; b: string; outcome: 'a' | 'b' | 'tie' }>> {
  const rows = await countedVotes(db, filter, hygiene)
    .select(['c.model1_id as a', 'c.model2_id as b', OUTCOME.as('outcome')])
    .orderBy('v.created_at')
    .orderBy('v.vote_id')
    .execute();
  return rows.map((row) => ({ a: row.a as string, b: row.b as string, outcome: row.outcome }));
}

export interface ExcludedVote {
  vote_id: string;
  comparison_id: string | null;
  user_id: string | null;
  created_at: Date | null;
  model1_id: string | null;
  model2_id: string | null;
  outcome: VoteOutcome | null;
  blind: boolean;
  reason: ExclusionReason;
}

/** The votes some rule leaves out (of the ratings, or of the blind set), newest first, a page at a time. */
export async function listExcludedVotes(
  db: Kysely<Database>,
  hygiene: HygieneOptions,
  page: { reason?: ExclusionReason | undefined; limit: number; offset: number },
): Promise<{ votes: ExcludedVote[]; total: number }> {
  const why = reason(hygiene, hygiene.identityLeak);
  const excluded = db
    .selectFrom(
      ratableVotes(db)
        .select(['v.vote_id', 'v.comparison_id', 'v.user_id', 'v.created_at', 'c.model1_id', 'c.model2_id', 'v.outcome', sql<boolean>`coalesce(v.blind, false)`.as('blind'), why.as('reason')])
        .as('e'),
    )
    .where('reason', page.reason ? '=' : 'is not', page.reason ?? null);
  const [votes, total] = await Promise.all([
    excluded.selectAll().orderBy('created_at', (ob) => ob.desc().nullsLast()).orderBy('vote_id').limit(page.limit).offset(page.offset).execute(),
    excluded.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { votes: votes as ExcludedVote[], total: Number(total.n) };
}

/**
 * A cheap fingerprint of what the leaderboard is computed from: the running total of votes (it
 * moves on every added or removed vote, old-dated imports included), the newest vote's time, and
 * the newest per-comparison facts and labels (identity leaks, categories and prompts arrive
 * after their comparison, some by a background pass).
 */
export async function voteWatermark(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectNoFrom([
      sql<string>`(SELECT coalesce(sum(votes), 0) FROM vote_pair_counts)`.as('n'),
      sql<string>`(SELECT coalesce(max(created_at)::text, '') FROM model_votes)`.as('latest'),
      sql<string>`(SELECT coalesce(max(computed_at)::text, '') FROM comparison_features)`.as('features'),
      sql<string>`(SELECT coalesce(max(labelled_at)::text, '') FROM comparison_labels)`.as('labels'),
      // A price set or cleared on another instance changes costs: the newest change, and the count for a removal.
      sql<string>`(SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM model_prices)`.as('prices'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest}:${row.features}:${row.labels}:${row.prices}`;
}
