import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { bradleyTerryWithIntervals } from './bootstrap.js';
import { onlineElo } from './elo.js';
import type { PairCounts } from './types.js';

const pair = (a: number, b: number, winsA: number, winsB: number, ties = 0): PairCounts => ({ a, b, winsA, winsB, ties });
const fit = (m: number, counts: PairCounts[], rounds = 0, seed = 1) => bradleyTerryWithIntervals(m, counts, { rounds, seed });

describe('Bradley–Terry', () => {
  it('puts 400·log10(3) points between two models at 3–1 on many votes, around a mean of 1000', async () => {
    // Many votes, so the small-sample prior moves the gap by under 0.01 points.
    const { ratings } = await fit(2, [pair(0, 1, 30_000, 10_000)]);
    expect((ratings[0] as number) - (ratings[1] as number)).toBeCloseTo(400 * Math.log10(3), 1);
    expect(((ratings[0] as number) + (ratings[1] as number)) / 2).toBeCloseTo(1000, 6);
  });

  it('counts ties half a win each way, whichever side a model sat on', async () => {
    const tiesOnly = await fit(2, [pair(0, 1, 0, 0, 5)]);
    expect(tiesOnly.ratings[0]).toBeCloseTo(tiesOnly.ratings[1] as number, 6);
    // 2 wins + 2 ties for model 0 is 3 of 4 "points": the same gap as 3–1.
    const withTies = await fit(2, [pair(0, 1, 2, 0, 2)]);
    const threeToOne = await fit(2, [pair(0, 1, 3, 1)]);
    expect(Array.from(withTies.ratings)).toEqual(Array.from(threeToOne.ratings).map((value) => expect.closeTo(value, 6)));
    const swapped = await fit(2, [pair(1, 0, 0, 2, 2)]);
    expect(Array.from(swapped.ratings)).toEqual(Array.from(withTies.ratings).map((value) => expect.closeTo(value, 6)));
  });

  it('flags models with no battles linking them to the main group as not comparable', async () => {
    const result = await fit(5, [pair(0, 1, 30, 20), pair(1, 2, 25, 25), pair(3, 4, 2, 1)], 50);
    expect(result.comparable).toEqual([true, true, true, false, false]);
    expect(Number.isFinite(result.ratings[3])).toBe(true);
  });

  it('gives a model that never lost a finite rating above the others', async () => {
    const { ratings } = await fit(3, [pair(0, 1, 10, 0), pair(1, 2, 5, 5)]);
    expect(Array.from(ratings).every(Number.isFinite)).toBe(true);
    expect(ratings[0]).toBeGreaterThan(ratings[1] as number);
  });

  it('brackets each rating with a reproducible bootstrap interval that narrows with more votes', async () => {
    const few = await fit(3, [pair(0, 1, 6, 4), pair(1, 2, 6, 4), pair(0, 2, 7, 3)], 300, 9);
    const again = await fit(3, [pair(0, 1, 6, 4), pair(1, 2, 6, 4), pair(0, 2, 7, 3)], 300, 9);
    const many = await fit(3, [pair(0, 1, 600, 400), pair(1, 2, 600, 400), pair(0, 2, 700, 300)], 300, 9);
    expect(Array.from(again.lower)).toEqual(Array.from(few.lower));
    for (let x = 0; x < 3; x++) {
      expect(few.lower[x]).toBeLessThanOrEqual(few.ratings[x] as number);
      expect(few.upper[x]).toBeGreaterThanOrEqual(few.ratings[x] as number);
      expect((many.upper[x] as number) - (many.lower[x] as number)).toBeLessThan(((few.upper[x] as number) - (few.lower[x] as number)) / 4);
    }
  });

  it('agrees within 0.5 points with plain gradient ascent on 100k synthetic votes, and recovers the true order', async () => {
    const m = 10;
    const truth = Array.from({ length: m }, (_, x) => (x - 4.5) * 0.35);
    const random = seededRandom(2024);
    const rows: Array<[number, number, number]> = [];
    for (let v = 0; v < 100_000; v++) {
      const a = Math.floor(random() * m);
      let b = Math.floor(random() * (m - 1));
      if (b >= a) b += 1;
      const pA = 1 / (1 + Math.exp((truth[b] as number) - (truth[a] as number)));
      const u = random();
      // 10% ties, the rest decided by the true strengths.
      rows.push([a, b, u < 0.1 ? 0.5 : random() < pA ? 1 : 0]);
    }
    // Our fit, from counts.
    const counts = new Map<string, PairCounts>();
    for (const [a, b, score] of rows) {
      const entry = counts.get(`${a}:${b}`) ?? pair(a, b, 0, 0);
      if (score === 1) entry.winsA += 1;
      else if (score === 0) entry.winsB += 1;
      else entry.ties += 1;
      counts.set(`${a}:${b}`, entry);
    }
    const ours = (await fit(m, [...counts.values()])).ratings;

    // An independent reference: full-batch gradient ascent on the rows themselves.
    const beta = new Float64Array(m);
    const gradient = new Float64Array(m);
    for (let iteration = 0; iteration < 3000; iteration++) {
      gradient.fill(0);
      for (const [a, b, score] of rows) {
        const g = score - 1 / (1 + Math.exp((beta[b] as number) - (beta[a] as number)));
        gradient[a] = (gradient[a] as number) + g;
        gradient[b] = (gradient[b] as number) - g;
      }
      let largest = 0;
      for (let x = 0; x < m; x++) {
        const step = (gradient[x] as number) / 6000;
        beta[x] = (beta[x] as number) + step;
        largest = Math.max(largest, Math.abs(step));
      }
      if (largest < 1e-10) break;
    }
    const mean = beta.reduce((sum, value) => sum + value, 0) / m;
    const reference = Array.from(beta, (value) => 1000 + (400 / Math.log(10)) * (value - mean));
    for (let x = 0; x < m; x++) expect(Math.abs((ours[x] as number) - (reference[x] as number))).toBeLessThan(0.5);
    const order = (values: ArrayLike<number>) => Array.from({ length: m }, (_, x) => x).sort((p, q) => (values[q] as number) - (values[p] as number));
    expect(order(ours)).toEqual(order(truth));
  });
});

