import { describe, expect, it } from 'vitest';
import { comparisonFacts } from './features.js';
import { identityMatcher } from './identity.js';
import { featuresRow } from './rows.js';
import { FEATURES_VERSION } from './rules.js';

const facts = comparisonFacts(
  { prompt: 'Write a short poem about the sea and the wind', answers: ['## Sea\n- waves\n- salt', 'The wind, the **sea**.'], firstTurn: true },
  identityMatcher({ modelNames: [], providerNames: [] }),
);
const id = '00000000-0000-4000-8000-000000000001';

describe('featuresRow', () => {
  it('takes both sides’ usage from the upstreams when they reported it', () => {
    const row = featuresRow(id, facts, {
      model1: { usage: { input_tokens: 30, output_tokens: 9 }, ttft_ms: 120 },
      model2: { usage: { input_tokens: 31, output_tokens: 7 }, ttft_ms: 80 },
    });
    expect(row).toMatchObject({
      comparison_id: id,
      features_version: FEATURES_VERSION,
      model1_input_tokens: 30,
      model1_output_tokens: 9,
      model1_ttft_ms: 120,
      model2_input_tokens: 31,
      model2_output_tokens: 7,
      model2_ttft_ms: 80,
      usage_source: 'upstream',
      model1_headers: 1,
      model1_lists: 2,
      model2_bold: 1,
    });
    expect(JSON.parse(row.conv_metadata as string)).toEqual(facts.conv_metadata);
  });

  it('counts with the tokenizer what an upstream did not report, figure by figure', () => {
    const row = featuresRow(id, facts, {
      model1: { usage: { input_tokens: 30, output_tokens: null }, ttft_ms: null },
      model2: { usage: null, ttft_ms: 50 },
    });
    expect(row).toMatchObject({
      model1_input_tokens: 30,
      model1_output_tokens: facts.model1.total_tokens,
      model1_ttft_ms: null,
      model2_input_tokens: facts.prompt_tokens,
      model2_output_tokens: facts.model2.total_tokens,
      usage_source: 'tokenizer',
    });
  });
});
