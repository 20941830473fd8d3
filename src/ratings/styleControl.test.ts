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
  const [x0, x1, x2, x3] = x as [Float64Array, Float64Array, Float64Array, Float64Array];
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
      const features = [x0[i] as number, x1[i] as number, x2[i] as number, x3[i] as number];
      let z = (beta[a] as number) - (beta[b] as number);
      for (let k = 0; k < 4; k++) z += (gamma[k] as number) * (features[k] as number);
      const residual = (battles.outcome[i] as number) - 1 / (1 + Math.exp(-z));
      gBeta[a] = (gBeta[a] as number) + residual;
      gBeta[b] = (gBeta[b] as number) - residual;
      for (let k = 0; k < 4; k++) gGamma[k] = (gGamma[k] as number) + residual * (features[k] as number);
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
});
