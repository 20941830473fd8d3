import { describe, expect, it } from 'vitest';
import { answerStats } from './answerStats.js';

describe('answerStats', () => {
  it('measures speed over the streaming time after the first token, and prices input and output tokens', () => {
    const stats = answerStats({ time_ms: 2500, ttft_ms: 500, input_tokens: 1000, output_tokens: 300, price: { input_per_million: 2, output_per_million: 6, currency: 'EUR' } });
    expect(stats).toEqual({ ttft_ms: 500, output_tokens: 300, tokens_per_second: 150, cost: (1000 * 2 + 300 * 6) / 1e6, currency: 'EUR' });
  });

  it('has no speed without tokens or streaming time, and no cost without a price or tokens', () => {
    expect(answerStats({ time_ms: 800, ttft_ms: 800, input_tokens: 10, output_tokens: 5 })).toMatchObject({ tokens_per_second: null, cost: null, currency: null });
    expect(answerStats({ time_ms: 900, ttft_ms: null, input_tokens: null, output_tokens: null, price: { input_per_million: 1, output_per_million: 1, currency: 'USD' } })).toEqual({
      ttft_ms: null,
      output_tokens: null,
      tokens_per_second: null,
      cost: null,
      currency: null,
    });
  });
});
