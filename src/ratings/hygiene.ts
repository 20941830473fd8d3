import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FAILED, ratableVotes, type DecidedExclusions } from './votes.js';

export interface HygieneSettings {
  /** Counted votes per user per UTC day; 0: no cap. */
  dailyVoteCap: number;
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

/** The votes that rules decided over all votes leave out, by rule. */
export async function decideExclusions(db: Kysely<Database>, settings: HygieneSettings): Promise<DecidedExclusions> {
  const decided: DecidedExclusions = {};
  if (settings.dailyVoteCap > 0) decided.daily_cap = await overDailyCap(db, settings.dailyVoteCap, []);
  return decided;
}
