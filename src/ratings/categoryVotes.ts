import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { wholeTableRead } from '../db/wholeTableRead.js';
import { aggregated, decidedOut, exclusionReason, filteredVotes, hasDecidedExclusions, modelIndexes, noExclusions, settle, type AggregateRow, type HygieneOptions, type ReasonedRow, type VoteAggregate, type VoteFilter } from './votes.js';

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

/** The outcomes in the order of a packed running total's outcome code (+3 for a failed battle). */
const OUTCOMES = ['a', 'b', 'tie'] as const;

/** A row without answer times. Not an object spread: that costs microseconds a row, seconds over a million. */
const withoutTimes = (a: string, b: string, outcome: AggregateRow['outcome'], votes: number): AggregateRow => ({ a, b, outcome, votes, time_a_sum: 0, time_a_count: 0, time_b_sum: 0, time_b_count: 0 });

/**
 * Each category's running totals (vote_category_counts), blind ones only with `blind`. Half a
 * million rows would take seconds to cross the driver and become objects, so the database packs
 * each category's into one bytea of big-endian int4s (model a and model b as indexes into
 * `modelIds`, the outcome code, the votes), and they are summed here into one dense table of
 * (a, b, outcome code) per category.
 */
async function packedTotals(db: Kysely<Database>, blind: boolean): Promise<{ modelIds: string[]; totals: Map<string, Float64Array> }> {
  const modelIds = (await db.selectFrom('ai_models').select('model_id').execute()).map((row) => row.model_id);
  const { rows } = await wholeTableRead(db, (trx) => sql<{ category: string; packed: Buffer }>`
    WITH model AS (${modelIndexes(modelIds)})
    SELECT category, string_agg(int4send(ma.x) || int4send(mb.x) || int4send(CASE outcome WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE 2 END + CASE WHEN failed THEN 3 ELSE 0 END) || int4send(votes::int4), ''::bytea) AS packed
    FROM vote_category_counts t JOIN model ma ON ma.id = t.model_a JOIN model mb ON mb.id = t.model_b
    WHERE votes > 0 ${blind ? sql`AND blind` : sql``}
    GROUP BY category`.execute(trx));
  const m = modelIds.length;
  const totals = new Map<string, Float64Array>();
  for (const { category, packed } of rows) {
    const cells = new Float64Array(m * m * 6);
    const view = new DataView(packed.buffer, packed.byteOffset, packed.length);
    for (let offset = 0; offset < packed.length; offset += 16) {
      const cell = (view.getInt32(offset) * m + view.getInt32(offset + 4)) * 6 + view.getInt32(offset + 8);
      cells[cell] = (cells[cell] as number) + view.getInt32(offset + 12);
    }
    totals.set(category, cells);
  }
  return { modelIds, totals };
}

/**
 * One category's counted votes and exclusions, as `settle` gives them, from its dense running
 * totals less `decided` (the votes of those totals that a decided rule leaves out).
 */
function settleDense(modelIds: string[], cells: Float64Array, decided: ReasonedRow[], index: Map<string, number>): VoteAggregate {
  const m = modelIds.length;
  const excluded = noExclusions();
  for (const row of decided) {
    const cell = ((index.get(row.a) as number) * m + (index.get(row.b) as number)) * 6 + OUTCOMES.indexOf(row.outcome);
    cells[cell] = (cells[cell] as number) - row.votes;
    if (row.reason) excluded[row.reason] += row.votes;
  }
  const rows: AggregateRow[] = [];
  for (let cell = 0; cell < cells.length; cell++) {
    const votes = cells[cell] as number;
    if (votes <= 0) continue;
    const code = cell % 6;
    if (code >= 3) {
      excluded.failed += votes;
      continue;
    }
    const pair = (cell - code) / 6;
    rows.push(withoutTimes(modelIds[Math.floor(pair / m)] as string, modelIds[pair % m] as string, OUTCOMES[code] as AggregateRow['outcome'], votes));
  }
  return { rows, excluded };
}

/**
 * The votes matching the filter aggregated per category at once, for the overview. Without a time
 * window or a user, the running totals per category (vote_category_counts, migration 0026) give
 * the counts and only the votes a decided rule leaves out are read one by one, as for the overall
 * leaderboard; otherwise one pass over the votes aggregates every category. Either way the rows
 * carry no answer times (all zero): the overview shows none, and reading them would double the
 * running totals' read.
 */
export async function aggregateByCategory(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions): Promise<Map<string, VoteAggregate>> {
  const votes = filteredVotes(db, filter);
  const fast = !filter.since && !filter.userId && !filter.category && !filter.language;
  if (!fast) {
    const totalsBy = byCategory(await perCategory(votes, filter, hygiene));
    return new Map([...totalsBy].map(([category, rows]) => [category, settle(rows.map((row) => Object.assign(withoutTimes(row.a, row.b, row.outcome, row.votes), { reason: row.reason })), [])]));
  }
  const [{ modelIds, totals }, decided] = await Promise.all([
    packedTotals(db, filter.blind),
    hasDecidedExclusions(filter, hygiene) ? perCategory(decidedOut(votes, filter, hygiene), filter, hygiene) : [],
  ]);
  const index = new Map(modelIds.map((id, x) => [id, x]));
  const decidedBy = byCategory(decided);
  return new Map([...totals].map(([category, cells]) => [category, settleDense(modelIds, cells, decidedBy.get(category) ?? [], index)]));
}
