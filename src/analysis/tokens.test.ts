import { describe, expect, it } from 'vitest';
import { countTokens } from './tokens.js';

describe('countTokens (o200k_base)', () => {
  // Expected counts from js-tiktoken's o200k_base ranks, an independent implementation.
  it.each([
    ['hello world', 2],
    ['Hello, world!', 4],
    ['The quick brown fox jumps over the lazy dog.', 10],
    ['Ich möchte eine Tasse Kaffee, bitte.', 9],
    ['東京は日本の首都です。', 8],
    ['def add(a, b):\n    return a + b\n', 12],
    ['🙂🙂🙂', 3],
    ['', 0],
  ])('%j is %i tokens', (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });

  it('counts special-token text as plain text instead of refusing it', () => {
    expect(countTokens('<|endoftext|>')).toBe(7);
  });

  it('grows with the text, about four characters a token in English', () => {
    const text = 'Style control separates what an answer says from how it looks. '.repeat(50);
    const tokens = countTokens(text);
    expect(tokens).toBeGreaterThan(text.length / 6);
    expect(tokens).toBeLessThan(text.length / 3);
  });
});
