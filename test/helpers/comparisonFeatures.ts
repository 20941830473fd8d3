import type { Insertable } from 'kysely';
import type { ComparisonFeaturesTable } from '../../src/db/schema.js';

/**
 * A comparison_features row as the analysis would write it, for tests that seed comparisons
 * straight into the database: plain one-token answers, a prompt of its own, no category, no leak;
 * `facts` overrides any of it.
 */
export function featuresRow(comparisonId: string, facts: Partial<Insertable<ComparisonFeaturesTable>> = {}): Insertable<ComparisonFeaturesTable> {
  return {
    comparison_id: comparisonId,
    features_version: 1,
    model1_tokens: 1,
    model2_tokens: 1,
    model1_headers: 0,
    model2_headers: 0,
    model1_lists: 0,
    model2_lists: 0,
    model1_bold: 0,
    model2_bold: 0,
    conv_metadata: JSON.stringify({ sum_assistant_a_tokens: 1, sum_assistant_b_tokens: 1 }) as never,
    prompt_tokens: 3,
    prompt_hash: `prompt-${comparisonId}`,
    is_coding: false,
    is_long_query: false,
    is_multi_turn: false,
    language: null,
    identity_leak: false,
    ...facts,
  };
}
