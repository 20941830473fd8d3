import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Multinomial resampling for the bootstrap. Binomial draws are exact (inversion) while the mean
 * is small and use the normal approximation once it is large (n·p·(1−p) ≥ 10, the usual rule), where the two are
 * indistinguishable at the resolution of a 95% interval; an exact sampler for every category
 * would cost more than the whole rating fit (see README, design notes).
 */
const NORMAL_THRESHOLD = 10;

import type { SeededRandom } from '../random.js';

/** Size of the normal quantile table: 2^16 equally likely values. */
const TABLE_SIZE = 2 ** 16;
let normalTable: Float64Array | undefined;

/**
 * Standard normal quantiles at the midpoints of 65,536 equally likely bins, computed once with
 * stdlib's normal quantile function. A draw is one uniform and one array read, several times
 * cheaper than Box–Muller or the polar method; the discreteness (and tails cut at ±4.4σ) is far
 * below what a 95% bootstrap interval can resolve.
 */
function normals(): Float64Array {
  normalTable ??= Float64Array.from({ length: TABLE_SIZE }, (_, k) => normalQuantile((k + 0.5) / TABLE_SIZE, 0, 1));
  return normalTable;
}

export function standardNormal(random: SeededRandom): number {
  return normals()[(random.next() * TABLE_SIZE) | 0] as number;
}

export function binomial(n: number, p: number, random: SeededRandom): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let x: number;
  if (n * q * (1 - q) >= NORMAL_THRESHOLD) {
    x = Math.round(n * q + Math.sqrt(n * q * (1 - q)) * standardNormal(random));
    x = Math.min(n, Math.max(0, x));
  } else {
    // Inversion: walk the probability mass function from 0 (expected steps ≈ n·q).
    const odds = q / (1 - q);
    const a = (n + 1) * odds;
    let mass = (1 - q) ** n;
    let u = random.next();
    x = 0;
    while (u > mass && x < n) {
      u -= mass;
      x += 1;
      mass *= a / x - odds;
    }
  }
  return p <= 0.5 ? x : n - x;
}

/**
 * One multinomial draw of the same total over `counts`' categories, by conditional binomials.
 * The normal branch is written out here: this loop runs ~15 million times per leaderboard.
 */
export function resample(counts: Float64Array, total: number, random: SeededRandom, out: Float64Array): void {
  const table = normals();
  let remainingDraws = total;
  let remainingMass = total;
  const last = counts.length - 1;
  for (let k = 0; k <= last; k++) {
    const count = counts[k] as number;
    if (remainingDraws <= 0 || count <= 0) {
      out[k] = 0;
      continue;
    }
    let drawn: number;
    if (k === last) {
      drawn = remainingDraws;
    } else {
      const p = count / remainingMass;
      const variance = remainingDraws * p * (1 - p);
      if (variance >= NORMAL_THRESHOLD) {
        drawn = Math.round(remainingDraws * p + Math.sqrt(variance) * (table[(random.next() * TABLE_SIZE) | 0] as number));
        if (drawn < 0) drawn = 0;
        else if (drawn > remainingDraws) drawn = remainingDraws;
      } else {
        drawn = binomial(remainingDraws, p, random);
      }
    }
    out[k] = drawn;
    remainingDraws -= drawn;
    remainingMass -= count;
  }
}
