import { describe, expect, it } from 'vitest';
import { quantileFromTop } from './hygiene.js';

/** numpy/pandas' default ("linear") quantile over all the values, written out independently. */
function linear(values: number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - (sorted[lo] as number)) * (h - lo);
}

describe('quantileFromTop', () => {
  it('equals the linear quantile of all the values from just the largest ones', () => {
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647);
    for (const n of [1, 2, 3, 21, 1000, 25_001]) {
      const values = Array.from({ length: n }, () => 1 + (next() % 50));
      const q = 0.9999;
      const keep = n - Math.floor((n - 1) * q);
      const top = [...values].sort((x, y) => y - x).slice(0, keep);
      expect(quantileFromTop(top, n, q)).toBeCloseTo(linear(values, q), 9);
    }
  });
});
