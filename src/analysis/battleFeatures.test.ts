import { describe, expect, it } from 'vitest';
import { battleTexts, exportedFeatureFields, importedFeaturesRow } from './battleFeatures.js';
import { comparisonFacts } from './features.js';
import { identityMatcher } from './identity.js';

const id = '00000000-0000-4000-8000-000000000002';
const conversations = {
  conversation_a: [
    { role: 'user' as const, content: 'First question about Rust lifetimes, please' },
    { role: 'assistant' as const, content: '## A1' },
    { role: 'user' as const, content: 'And a follow-up' },
    { role: 'assistant' as const, content: '- A2' },
  ],
  conversation_b: [
    { role: 'user' as const, content: 'First question about Rust lifetimes, please' },
    { role: 'assistant' as const, content: 'B1' },
    { role: 'user' as const, content: 'And a follow-up' },
    { role: 'assistant' as const, content: 'B2' },
  ],
};

describe('battleTexts', () => {
  it('joins the user turns into the prompt and each side’s answers, as FastChat does', () => {
    expect(battleTexts(conversations)).toEqual({
      prompt: 'First question about Rust lifetimes, please\nAnd a follow-up',
      answers: ['## A1\n- A2', 'B1\nB2'],
      firstTurn: false,
    });
    expect(battleTexts({})).toBeUndefined();
  });
});

describe('importedFeaturesRow', () => {
  const texts = battleTexts(conversations);
  const facts = texts && comparisonFacts(texts, identityMatcher({ modelNames: [], providerNames: [] }));

  it('has no row for a battle with neither conv_metadata nor conversations', () => {
    expect(importedFeaturesRow(id, { language: 'en' }, undefined)).toBeUndefined();
  });

  it('computes from conversations, with the file’s own fields taking precedence', () => {
    const row = importedFeaturesRow(id, { ...conversations, language: 'Spanish', is_code: true, identity_leak: true }, facts);
    expect(row).toMatchObject({ model1_headers: 1, model1_lists: 1, is_multi_turn: true, language: 'es', is_coding: true, identity_leak: true, usage_source: 'import' });
    expect(JSON.parse(row?.conv_metadata as string)).toMatchObject({ turns: 2 });
  });

  it('gives a battle without a prompt a stand-in hash of its own, which the export leaves out', () => {
    const meta = {
      sum_assistant_a_tokens: 5,
      sum_assistant_b_tokens: 6,
      header_count_a: 0,
      list_count_a: 0,
      bold_count_a: 0,
      header_count_b: 0,
      list_count_b: 0,
      bold_count_b: 0,
    };
    const row = importedFeaturesRow(id, { conv_metadata: meta }, undefined);
    expect(row).toMatchObject({ prompt_hash: `import:${id}`, prompt_tokens: 0, is_multi_turn: false, language: null, identity_leak: false });
    const exported = exportedFeatureFields({
      conv_metadata: meta,
      language: null,
      is_coding: false,
      is_multi_turn: false,
      identity_leak: false,
      prompt_hash: `import:${id}`,
      model1_input_tokens: 0,
      model1_output_tokens: 5,
      model1_ttft_ms: null,
      model2_input_tokens: 0,
      model2_output_tokens: 6,
      model2_ttft_ms: null,
    });
    expect(exported).not.toHaveProperty('prompt_hash');
    expect(exported).toMatchObject({ conv_metadata: meta, usage_b: { output_tokens: 6 } });
  });
});
