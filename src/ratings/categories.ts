import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Categories given by rule when a comparison's features are computed (src/analysis), and the
 * comparison_features column that holds each, as LMArena's "coding", "longer query" and
 * "multi-turn".
 */
export const RULE_CATEGORIES = { coding: 'is_coding', long_query: 'is_long_query', multi_turn: 'is_multi_turn' } as const;
export type RuleCategory = keyof typeof RULE_CATEGORIES;

export const isRuleCategory = (name: string): name is RuleCategory => Object.hasOwn(RULE_CATEGORIES, name);

/** The categories a labeller model has put at least one comparison in (comparison_labels). */
export async function labelledCategories(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('comparison_labels').select('category').distinct().where('value', '=', true).orderBy('category').execute();
  return rows.map((row) => row.category);
}

/** The comparison aliased `c` is in the category: by rule, or labelled so. */
export function inCategory(category: string) {
  if (isRuleCategory(category)) {
    return sql<boolean>`EXISTS (SELECT 1 FROM comparison_features cf WHERE cf.comparison_id = c.comparison_id AND cf.${sql.ref(RULE_CATEGORIES[category])})`;
  }
  return sql<boolean>`EXISTS (SELECT 1 FROM comparison_labels cl WHERE cl.comparison_id = c.comparison_id AND cl.category = ${category} AND cl.value)`;
}

/** The prompt of the comparison aliased `c` is in this language (ISO 639-1). */
export const inLanguage = (language: string) => sql<boolean>`EXISTS (SELECT 1 FROM comparison_features cf WHERE cf.comparison_id = c.comparison_id AND cf.language = ${language})`;

/**
 * An answer of the comparison aliased `c` names a model, a provider or its maker. A comparison
 * whose features are not computed yet (moments after it is stored, or before the background
 * pass reached it) does not count as leaking.
 */
export const LEAKS_IDENTITY = sql<boolean>`EXISTS (SELECT 1 FROM comparison_features cf WHERE cf.comparison_id = c.comparison_id AND cf.identity_leak)`;
