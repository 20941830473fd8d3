import { BASE, INITIAL_RATING, SCALE, type PairCounts } from './types.js';

/** Natural-log strengths → Elo-scale points. */
const POINTS_PER_UNIT = SCALE / Math.log(BASE);

/**
 * A tiny ridge on the strengths: without it a model that never lost (or never won) has no finite
 * maximum-likelihood rating. It moves ratings by far less than 0.01 points on real data.
 */
const RIDGE = 1e-6;

export interface FitOptions {
  tolerance?: number;
  maxIterations?: number;
}

/** Unordered pairs (i < j) and what the fit needs of them: ties count half a win each way. */
export interface PairData {
  i: Int32Array;
  j: Int32Array;
  /** Wins of i over j, ties halved. */
  w: Float64Array;
  /** Battles between i and j. */
  n: Float64Array;
}

/** PairData plus the outcome counts it came from, three per pair: i won, j won, tie. */
export interface PairOutcomes extends PairData {
  outcomes: Float64Array;
}

/** Folds ordered (a, b) counts into unordered pairs over model indexes 0..m-1. */
export function toPairData(counts: PairCounts[]): PairOutcomes {
  const merged = new Map<number, { i: number; j: number; winsI: number; winsJ: number; ties: number }>();
  for (const count of counts) {
    if (count.a === count.b) continue;
    const flipped = count.a > count.b;
    const [i, j] = flipped ? [count.b, count.a] : [count.a, count.b];
    const key = i * 1_000_003 + j;
    const entry = merged.get(key) ?? { i, j, winsI: 0, winsJ: 0, ties: 0 };
    entry.winsI += flipped ? count.winsB : count.winsA;
    entry.winsJ += flipped ? count.winsA : count.winsB;
    entry.ties += count.ties;
    merged.set(key, entry);
  }
  // Sorted, so a bootstrap's draws do not depend on the order the database returned rows in.
  const entries = [...merged.values()].filter((entry) => entry.winsI + entry.winsJ + entry.ties > 0).sort((p, q) => p.i - q.i || p.j - q.j);
  const outcomes = new Float64Array(entries.length * 3);
  entries.forEach((entry, k) => outcomes.set([entry.winsI, entry.winsJ, entry.ties], k * 3));
  const data: PairOutcomes = {
    i: Int32Array.from(entries, (entry) => entry.i),
    j: Int32Array.from(entries, (entry) => entry.j),
    w: new Float64Array(entries.length),
    n: new Float64Array(entries.length),
    outcomes,
  };
  setOutcomes(data, outcomes);
  return data;
}

/** Sets w and n from outcome counts laid out as in PairOutcomes (a bootstrap round's resample). */
export function setOutcomes(data: PairData, outcomes: Float64Array): void {
  for (let k = 0; k < data.i.length; k++) {
    const winsI = outcomes[k * 3] as number;
    const winsJ = outcomes[k * 3 + 1] as number;
    const ties = outcomes[k * 3 + 2] as number;
    data.w[k] = winsI + ties / 2;
    data.n[k] = winsI + winsJ + ties;
  }
}

/** Connected components of the battle graph: component id per model. */
export function components(m: number, pairs: PairData): Int32Array {
  const parent = Int32Array.from({ length: m }, (_, index) => index);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (let k = 0; k < pairs.i.length; k++) {
    const a = find(pairs.i[k] as number);
    const b = find(pairs.j[k] as number);
    if (a !== b) parent[a] = b;
  }
  return Int32Array.from({ length: m }, (_, index) => find(index));
}

/** Gradient of the penalised log-likelihood at `beta`. */
function gradient(m: number, pairs: PairData, beta: Float64Array, out: Float64Array): void {
  for (let x = 0; x < m; x++) out[x] = -RIDGE * (beta[x] as number);
  for (let k = 0; k < pairs.i.length; k++) {
    const i = pairs.i[k] as number;
    const j = pairs.j[k] as number;
    const p = 1 / (1 + Math.exp((beta[j] as number) - (beta[i] as number)));
    const g = (pairs.w[k] as number) - (pairs.n[k] as number) * p;
    out[i] = (out[i] as number) + g;
    out[j] = (out[j] as number) - g;
  }
}

/** The negated Hessian (a weighted graph Laplacian plus the ridge), dense, row-major. */
function negatedHessian(m: number, pairs: PairData, beta: Float64Array): Float64Array {
  const h = new Float64Array(m * m);
  for (let x = 0; x < m; x++) h[x * m + x] = RIDGE;
  for (let k = 0; k < pairs.i.length; k++) {
    const i = pairs.i[k] as number;
    const j = pairs.j[k] as number;
    const p = 1 / (1 + Math.exp((beta[j] as number) - (beta[i] as number)));
    const c = (pairs.n[k] as number) * p * (1 - p);
    h[i * m + i] = (h[i * m + i] as number) + c;
    h[j * m + j] = (h[j * m + j] as number) + c;
    h[i * m + j] = (h[i * m + j] as number) - c;
    h[j * m + i] = (h[j * m + i] as number) - c;
  }
  return h;
}

