import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_PROMPT_CHARS } from '../http/limits.js';
import { defaultLabSettings, KNOWN_SETTINGS } from './settings.js';

describe('max_prompt_chars', () => {
  it('accepts at most what one request body can carry', () => {
    expect(KNOWN_SETTINGS.max_prompt_chars.schema.safeParse(String(MAX_PROMPT_CHARS)).success).toBe(true);
    const refused = KNOWN_SETTINGS.max_prompt_chars.schema.safeParse(String(MAX_PROMPT_CHARS + 1));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(`must be between 1 and ${MAX_PROMPT_CHARS}`);
    expect(KNOWN_SETTINGS.max_prompt_chars.schema.safeParse('1000000').success).toBe(false);
  });

  it('lets the longest allowed prompt through the body limit in any script', () => {
    // 3 UTF-8 bytes per UTF-16 unit is the worst printable case (CJK, €); emoji take 4 bytes per 2 units.
    for (const unit of ['a', '€', '語', '😀']) {
      const prompt = unit.repeat(Math.floor(MAX_PROMPT_CHARS / unit.length));
      const body = JSON.stringify({ prompt, mode: 'named', model1_id: crypto.randomUUID(), model2_id: crypto.randomUUID(), thread_id: crypto.randomUUID() });
      expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    }
  });

  it('defaults to 16000', () => {
    expect(defaultLabSettings().max_prompt_chars).toBe(16000);
  });
});
