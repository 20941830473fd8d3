import { describe, expect, it } from 'vitest';
import { answerFeatures, comparisonFacts } from './features.js';
import { identityMatcher } from './identity.js';
import { LONG_QUERY_TOKENS } from './rules.js';
import { countTokens } from './tokens.js';

const identity = identityMatcher({ modelNames: ['demo-concise'], providerNames: ['demo'] });

describe('answerFeatures', () => {
  it('counts tokens and style without the code, and the whole answer’s tokens with it', () => {
    const answer = '## Steps\n1. Install\n2. Run **now**\n```sh\n# not a header\n- not an item\nnpm run **x**\n```\nDone.';
    const features = answerFeatures(answer);
    expect(features).toMatchObject({ headers: 1, lists: 2, bold: 1 });
    expect(features.tokens).toBe(countTokens('## Steps\n1. Install\n2. Run **now**\nDone.'));
    expect(features.total_tokens).toBe(countTokens(answer));
    expect(features.total_tokens).toBeGreaterThan(features.tokens);
  });
});

describe('comparisonFacts', () => {
  it('labels a German coding follow-up whose answer names a model', () => {
    const facts = comparisonFacts(
      { prompt: 'Kannst du mir erklären, warum dieser Code abstürzt?\n```python\nprint(1/0)\n```', answers: ['Ich bin ChatGPT. Division durch null.', 'Division durch null.'], firstTurn: false },
      identity,
    );
    expect(facts).toMatchObject({ is_coding: true, is_multi_turn: true, is_long_query: false, language: 'de', identity_leak: 'ChatGPT' });
    expect(facts.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.conv_metadata.sum_user_tokens).toBe(facts.prompt_tokens);
  });

  it('labels a long first-turn English prose prompt with clean answers', () => {
    const prompt = 'Please summarise the following story about a lighthouse keeper and the sea. '.repeat(40);
    const facts = comparisonFacts({ prompt, answers: ['A keeper watches the sea.', 'The sea, the keeper, the light.'], firstTurn: true }, identity);
    expect(facts.prompt_tokens).toBeGreaterThanOrEqual(LONG_QUERY_TOKENS);
    expect(facts).toMatchObject({ is_coding: false, is_multi_turn: false, is_long_query: true, language: 'en', identity_leak: null });
  });

  it('puts the long-query line at exactly 500 prompt tokens', () => {
    const word = ' lighthouse';
    expect(countTokens(word.repeat(10))).toBe(10);
    const at = (tokens: number) => comparisonFacts({ prompt: word.repeat(tokens), answers: ['a', 'b'], firstTurn: true }, identity).is_long_query;
    expect(at(499)).toBe(false);
    expect(at(500)).toBe(true);
  });
});
