import { describe, expect, it } from 'vitest';
import { buildConvMetadata, convMetadataSchema, styleFromConvMetadata } from './convMetadata.js';
import { answerFeatures } from './features.js';

/** A record from LMArena's public battle dumps, as FastChat writes it. */
const FASTCHAT_METADATA = {
  sum_user_tokens: 12,
  sum_assistant_a_tokens: 312,
  sum_assistant_b_tokens: 87,
  context_a_tokens: 12,
  context_b_tokens: 12,
  turns: 1,
  header_count_a: { h1: 0, h2: 2, h3: 1, h4: 0, h5: 0, h6: 0 },
  list_count_a: { ordered: 4, unordered: 3 },
  bold_count_a: { '**': 5, __: 0 },
  header_count_b: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
  list_count_b: { ordered: 0, unordered: 0 },
  bold_count_b: { '**': 0, __: 1 },
};

describe('conv_metadata', () => {
  it('reads FastChat’s shape and sums the counts as its style control does', () => {
    const meta = convMetadataSchema.parse(FASTCHAT_METADATA);
    expect(styleFromConvMetadata(meta)).toEqual({
      model1: { tokens: 312, headers: 3, lists: 7, bold: 5 },
      model2: { tokens: 87, headers: 0, lists: 0, bold: 1 },
    });
  });

  it('takes plain numbers where FastChat does', () => {
    const meta = convMetadataSchema.parse({ ...FASTCHAT_METADATA, header_count_a: 4, bold_count_b: 2 });
    expect(styleFromConvMetadata(meta).model1.headers).toBe(4);
    expect(styleFromConvMetadata(meta).model2.bold).toBe(2);
  });

  it('refuses missing features, negative or fractional counts, and names the field', () => {
    const { sum_assistant_b_tokens: _dropped, ...missing } = FASTCHAT_METADATA;
    expect(convMetadataSchema.safeParse(missing).error?.issues[0]?.path).toEqual(['sum_assistant_b_tokens']);
    expect(convMetadataSchema.safeParse({ ...FASTCHAT_METADATA, list_count_a: { ordered: -1 } }).error?.issues[0]?.path[0]).toBe('list_count_a');
    expect(convMetadataSchema.safeParse({ ...FASTCHAT_METADATA, sum_assistant_a_tokens: 1.5 }).success).toBe(false);
    expect(convMetadataSchema.safeParse({ ...FASTCHAT_METADATA, header_count_b: 'many' }).success).toBe(false);
  });

  it('drops keys it does not know', () => {
    expect(convMetadataSchema.parse({ ...FASTCHAT_METADATA, surprise: 1 })).not.toHaveProperty('surprise');
  });

  it('is built in FastChat’s shape from our counts, and reads back to them', () => {
    const a = answerFeatures('# Title\n- one\n- two\n**bold**');
    const b = answerFeatures('plain');
    const built = buildConvMetadata(9, a, b);
    expect(built).toEqual({
      sum_user_tokens: 9,
      sum_assistant_a_tokens: a.tokens,
      sum_assistant_b_tokens: b.tokens,
      turns: 1,
      header_count_a: { h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count_a: { ordered: 0, unordered: 2 },
      bold_count_a: { '**': 1, __: 0 },
      header_count_b: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count_b: { ordered: 0, unordered: 0 },
      bold_count_b: { '**': 0, __: 0 },
    });
    expect(styleFromConvMetadata(convMetadataSchema.parse(built))).toEqual({
      model1: { tokens: a.tokens, headers: 1, lists: 2, bold: 1 },
      model2: { tokens: b.tokens, headers: 0, lists: 0, bold: 0 },
    });
  });
});
