import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FAILED, ratableVotes, type DecidedExclusions } from './votes.js';

export interface HygieneSettings {
  /** Counted votes per user per UTC day; 0: no cap. */
  dailyVoteCap: number;
  dedupPrompts: boolean;
  /** Seeds the sample of duplicate prompts' votes that is kept. */
  seed: number;
}

/** FastChat's deduplication.py: prompts asked more often than this quantile of prompt counts are sampled down to it. */
const DEDUP_QUANTILE = 0.9999;

/**
 * FastChat's duplicate-prompt sampling over the votes that would otherwise count: the count of
 * votes per prompt (comparison_features.prompt_hash), the 99.99th percentile of those counts
 * (linear interpolation, as pandas' quantile), and for every prompt counted more often, a
 * seeded sample of floor(percentile) of its votes kept; the others are returned. The sample is
 * the votes with the smallest md5(vote id, seed), the same on any database.
 */
async function duplicatePromptVotes(db: Kysely<Database>, seed: number): Promise<string[]> {
  const voted = ratableVotes(db)
    .innerJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .where(sql<boolean>`NOT ${FAILED}`)
    .select(['v.vote_id', 'f.prompt_hash']);
  const { rows } = await sql<{ vote_id: string }>`
    WITH voted AS (${voted}),
    counts AS (SELECT prompt_hash, count(*) AS n FROM voted GROUP BY prompt_hash),
    cutoff AS (SELECT percentile_cont(${DEDUP_QUANTILE}::float8) WITHIN GROUP (ORDER BY n::float8) AS q FROM counts),
    ranked AS (
      SELECT voted.vote_id, cutoff.q, row_number() OVER (PARTITION BY voted.prompt_hash ORDER BY md5(voted.vote_id::text || ${String(seed)})) AS r
      FROM voted JOIN counts ON counts.prompt_hash = voted.prompt_hash CROSS JOIN cutoff
      WHERE counts.n > cutoff.q
    )
    SELECT vote_id FROM ranked WHERE r > floor(q)`.execute(db);
  return rows.map((row) => row.vote_id);
}

/**
 * Per user and UTC day, the votes beyond the first `cap` (in the order they were cast) among the
 * votes that would otherwise count: battles that failed, and votes already left out, do not use
 * up the cap. As FastChat's `limit_user_votes`, but decided over all votes, not per view.
 */
async function overDailyCap(db: Kysely<Database>, cap: number, alreadyOut: string[]): Promise<string[]> {
  let ranked = ratableVotes(db).where('v.user_id', 'is not', null).where(sql<boolean>`NOT ${FAILED}`);
  if (alreadyOut.length > 0) ranked = ranked.where(sql<boolean>`v.vote_id <> ALL(${alreadyOut}::uuid[])`);
  const rows = await db
    .selectFrom(
      ranked
        .select(['v.vote_id', sql<string>`row_number() OVER (PARTITION BY v.user_id, (v.created_at AT TIME ZONE 'UTC')::date ORDER BY v.created_at, v.vote_id)`.as('n')])
        .as('ranked'),
    )
    .select('vote_id')
    .where('n', '>', sql<string>`${cap}`)
    .execute();
  return rows.map((row) => row.vote_id);
}

/** The votes that rules decided over all votes leave out, by rule: duplicates first, then the cap among the rest. */
export async function decideExclusions(db: Kysely<Database>, settings: HygieneSettings): Promise<DecidedExclusions> {
  const decided: DecidedExclusions = {};
  if (settings.dedupPrompts) decided.duplicate = await duplicatePromptVotes(db, settings.seed);
  if (settings.dailyVoteCap > 0) decided.daily_cap = await overDailyCap(db, settings.dailyVoteCap, decided.duplicate ?? []);
  return decided;
}
