import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { SeededRandom } from '../random.js';
import { bradleyTerryWithIntervals } from './bootstrap.js';
import { styleControlWithIntervals, type StyleBattles } from './styleControl.js';
import type { PairCounts } from './types.js';

/**
 * Battles where side a wins with log-odds truth[a] − truth[b] + lengthEffect·(la − lb)/(la + lb + 1):
 * model 0 writes three times longer answers than the rest, so it wins more than its strength says.
 * Headers, lists and bold are drawn at random and sway nothing. 10% ties.
 */
function verboseBattles(n: number, seed: number, truth: number[], lengthEffect: number): StyleBattles {
  const random = new SeededRandom(seed);
  const m = truth.length;
  const battles: StyleBattles = { a: new Int32Array(n), b: new Int32Array(n), outcome: new Float64Array(n), featuresA: [0, 1, 2, 3].map(() => new Float64Array(n)), featuresB: [0, 1, 2, 3].map(() => new Float64Array(n)) };
  const tokens = (model: number) => Math.round((model === 0 ? 900 : 300) * (0.5 + random.next()));
  for (let i = 0; i < n; i++) {
    const a = Math.floor(random.next() * m);
    let b = Math.floor(random.next() * (m - 1));
    if (b >= a) b += 1;
    battles.a[i] = a;
    battles.b[i] = b;
    const la = tokens(a);
    const lb = tokens(b);
    (battles.featuresA[0] as Float64Array)[i] = la;
    (battles.featuresB[0] as Float64Array)[i] = lb;
    for (let k = 1; k < 4; k++) {
      (battles.featuresA[k] as Float64Array)[i] = Math.floor(random.next() * 6);
      (battles.featuresB[k] as Float64Array)[i] = Math.floor(random.next() * 6);
    }
    const z = (truth[a] as number) - (truth[b] as number) + (lengthEffect * (la - lb)) / (la + lb + 1);
    battles.outcome[i] = random.next() < 0.1 ? 0.5 : random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return battles;
}

function counts(battles: StyleBattles): PairCounts[] {
  const byPair = new Map<string, PairCounts>();
  battles.a.forEach((a, i) => {
    const b = battles.b[i] as number;
    const entry = byPair.get(`${a}:${b}`) ?? { a, b, winsA: 0, winsB: 0, ties: 0 };
    const y = battles.outcome[i];
    if (y === 1) entry.winsA += 1;
    else if (y === 0) entry.winsB += 1;
    else entry.ties += 1;
    byPair.set(`${a}:${b}`, entry);
  });
  return [...byPair.values()];
}

const order = (values: ArrayLike<number>) => Array.from({ length: values.length }, (_, x) => x).sort((p, q) => (values[q] as number) - (values[p] as number));

/**
 * An independent reference: FastChat's objective written out again from its definition and
 * maximised by plain gradient ascent on the battles themselves. Strength penalty `ratingPenalty`
 * (natural-log units), FastChat's 0.5 on the coefficients. Returns Elo ratings (mean 1000), the
 * coefficients, and the last iteration's largest move, which shows whether it converged.
 */
function gradientAscent(m: number, battles: StyleBattles, ratingPenalty: number, iterations: number) {
  const n = battles.a.length;
  const x = [0, 1, 2, 3].map((k) => {
    const ratio = Float64Array.from({ length: n }, (_, i) => {
      const fa = (battles.featuresA[k] as Float64Array)[i] as number;
      const fb = (battles.featuresB[k] as Float64Array)[i] as number;
      return (fa - fb) / (fa + fb + 1);
    });
    const mean = ratio.reduce((sum, value) => sum + value, 0) / n;
    const sd = Math.sqrt(ratio.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
    return ratio.map((value) => (value - mean) / sd);
  });
  const rows = new Float64Array(n * 4);
  x.forEach((column, k) => column.forEach((value, i) => (rows[i * 4 + k] = value)));
  const beta = new Float64Array(m);
  const gamma = new Float64Array(4);
  const gBeta = new Float64Array(m);
  const gGamma = new Float64Array(4);
  const rate = 4 / n;
  let lastStep = Infinity;
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let v = 0; v < m; v++) gBeta[v] = -ratingPenalty * (beta[v] as number);
    for (let k = 0; k < 4; k++) gGamma[k] = -0.5 * (gamma[k] as number);
    for (let i = 0; i < n; i++) {
      const a = battles.a[i] as number;
      const b = battles.b[i] as number;
      let z = (beta[a] as number) - (beta[b] as number);
      for (let k = 0; k < 4; k++) z += (gamma[k] as number) * (rows[i * 4 + k] as number);
      const residual = (battles.outcome[i] as number) - 1 / (1 + Math.exp(-z));
      gBeta[a] = (gBeta[a] as number) + residual;
      gBeta[b] = (gBeta[b] as number) - residual;
      for (let k = 0; k < 4; k++) gGamma[k] = (gGamma[k] as number) + residual * (rows[i * 4 + k] as number);
    }
    lastStep = 0;
    for (let v = 0; v < m; v++) {
      beta[v] = (beta[v] as number) + rate * (gBeta[v] as number);
      lastStep = Math.max(lastStep, Math.abs(rate * (gBeta[v] as number)));
    }
    for (let k = 0; k < 4; k++) {
      gamma[k] = (gamma[k] as number) + rate * (gGamma[k] as number);
      lastStep = Math.max(lastStep, Math.abs(rate * (gGamma[k] as number)));
    }
  }
  const mean = beta.reduce((sum, value) => sum + value, 0) / m;
  return { ratings: Array.from(beta, (value) => 1000 + ((value - mean) * 400) / Math.log(10)), gamma, lastStep };
}

