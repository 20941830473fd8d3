import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { aggregated, decidedOut, exclusionReason, filteredVotes, fromRollup, hasDecidedExclusions, settle, type HygieneOptions, type ReasonedRow, type VoteAggregate, type VoteFilter } from './votes.js';

/**
 * A comparison's rule categories and its prompt's language (`language:de`), one row each, for
 * the comparison_features row aliased `f` (as migration 0026's dualmind_feature_categories).
 */
const RULE_MEMBERSHIP = sql<{ category: string }>`LATERAL (
  SELECT membership.category FROM (VALUES ('coding', f.is_coding), ('long_query', f.is_long_query), ('multi_turn', f.is_multi_turn), ('language:' || f.language, f.language IS NOT NULL))
  AS membership (category, member) WHERE membership.member)`;

type CategoryRow = ReasonedRow & { category: string };

/** The votes of `query` aggregated per category, each vote in every category it belongs to (rule categories, `language:xx`, labels). */
async function perCategory(query: ReturnType<typeof filteredVotes>, filter: VoteFilter, hygiene: HygieneOptions): Promise<CategoryRow[]> {
  const why = exclusionReason(filter, hygiene);
  const [rules, labels] = await Promise.all([
    aggregated(query.innerJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id').innerJoin(RULE_MEMBERSHIP.as('k'), (join) => join.onTrue()), why, sql<string>`k.category`),
    aggregated(query.innerJoin('comparison_labels as l', (join) => join.onRef('l.comparison_id', '=', 'c.comparison_id').on('l.value', '=', true)), why, sql<string>`l.category`),
  ]);
  return [...rules, ...labels];
}

function byCategory(rows: CategoryRow[]): Map<string, ReasonedRow[]> {
  const grouped = new Map<string, ReasonedRow[]>();
  for (const { category, ...row } of rows) {
    const list = grouped.get(category);
    if (list) list.push(row);
    else grouped.set(category, [row]);
  }
  return grouped;
}

/**
 * The votes matching the filter aggregated per category at once, for the overview. Without a time
 * window or a user, the running totals per category (vote_category_counts, migration 0026) give
 * the counts and only the votes a decided rule leaves out are read one by one, as for the overall
 * leaderboard; otherwise one pass over the votes aggregates every category.
 */
export async function aggregateByCategory(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions): Promise<Map<string, VoteAggregate>> {
  const votes = filteredVotes(db, filter);
  const fast = !filter.since && !filter.userId && !filter.category && !filter.language;
  const [totals, decided] = await Promise.all([
    fast ? fromRollup(db, filter.blind, { table: 'category' }) : perCategory(votes, filter, hygiene),
    fast && hasDecidedExclusions(filter, hygiene) ? perCategory(decidedOut(votes, filter, hygiene), filter, hygiene) : [],
  ]);
  const totalsBy = byCategory(totals);
  const decidedBy = byCategory(decided);
  return new Map([...totalsBy].map(([category, rows]) => [category, settle(rows, decidedBy.get(category) ?? [])]));
}
