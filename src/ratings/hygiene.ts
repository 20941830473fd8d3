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

/** pandas' (numpy's "linear") quantile of values given from the top down, as the top of `n` values. */
export function quantileFromTop(top: number[], n: number, q: number): number {
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const at = (rank: number) => top[n - 1 - rank] as number;
  return at(below) + (at(above) - at(below)) * (position - below);
}

/**
 * FastChat's duplicate-prompt sampling. Votes are counted per prompt (every vote on a comparison
 * whose facts carry the prompt's hash: prompt_vote_counts, kept by triggers); q is the 99.99th
 * percentile of those counts, interpolated as pandas' quantile, which needs only the largest
 * 0.01% of them; for each prompt counted more than q times, floor(q) of its votes are kept, the
 * ones with the smallest md5(vote id, seed) (a seeded sample, the same on any database), and the
 * others are returned.
 */
async function duplicatePromptVotes(db: Kysely<Database>, seed: number): Promise<string[]> {
  const counted = db.selectFrom('prompt_vote_counts').where('votes', '>', sql<string>`0`);
  const { n } = await counted.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const prompts = Number(n);
  if (prompts === 0) return [];
  const below = Math.floor((prompts - 1) * DEDUP_QUANTILE);
  const top = await counted.select(['prompt_hash', 'votes']).orderBy('votes', 'desc').orderBy('prompt_hash').limit(prompts - below).execute();
  const cutoff = quantileFromTop(top.map((row) => Number(row.votes)), prompts, DEDUP_QUANTILE);
  const frequent = top.filter((row) => Number(row.votes) > cutoff).map((row) => row.prompt_hash);
  if (frequent.length === 0) return [];
  const { rows } = await sql<{ vote_id: string }>`
    SELECT vote_id FROM (
      SELECT v.vote_id, row_number() OVER (PARTITION BY f.prompt_hash ORDER BY md5(v.vote_id::text || ${String(seed)})) AS r
      FROM comparison_features f JOIN model_votes v ON v.comparison_id = f.comparison_id
      WHERE f.prompt_hash = ANY(${frequent}::text[])
    ) sampled
    WHERE r > ${Math.floor(cutoff)}`.execute(db);
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