describe('style control', () => {
  const truth = [0.2, 0.5, 0.0, -0.4];

  it('sees through long answers: plain ratings put the verbose model first, style control recovers the true order', async () => {
    const battles = verboseBattles(8000, 11, truth, 3);
    const plain = await bradleyTerryWithIntervals(4, counts(battles), { rounds: 0, seed: 1 });
    expect(order(plain.ratings)[0]).toBe(0);
    const styled = await styleControlWithIntervals(4, battles, { rounds: 1000, seed: 1 });
    expect(order(styled.ratings)).toEqual(order(truth));
    const { length, header, list, bold } = styled.coefficients;
    expect(length.value).toBeGreaterThan(0);
    expect(length.ci_lower).toBeGreaterThan(0);
    expect(length.ci_upper).toBeGreaterThan(length.value);
    // Features that sway nothing get coefficients near 0, a small fraction of the length's.
    for (const noise of [header, list, bold]) expect(Math.abs(noise.value)).toBeLessThan(length.value / 10);
    for (let x = 0; x < 4; x++) {
      expect(styled.lower[x]).toBeLessThan(styled.ratings[x] as number);
      expect(styled.upper[x]).toBeGreaterThan(styled.ratings[x] as number);
    }
  });

  it('agrees with an independent gradient ascent on the same objective, prior included', async () => {
    const battles = verboseBattles(3000, 5, truth, 3);
    const ours = await styleControlWithIntervals(4, battles, { rounds: 0, seed: 1 });
    const reference = gradientAscent(4, battles, 1 / ((200 * Math.log(10)) / 400) ** 2, 4000);
    expect(reference.lastStep).toBeLessThan(1e-9);
    for (let x = 0; x < 4; x++) expect(ours.ratings[x]).toBeCloseTo(reference.ratings[x] as number, 2);
    ['length', 'header', 'list', 'bold'].forEach((feature, k) => expect(ours.coefficients[feature as 'length'].value).toBeCloseTo(reference.gamma[k] as number, 4));
  });

  it('stays within 0.5 points of the fit without the small-sample prior on 100,000 battles', async () => {
    const battles = verboseBattles(100_000, 7, truth, 3);
    const ours = await styleControlWithIntervals(4, battles, { rounds: 0, seed: 1 });
    const unpenalised = gradientAscent(4, battles, 0, 300);
    expect(unpenalised.lastStep).toBeLessThan(1e-6);
    for (let x = 0; x < 4; x++) expect(Math.abs((ours.ratings[x] as number) - (unpenalised.ratings[x] as number))).toBeLessThan(0.5);
  });

  it('gives what plain Bradley–Terry gives when no style feature varies', async () => {
    const battles = verboseBattles(2000, 3, truth, 0);
    for (const side of [battles.featuresA, battles.featuresB]) for (const column of side) column.fill(7);
    const styled = await styleControlWithIntervals(4, battles, { rounds: 1000, seed: 1 });
    const plain = await bradleyTerryWithIntervals(4, counts(battles), { rounds: 0, seed: 1 });
    for (let x = 0; x < 4; x++) expect(styled.ratings[x]).toBeCloseTo(plain.ratings[x] as number, 6);
    expect(styled.coefficients.length.value).toBe(0);
  });

  it('keeps intervals within 10% of the width of a 1,000-round per-battle bootstrap', async () => {
    const m = 6;
    const battles = verboseBattles(4000, 21, [0.3, 0.1, 0, -0.1, -0.3, 0.2], 2);
    const ours = await styleControlWithIntervals(m, battles, { rounds: 1000, seed: 1 });
    // FastChat's bootstrap: resample battles with replacement and refit, 1,000 times.
    const random = new SeededRandom(99);
    const n = battles.a.length;
    const rounds = 1000;
    const samples = Array.from({ length: m + 1 }, () => new Float64Array(rounds));
    for (let r = 0; r < rounds; r++) {
      const resampled: StyleBattles = { a: new Int32Array(n), b: new Int32Array(n), outcome: new Float64Array(n), featuresA: [0, 1, 2, 3].map(() => new Float64Array(n)), featuresB: [0, 1, 2, 3].map(() => new Float64Array(n)) };
      for (let row = 0; row < n; row++) {
        const i = Math.floor(random.next() * n);
        resampled.a[row] = battles.a[i] as number;
        resampled.b[row] = battles.b[i] as number;
        resampled.outcome[row] = battles.outcome[i] as number;
        for (let k = 0; k < 4; k++) {
          (resampled.featuresA[k] as Float64Array)[row] = (battles.featuresA[k] as Float64Array)[i] as number;
          (resampled.featuresB[k] as Float64Array)[row] = (battles.featuresB[k] as Float64Array)[i] as number;
        }
      }
      const fit = await styleControlWithIntervals(m, resampled, { rounds: 0, seed: 1 });
      for (let x = 0; x < m; x++) (samples[x] as Float64Array)[r] = fit.ratings[x] as number;
      (samples[m] as Float64Array)[r] = fit.coefficients.length.value;
    }
    const width = (values: Float64Array) => {
      const sorted = Float64Array.from(values).sort();
      return (sorted[Math.round(0.975 * (rounds - 1))] as number) - (sorted[Math.round(0.025 * (rounds - 1))] as number);
    };
    for (let x = 0; x < m; x++) {
      const ratio = ((ours.upper[x] as number) - (ours.lower[x] as number)) / width(samples[x] as Float64Array);
      expect(ratio).toBeGreaterThan(0.9);
      expect(ratio).toBeLessThan(1.1);
    }
    const lengthRatio = (ours.coefficients.length.ci_upper - ours.coefficients.length.ci_lower) / width(samples[m] as Float64Array);
    expect(lengthRatio).toBeGreaterThan(0.9);
    expect(lengthRatio).toBeLessThan(1.1);
  });

  it('names the bad field of malformed battles', async () => {
    const good = verboseBattles(10, 1, truth, 1);
    const attempt = (change: Partial<StyleBattles>, m = 4) => styleControlWithIntervals(m, { ...good, ...change }, { rounds: 10, seed: 1 });
    await expect(attempt({ a: Int32Array.from(good.a, (a, i) => (i === 3 ? 9 : a)) })).rejects.toThrow(/battles\.a\/b, battle 3/);
    await expect(attempt({ a: Int32Array.from(good.b) })).rejects.toThrow(/two different model indexes/);
    await expect(attempt({ outcome: good.outcome.map((y, i) => (i === 2 ? 2 : y)) })).rejects.toThrow(/battles\.outcome, battle 2/);
    await expect(attempt({ outcome: good.outcome.subarray(1) })).rejects.toThrow(ValidationError);
    await expect(attempt({ featuresB: good.featuresB.slice(0, 3) })).rejects.toThrow(/battles\.featuresB/);
    const negative = good.featuresA.map((column, k) => (k === 2 ? column.map((v, i) => (i === 4 ? -1 : v)) : column));
    await expect(attempt({ featuresA: negative })).rejects.toThrow(/featuresA\[2\] \(list\), battle 4/);
  });
});

