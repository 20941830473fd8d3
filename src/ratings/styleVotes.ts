import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { wholeTableRead } from '../db/wholeTableRead.js';
import { STYLE_FEATURES, type StyleBattles } from './styleControl.js';
import { countedVotes, modelIndexes, OUTCOME, type HygieneOptions, type VoteFilter } from './votes.js';

/** Each side's count per style feature, in STYLE_FEATURES order (comparison_features' columns). */
const SIDE_COLUMNS = {
  a: ['model1_tokens', 'model1_headers', 'model1_lists', 'model1_bold'],
  b: ['model2_tokens', 'model2_headers', 'model2_lists', 'model2_bold'],
} as const;

/** Bytes of one battle in the packed answer: model a, model b, outcome×2, then the eight counts, each a big-endian int4. */
const FIELDS = 3 + 2 * STYLE_FEATURES.length;

/**
 * The counted votes of a view one by one, as style control reads them: the models as indexes into
 * `modelIds` (votes on other models are left out, as they are of the table), the outcome, and both
 * sides' style counts (zero for a comparison whose facts are not computed yet: no style
 * difference). A million rows would take seconds to cross the driver as rows, so the database
 * packs them into one bytea of big-endian int4s (44 bytes a battle) and they are read back into
 * typed arrays here.
 */
export async function styleBattles(db: Kysely<Database>, filter: VoteFilter, hygiene: HygieneOptions, modelIds: string[]): Promise<StyleBattles> {
  const count = (column: string) => sql`int4send(coalesce(${sql.ref(`f.${column}`)}, 0))`;
  const battles = countedVotes(db, filter, hygiene)
    .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .select(['c.model1_id as a', 'c.model2_id as b', OUTCOME.as('outcome')])
    .select(sql<Buffer>`${sql.join([...SIDE_COLUMNS.a, ...SIDE_COLUMNS.b].map(count), sql` || `)}`.as('counts'));
  const packedBattles = sql<{ packed: Buffer | null }>`
    WITH battle AS (${battles}),
    model AS (${modelIndexes(modelIds)})
    SELECT string_agg(int4send(ma.x) || int4send(mb.x) || int4send(CASE battle.outcome WHEN 'a' THEN 2 WHEN 'b' THEN 0 ELSE 1 END) || battle.counts, ''::bytea) AS packed
    FROM battle JOIN model ma ON ma.id = battle.a JOIN model mb ON mb.id = battle.b`;
  // Every counted vote is read, but the planner expects a few thousand: with nested loops it
  // fetched each one's features by index, a million probes (7 s of the 9).
  const { rows } = await wholeTableRead(db, (trx) => packedBattles.execute(trx), { noNestedLoops: true });
  const packed = rows[0]?.packed ?? Buffer.alloc(0);
  const n = packed.length / (4 * FIELDS);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.length);
  const result: StyleBattles = {
    a: new Int32Array(n),
    b: new Int32Array(n),
    outcome: new Float64Array(n),
    featuresA: STYLE_FEATURES.map(() => new Float64Array(n)),
    featuresB: STYLE_FEATURES.map(() => new Float64Array(n)),
  };
  const k = STYLE_FEATURES.length;
  for (let i = 0, offset = 0; i < n; i++, offset += 4 * FIELDS) {
    result.a[i] = view.getInt32(offset);
    result.b[i] = view.getInt32(offset + 4);
    result.outcome[i] = view.getInt32(offset + 8) / 2;
    for (let f = 0; f < k; f++) {
      (result.featuresA[f] as Float64Array)[i] = view.getInt32(offset + 12 + 4 * f);
      (result.featuresB[f] as Float64Array)[i] = view.getInt32(offset + 12 + 4 * (k + f));
    }
  }
  return result;
}
