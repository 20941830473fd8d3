import { z } from 'zod';
import type { ConvMetadataJson } from '../db/schema.js';
import { sumCounts, type MarkdownCounts } from './markdown.js';

const count = z.number().int().nonnegative().max(2_147_483_647);
/** FastChat's style control takes either a number or an object of numbers it adds up. */
const countOrCounts = z.union([count, z.record(z.string().max(20), count).refine((counts) => Object.keys(counts).length <= 10, 'at most 10 keys')]);

/**
 * `conv_metadata` as LMArena's battle files carry it. The four style features of each side are
 * required (style control needs all of them); the token totals of the whole conversation are kept
 * when present. Other keys are dropped.
 */
export const convMetadataSchema = z.object({
  sum_user_tokens: count.optional(),
  sum_assistant_a_tokens: count,
  sum_assistant_b_tokens: count,
  context_a_tokens: count.optional(),
  context_b_tokens: count.optional(),
  turns: count.optional(),
  header_count_a: countOrCounts,
  list_count_a: countOrCounts,
  bold_count_a: countOrCounts,
  header_count_b: countOrCounts,
  list_count_b: countOrCounts,
  bold_count_b: countOrCounts,
});
export type ConvMetadata = z.infer<typeof convMetadataSchema>;

/** One side's style counts as stored in comparison_features. */
export interface SideStyle {
  tokens: number;
  headers: number;
  lists: number;
  bold: number;
}

const total = (value: number | Record<string, number>) => (typeof value === 'number' ? value : sumCounts(value));

/** The style counts of both sides, summed as FastChat's `extract_style_feature` sums them. */
export function styleFromConvMetadata(meta: ConvMetadata): { model1: SideStyle; model2: SideStyle } {
  return {
    model1: { tokens: meta.sum_assistant_a_tokens, headers: total(meta.header_count_a), lists: total(meta.list_count_a), bold: total(meta.bold_count_a) },
    model2: { tokens: meta.sum_assistant_b_tokens, headers: total(meta.header_count_b), lists: total(meta.list_count_b), bold: total(meta.bold_count_b) },
  };
}

/** One comparison (one prompt, one answer a side) in FastChat's shape. */
export function buildConvMetadata(promptTokens: number, a: { tokens: number; markdown: MarkdownCounts }, b: { tokens: number; markdown: MarkdownCounts }): ConvMetadataJson {
  return {
    sum_user_tokens: promptTokens,
    sum_assistant_a_tokens: a.tokens,
    sum_assistant_b_tokens: b.tokens,
    turns: 1,
    header_count_a: { ...a.markdown.header_count },
    list_count_a: { ...a.markdown.list_count },
    bold_count_a: { ...a.markdown.bold_count },
    header_count_b: { ...b.markdown.header_count },
    list_count_b: { ...b.markdown.list_count },
    bold_count_b: { ...b.markdown.bold_count },
  };
}
