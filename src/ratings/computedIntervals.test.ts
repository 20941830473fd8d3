import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { bradleyTerryWithIntervals } from './bootstrap.js';
import { bradleyTerryWithComputedIntervals } from './computedIntervals.js';
import type { PairCounts } from './types.js';

/** Battles among `m` models with true strengths spread evenly, 10% ties, as ordered-pair counts. */
function syntheticCounts(m: number, battles: number, seed: number): PairCounts[] {
  const random = seededRandom(seed);
  const strength = (x: number) => (x - (m - 1) / 2) * 0.3;
  const cells = new Map<string, PairCounts>();
  for (let v = 0; v < battles; v++) {
    const a = Math.floor(random() * m);
    let b = Math.floor(random() * (m - 1));
    if (b >= a) b += 1;
    const cell = cells.get(`${a}:${b}`) ?? { a, b, winsA: 0, winsB: 0, ties: 0 };
    if (random() < 0.1) cell.ties += 1;
    else if (random() < 1 / (1 + Math.exp(strength(b) - strength(a)))) cell.winsA += 1;
    else cell.winsB += 1;
    cells.set(`${a}:${b}`, cell);
  }
  return [...cells.values()];
}

const widths = (fit: { lower: Float64Array; upper: Float64Array }) => Array.from(fit.upper, (upper, x) => upper - (fit.lower[x] as number));

describe('Bradley–Terry with computed intervals', () => {
  it('has the bootstrap’s ratings, and intervals within 10% of a 1,000-round bootstrap’s widths', async () => {
    const m = 12;
    // Some models far less voted on than others, so the widths differ.
    const counts = syntheticCounts(m, 20_000, 7).map((cell) => (cell.a < 3 || cell.b < 3 ? { ...cell, winsA: Math.ceil(cell.winsA / 8), winsB: Math.ceil(cell.winsB / 8), ties: Math.ceil(cell.ties / 8) } : cell));
    const computed = await bradleyTerryWithComputedIntervals(m, counts, { intervals: true });
    const bootstrap = await bradleyTerryWithIntervals(m, counts, { rounds: 1_000, seed: 3 });
    expect(Array.from(computed.ratings)).toEqual(Array.from(bootstrap.ratings).map((rating) => expect.closeTo(rating, 6)));
    expect(computed.comparable).toEqual(bootstrap.comparable);
    const ratios = widths(computed).map((width, x) => width / (widths(bootstrap)[x] as number));
    const mean = ratios.reduce((sum, ratio) => sum + ratio, 0) / m;
    expect(Math.abs(mean - 1)).toBeLessThan(0.1);
    for (const ratio of ratios) expect(Math.abs(ratio - 1)).toBeLessThan(0.2);
    // The rarely voted models' intervals are the wide ones, in both.
    expect(Math.min(...widths(computed).slice(0, 3))).toBeGreaterThan(Math.max(...widths(computed).slice(3)));
    for (let x = 0; x < m; x++) {
      expect(computed.lower[x]).toBeLessThan(computed.ratings[x] as number);
      expect(computed.upper[x]).toBeGreaterThan(computed.ratings[x] as number);
    }
  });

  it('gives one decisive vote an interval wide enough to include the other model’s rating', async () => {
    const one = await bradleyTerryWithComputedIntervals(2, [{ a: 0, b: 1, winsA: 1, winsB: 0, ties: 0 }], { intervals: true });
    expect(one.ratings[0]).toBeGreaterThan(one.ratings[1] as number);
    expect(one.lower[0]).toBeLessThan(one.ratings[1] as number);
    expect(one.upper[1]).toBeGreaterThan(one.ratings[0] as number);
  });

  it('answers the point values alone when no intervals are asked for', async () => {
    const fit = await bradleyTerryWithComputedIntervals(12, syntheticCounts(12, 2_000, 8), { intervals: false });
    expect(Array.from(fit.lower)).toEqual(Array.from(fit.ratings));
    expect(Array.from(fit.upper)).toEqual(Array.from(fit.ratings));
  });
});
