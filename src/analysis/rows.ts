import type { Insertable } from 'kysely';
import type { ComparisonFeaturesTable, SideUsage, UsageSource } from '../db/schema.js';
import type { SideStyle } from './convMetadata.js';
import type { ComparisonFacts } from './features.js';
import { FEATURES_VERSION } from './rules.js';

export type FeaturesRow = Insertable<ComparisonFeaturesTable>;

/** One side as the upstream streamed it. */
export interface SideRecord {
  usage: SideUsage | null;
  ttft_ms: number | null;
}

/** The figures to use for one side: the upstream's, else the tokenizer's. */
function sideUsage(record: SideRecord, counted: { input: number; output: number }) {
  return {
    input: record.usage?.input_tokens ?? counted.input,
    output: record.usage?.output_tokens ?? counted.output,
    fromUpstream: record.usage?.input_tokens != null && record.usage.output_tokens != null,
  };
}

/** The style columns of both sides. */
export function styleColumns(model1: SideStyle, model2: SideStyle) {
  return {
    model1_tokens: model1.tokens,
    model2_tokens: model2.tokens,
    model1_headers: model1.headers,
    model2_headers: model2.headers,
    model1_lists: model1.lists,
    model2_lists: model2.lists,
    model1_bold: model1.bold,
    model2_bold: model2.bold,
  };
}

/**
 * A comparison_features row from the facts of its texts and what the upstreams reported. When an
 * upstream reported no usage, the tokenizer's counts stand in: the whole answer for output, the
 * turn's prompt for input (the earlier turns a follow-up also sent are not stored with it, so
 * this undercounts follow-ups).
 */
export function featuresRow(comparisonId: string, facts: ComparisonFacts, sides: { model1: SideRecord; model2: SideRecord }): FeaturesRow {
  const usage1 = sideUsage(sides.model1, { input: facts.prompt_tokens, output: facts.model1.total_tokens });
  const usage2 = sideUsage(sides.model2, { input: facts.prompt_tokens, output: facts.model2.total_tokens });
  const usageSource: UsageSource = usage1.fromUpstream && usage2.fromUpstream ? 'upstream' : 'tokenizer';
  return {
    comparison_id: comparisonId,
    features_version: FEATURES_VERSION,
    ...styleColumns(facts.model1, facts.model2),
    conv_metadata: JSON.stringify(facts.conv_metadata),
    prompt_tokens: facts.prompt_tokens,
    prompt_hash: facts.prompt_hash,
    is_coding: facts.is_coding,
    is_long_query: facts.is_long_query,
    is_multi_turn: facts.is_multi_turn,
    language: facts.language,
    identity_leak: facts.identity_leak !== null,
    model1_input_tokens: usage1.input,
    model1_output_tokens: usage1.output,
    model1_ttft_ms: sides.model1.ttft_ms,
    model2_input_tokens: usage2.input,
    model2_output_tokens: usage2.output,
    model2_ttft_ms: sides.model2.ttft_ms,
    usage_source: usageSource,
  };
}
