/**
 * Multinomial resampling for the bootstrap. Binomial draws are exact (inversion) while the mean
 * is small and use the normal approximation once it is large (n·p·(1−p) ≥ 30), where the two are
 * indistinguishable at the resolution of a 95% interval; an exact sampler for every category
 * would cost more than the whole rating fit (see README, design notes).
 */
const NORMAL_THRESHOLD = 30;

export type Random = () => number;

/** Standard normal draws by Marsaglia's polar method (no trigonometry), keeping the spare value. */
export function normalSampler(random: Random): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random() - 1;
      v = 2 * random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    hasSpare = true;
    return u * factor;
  };
}

export function binomial(n: number, p: number, random: Random, normal: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let x: number;
  if (n * q * (1 - q) >= NORMAL_THRESHOLD) {
    x = Math.round(n * q + Math.sqrt(n * q * (1 - q)) * normal());
    x = Math.min(n, Math.max(0, x));
  } else {
    // Inversion: walk the probability mass function from 0 (expected steps ≈ n·q).
    const odds = q / (1 - q);
    const a = (n + 1) * odds;
    let mass = (1 - q) ** n;
    let u = random();
    x = 0;
    while (u > mass && x < n) {
      u -= mass;
      x += 1;
      mass *= a / x - odds;
    }
  }
  return p <= 0.5 ? x : n - x;
}

/** One multinomial draw of the same total over `counts`' categories, by conditional binomials. */
export function resample(counts: Float64Array, total: number, random: Random, normal: () => number, out: Float64Array): void {
  let remainingDraws = total;
  let remainingMass = total;
  for (let k = 0; k < counts.length; k++) {
    const count = counts[k] as number;
    if (remainingDraws <= 0 || count <= 0) {
      out[k] = 0;
      continue;
    }
    const drawn = k === counts.length - 1 ? remainingDraws : binomial(remainingDraws, count / remainingMass, random, normal);
    out[k] = drawn;
    remainingDraws -= drawn;
    remainingMass -= count;
  }
}