describe('Bradley–Terry on few votes (the small-sample prior)', () => {
  const gap = (result: { ratings: Float64Array }) => (result.ratings[0] as number) - (result.ratings[1] as number);

  it('puts at most 200 points between two new models after one decisive vote, with an interval of the gap that includes 0', async () => {
    const result = await fit(2, [pair(0, 1, 1, 0)], 1000, 3);
    expect(gap(result)).toBeGreaterThan(50);
    expect(gap(result)).toBeLessThanOrEqual(200);
    // Ratings are centred on 1000, so the gap is 2·(rating₀ − 1000): its interval includes 0
    // exactly when model 0's interval includes 1000.
    expect(result.lower[0]).toBeLessThan(1000);
    expect(result.upper[0]).toBeGreaterThan(1000);
    for (let x = 0; x < 2; x++) expect((result.upper[x] as number) - (result.lower[x] as number)).toBeGreaterThan(100);
  });

  it('keeps two votes honest too: a split pair is level with wide intervals, two wins stay within reach of zero', async () => {
    const split = await fit(2, [pair(0, 1, 1, 0), pair(1, 0, 1, 0)], 1000, 3);
    expect(gap(split)).toBeCloseTo(0, 9);
    expect((split.upper[0] as number) - (split.lower[0] as number)).toBeGreaterThan(100);
    const one = await fit(2, [pair(0, 1, 1, 0)]);
    const two = await fit(2, [pair(0, 1, 2, 0)], 1000, 3);
    expect(gap(two)).toBeGreaterThan(gap(one));
    expect(gap(two)).toBeLessThan(250);
    expect(two.lower[0]).toBeLessThan(1000);
  });

  it('never gives a zero-width interval to a model with a single vote among well-measured ones', async () => {
    const result = await fit(3, [pair(0, 1, 400, 300, 50), pair(2, 0, 1, 0)], 1000, 8);
    expect((result.upper[2] as number) - (result.lower[2] as number)).toBeGreaterThan(100);
    // The well-measured pair keeps intervals of the size its 750 votes give.
    expect((result.upper[0] as number) - (result.lower[0] as number)).toBeLessThan(60);
  });
});

describe('online Elo', () => {
  it('moves K=4 points from an even start, and follows vote order', () => {
    expect(Array.from(onlineElo(2, [{ a: 0, b: 1, scoreA: 1 }]))).toEqual([1002, 998]);
    const tie = onlineElo(2, [{ a: 0, b: 1, scoreA: 0.5 }]);
    expect(Array.from(tie)).toEqual([1000, 1000]);
    const winThenLose = onlineElo(2, [{ a: 0, b: 1, scoreA: 1 }, { a: 0, b: 1, scoreA: 0 }]);
    const loseThenWin = onlineElo(2, [{ a: 0, b: 1, scoreA: 0 }, { a: 0, b: 1, scoreA: 1 }]);
    expect(winThenLose[0]).toBeLessThan(1000);
    expect(loseThenWin[0]).toBeGreaterThan(1000);
    expect((winThenLose[0] as number) + (winThenLose[1] as number)).toBeCloseTo(2000, 9);
  });
});