describe('style control on few votes (the small-sample prior)', () => {
  const battle = (outcomes: number[], lengths: Array<[number, number]>): StyleBattles => ({
    a: new Int32Array(outcomes.length),
    b: new Int32Array(outcomes.length).fill(1),
    outcome: Float64Array.from(outcomes),
    featuresA: [Float64Array.from(lengths, ([a]) => a), ...[1, 2, 3].map(() => new Float64Array(outcomes.length))],
    featuresB: [Float64Array.from(lengths, ([, b]) => b), ...[1, 2, 3].map(() => new Float64Array(outcomes.length))],
  });

  it('puts at most 200 points between two new models after one decisive vote, the gap’s interval including 0', async () => {
    const fit = await styleControlWithIntervals(2, battle([1], [[400, 200]]), { rounds: 1000, seed: 1 });
    const gap = (fit.ratings[0] as number) - (fit.ratings[1] as number);
    expect(gap).toBeGreaterThan(50);
    expect(gap).toBeLessThanOrEqual(200);
    // Centred on 1000: the gap's interval includes 0 exactly when model 0's includes 1000.
    expect(fit.lower[0]).toBeLessThan(1000);
    expect(fit.upper[0]).toBeGreaterThan(1000);
    expect((fit.upper[1] as number) - (fit.lower[1] as number)).toBeGreaterThan(100);
  });

  it('keeps two votes honest: split votes level, two wins still within reach of zero, no zero-width interval', async () => {
    const split = await styleControlWithIntervals(2, battle([1, 0], [[400, 200], [200, 400]]), { rounds: 1000, seed: 1 });
    expect(Math.abs((split.ratings[0] as number) - (split.ratings[1] as number))).toBeLessThan(200);
    expect((split.upper[0] as number) - (split.lower[0] as number)).toBeGreaterThan(100);
    expect(split.coefficients.length.ci_lower).toBeLessThan(0);
    expect(split.coefficients.length.ci_upper).toBeGreaterThan(0);
    const twice = await styleControlWithIntervals(2, battle([1, 1], [[400, 200], [300, 300]]), { rounds: 1000, seed: 1 });
    expect((twice.ratings[0] as number) - (twice.ratings[1] as number)).toBeLessThan(250);
    expect(twice.lower[0]).toBeLessThan(1000);
  });
});
