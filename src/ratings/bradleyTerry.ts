import { applyStep, cholesky, solve } from './linearAlgebra.js';
import { RATING_PRECISION, UNITS_PER_POINT } from './prior.js';
import { INITIAL_RATING, type PairCounts } from './types.js';

export interface FitOptions {
  tolerance?: number;
  maxIterations?: number;
  /** The prior's centre per strength (a bootstrap round's draw); 0 when not given. */
  centre?: Float64Array;
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

/**
 * Gradient of the log-posterior at `beta`: the likelihood's plus the prior's, N(centre, 1/RATING_PRECISION)
 * per strength (centre 0 but in a bootstrap round, see prior.ts).
 */
function gradient(m: number, pairs: PairData, beta: Float64Array, out: Float64Array, centre?: Float64Array): void {
  for (let x = 0; x < m; x++) out[x] = -RATING_PRECISION * ((beta[x] as number) - (centre ? (centre[x] as number) : 0));
  for (let k = 0; k < pairs.i.length; k++) {
    const i = pairs.i[k] as number;
    const j = pairs.j[k] as number;
    const p = 1 / (1 + Math.exp((beta[j] as number) - (beta[i] as number)));
    const g = (pairs.w[k] as number) - (pairs.n[k] as number) * p;
    out[i] = (out[i] as number) + g;
    out[j] = (out[j] as number) - g;
  }
}

/**
 * The prior's precision plus Σ cₖ·(eᵢ − eⱼ)(eᵢ − eⱼ)ᵀ over the pairs (a weighted graph Laplacian),
 * dense, row-major; cₖ from the pair and p, the fitted chance that i beats j.
 */
function priorPlusLaplacian(m: number, pairs: PairData, beta: Float64Array, weight: (k: number, p: number) => number): Float64Array {
  const h = new Float64Array(m * m);
  for (let x = 0; x < m; x++) h[x * m + x] = RATING_PRECISION;
  for (let k = 0; k < pairs.i.length; k++) {
    const i = pairs.i[k] as number;
    const j = pairs.j[k] as number;
    const c = weight(k, 1 / (1 + Math.exp((beta[j] as number) - (beta[i] as number))));
    h[i * m + i] = (h[i * m + i] as number) + c;
    h[j * m + j] = (h[j * m + j] as number) + c;
    h[i * m + j] = (h[i * m + j] as number) - c;
    h[j * m + i] = (h[j * m + i] as number) - c;
  }
  return h;
}

/** The negated Hessian of the log-posterior: the information I. */
export function negatedHessian(m: number, pairs: PairData, beta: Float64Array): Float64Array {
  return priorPlusLaplacian(m, pairs, beta, (k, p) => (pairs.n[k] as number) * p * (1 - p));
}

/**
 * J + Λ: the spread of the battles' scores (yᵢ − pᵢ)·(eᵢ − eⱼ), summed over every battle (a win
 * for i scores y = 1, for j 0, a tie ½), which a resample of the battles varies, plus the prior's
 * precision, which a randomised prior centre adds.
 */
export function scoreSpread(m: number, pairs: PairOutcomes, beta: Float64Array): Float64Array {
  const { outcomes } = pairs;
  return priorPlusLaplacian(
    m,
    pairs,
    beta,
    (k, p) => (outcomes[3 * k] as number) * (1 - p) ** 2 + (outcomes[3 * k + 1] as number) * p ** 2 + (outcomes[3 * k + 2] as number) * (0.5 - p) ** 2,
  );
}

/**
 * Bradley–Terry strengths (natural log scale) at the posterior mode under the small-sample prior,
 * by Newton's method, from `start` when given; converged when no strength moves by more than
 * `tolerance`.
 */
export function fitStrengths(m: number, pairs: PairData, start?: Float64Array, options: FitOptions = {}): Float64Array {
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 100;
  const beta = start ? Float64Array.from(start) : new Float64Array(m);
  const step = new Float64Array(m);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient(m, pairs, beta, step, options.centre);
    solve(m, cholesky(m, negatedHessian(m, pairs, beta)), step);
    if (applyStep(beta, step) < tolerance) break;
  }
  return beta;
}

/**
 * A fitter for many data sets close to one reference fit (bootstrap rounds): it keeps the
 * reference's factored Hessian and iterates with it (the chord method), which costs a gradient
 * and two triangular solves per iteration instead of a new factorisation. A round far from the
 * reference (a model with a handful of one-sided votes and a prior centre drawn far away) can
 * make the chord crawl or oscillate; after `maxIterations` Newton's method finishes it.
 */
export function chordFitter(m: number, reference: PairData, referenceBeta: Float64Array) {
  const factor = cholesky(m, negatedHessian(m, reference, referenceBeta));
  const step = new Float64Array(m);
  return (pairs: PairData, centre?: Float64Array, tolerance = 1e-6, maxIterations = 30): Float64Array => {
    const beta = Float64Array.from(referenceBeta);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      gradient(m, pairs, beta, step, centre);
      solve(m, factor, step);
      if (applyStep(beta, step) < tolerance) return beta;
    }
    return fitStrengths(m, pairs, beta, { tolerance, ...(centre && { centre }) });
  };
}

/** The weighted mean of `values` over each connected component, per model; plain where a component weighs nothing. */
function componentMeans(componentOf: Int32Array, weights: Float64Array | undefined, values: Float64Array, out: Float64Array): void {
  const m = componentOf.length;
  const sums = new Float64Array(m);
  const totals = new Float64Array(m);
  const counts = new Float64Array(m);
  const plain = new Float64Array(m);
  for (let x = 0; x < m; x++) {
    const component = componentOf[x] as number;
    const weight = weights ? (weights[x] as number) : 1;
    sums[component] = (sums[component] as number) + weight * (values[x] as number);
    totals[component] = (totals[component] as number) + weight;
    plain[component] = (plain[component] as number) + (values[x] as number);
    counts[component] = (counts[component] as number) + 1;
  }
  for (let x = 0; x < m; x++) {
    const component = componentOf[x] as number;
    const total = totals[component] as number;
    out[x] = total > 0 ? (sums[component] as number) / total : (plain[component] as number) / (counts[component] as number);
  }
}

/**
 * Strengths → Elo-scale ratings. Each connected component is centred on INITIAL_RATING: ratings
 * in different components cannot be compared, only placed side by side.
 */
export function ratingScale(componentOf: Int32Array): (beta: Float64Array) => Float64Array {
  const means = new Float64Array(componentOf.length);
  return (beta) => {
    componentMeans(componentOf, undefined, beta, means);
    return Float64Array.from(beta, (value, x) => INITIAL_RATING + (value - (means[x] as number)) / UNITS_PER_POINT);
  };
}

/**
 * Bootstrap rounds' strengths → Elo-scale ratings: the reference fit's ratings moved by the
 * round's change, measured against the battle-weighted mean change of the component. Weighted,
 * so a model with one vote, which swings by hundreds of points from round to round, does not
 * drag every well-measured model's interval with it through the plain mean.
 */
export function roundScale(componentOf: Int32Array, battles: Float64Array, reference: Float64Array): (beta: Float64Array) => Float64Array {
  const point = ratingScale(componentOf)(reference);
  const change = new Float64Array(componentOf.length);
  const means = new Float64Array(componentOf.length);
  return (beta) => {
    for (let x = 0; x < change.length; x++) change[x] = (beta[x] as number) - (reference[x] as number);
    componentMeans(componentOf, battles, change, means);
    return Float64Array.from(point, (rating, x) => rating + ((change[x] as number) - (means[x] as number)) / UNITS_PER_POINT);
  };
}