/** In-place Cholesky factor (lower triangle) of a symmetric positive-definite matrix. */
function cholesky(m: number, a: Float64Array): Float64Array {
  for (let col = 0; col < m; col++) {
    let diagonal = a[col * m + col] as number;
    for (let k = 0; k < col; k++) diagonal -= (a[col * m + k] as number) ** 2;
    const root = Math.sqrt(Math.max(diagonal, 1e-300));
    a[col * m + col] = root;
    for (let row = col + 1; row < m; row++) {
      let sum = a[row * m + col] as number;
      for (let k = 0; k < col; k++) sum -= (a[row * m + k] as number) * (a[col * m + k] as number);
      a[row * m + col] = sum / root;
    }
  }
  return a;
}

/** Solves L·Lᵀ·x = b with a Cholesky factor, in place in `b`. */
function solve(m: number, factor: Float64Array, b: Float64Array): void {
  for (let row = 0; row < m; row++) {
    let sum = b[row] as number;
    for (let k = 0; k < row; k++) sum -= (factor[row * m + k] as number) * (b[k] as number);
    b[row] = sum / (factor[row * m + row] as number);
  }
  for (let row = m - 1; row >= 0; row--) {
    let sum = b[row] as number;
    for (let k = row + 1; k < m; k++) sum -= (factor[k * m + row] as number) * (b[k] as number);
    b[row] = sum / (factor[row * m + row] as number);
  }
}

/** beta += step; returns the largest move, which decides convergence. */
function applyStep(beta: Float64Array, step: Float64Array): number {
  let largest = 0;
  for (let x = 0; x < beta.length; x++) {
    beta[x] = (beta[x] as number) + (step[x] as number);
    largest = Math.max(largest, Math.abs(step[x] as number));
  }
  return largest;
}

/**
 * Maximum-likelihood Bradley–Terry strengths (natural log scale) by Newton's method, from `start`
 * when given. Returns the strengths; converged when no strength moves by more than `tolerance`.
 */
export function fitStrengths(m: number, pairs: PairData, start?: Float64Array, options: FitOptions = {}): Float64Array {
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 100;
  const beta = start ? Float64Array.from(start) : new Float64Array(m);
  const step = new Float64Array(m);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient(m, pairs, beta, step);
    solve(m, cholesky(m, negatedHessian(m, pairs, beta)), step);
    if (applyStep(beta, step) < tolerance) break;
  }
  return beta;
}

/**
 * A fitter for many data sets close to one reference fit (bootstrap rounds): it keeps the
 * reference's factored Hessian and iterates with it (the chord method), which costs a gradient
 * and two triangular solves per iteration instead of a new factorisation.
 */
export function chordFitter(m: number, reference: PairData, referenceBeta: Float64Array) {
  const factor = cholesky(m, negatedHessian(m, reference, referenceBeta));
  const step = new Float64Array(m);
  return (pairs: PairData, tolerance = 1e-6, maxIterations = 200): Float64Array => {
    const beta = Float64Array.from(referenceBeta);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      gradient(m, pairs, beta, step);
      solve(m, factor, step);
      if (applyStep(beta, step) < tolerance) break;
    }
    return beta;
  };
}

/**
 * Strengths → Elo-scale ratings. Each connected component is centred on INITIAL_RATING: ratings
 * in different components cannot be compared, only placed side by side. Returns a function that
 * reuses its bookkeeping, as a bootstrap converts a thousand fits.
 */
export function ratingScale(componentOf: Int32Array): (beta: Float64Array) => Float64Array {
  const m = componentOf.length;
  const size = new Float64Array(m);
  for (let x = 0; x < m; x++) size[componentOf[x] as number] = (size[componentOf[x] as number] as number) + 1;
  const sums = new Float64Array(m);
  return (beta) => {
    sums.fill(0);
    for (let x = 0; x < m; x++) sums[componentOf[x] as number] = (sums[componentOf[x] as number] as number) + (beta[x] as number);
    const ratings = new Float64Array(m);
    for (let x = 0; x < m; x++) {
      const component = componentOf[x] as number;
      ratings[x] = INITIAL_RATING + POINTS_PER_UNIT * ((beta[x] as number) - (sums[component] as number) / (size[component] as number));
    }
    return ratings;
  };
}
