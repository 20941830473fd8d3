import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random.js';
import { binomial, resample } from './multinomial.js';

describe('binomial', () => {
  it.each([
    [10, 0.3],
    [40, 0.05],
    [5_000, 0.5],
    [200_000, 0.001],
    [100, 0.97],
  ])('Binomial(%i, %f) has the right mean and variance', (n, p) => {
    const random = new SeededRandom(11);
    const draws = Array.from({ length: 20_000 }, () => binomial(n, p, random));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws.length) + 1e-9);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.93);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.07);
    expect(draws.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });
});

describe('resample', () => {
  it('keeps the total, never creates a category that was empty, and is reproducible from its seed', () => {
    const counts = Float64Array.from([500, 0, 3, 120, 0, 77]);
    const draw = (seed: number) => {
      const out = new Float64Array(counts.length);
      resample(counts, 700, new SeededRandom(seed), out);
      return out;
    };
    const first = draw(3);
    expect(first.reduce((sum, x) => sum + x, 0)).toBe(700);
    expect([first[1], first[4]]).toEqual([0, 0]);
    expect(draw(3)).toEqual(first);
    expect(draw(4)).not.toEqual(first);
  });
});
