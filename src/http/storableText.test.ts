import { describe, expect, it } from 'vitest';
import { storableString, unstorableReason } from './storableText.js';

describe('unstorableReason', () => {
  it('accepts ordinary text, emoji (whole surrogate pairs) and other control characters', () => {
    for (const text of ['', 'plain', 'emoji 😀 and 𝄞', 'tab\tnewline\n\u0001\u001f', '\uFFFD replacement', '\uFFFF non-character']) {
      expect(unstorableReason(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('names NUL and its position', () => {
    expect(unstorableReason('ab\u0000c')).toMatch(/NUL character .* at position 2/);
  });

  it('names a lone high or low surrogate and its position', () => {
    expect(unstorableReason('x\uD83D')).toMatch(/surrogate pair at position 1/);
    expect(unstorableReason('x\uD83Dy')).toMatch(/position 1/);
    expect(unstorableReason('\uDE00x')).toMatch(/position 0/);
    expect(unstorableReason('😀\uDE00')).toMatch(/position 2/);
    // Two high surrogates: the first is alone.
    expect(unstorableReason('\uD83D\uD83D\uDE00')).toMatch(/position 0/);
  });
});

describe('storableString', () => {
  it('refuses with the reason and keeps the other checks chained after it', () => {
    const schema = storableString().trim().min(1).max(5);
    expect(schema.parse('  ok  ')).toBe('ok');
    expect(schema.safeParse('a\u0000').error?.issues[0]?.message).toMatch(/NUL/);
    expect(schema.safeParse('      ').success).toBe(false);
    expect(schema.safeParse('toolong').success).toBe(false);
  });
});
