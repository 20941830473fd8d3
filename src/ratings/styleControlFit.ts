import { fitStrengths } from './bradleyTerry.js';
import { applyStep, cholesky, sandwich, solve } from './linearAlgebra.js';
import { precisions, prepareStyleData, STYLE_FEATURES, type StyleBattles, type StyleData } from './styleControlData.js';

const K = STYLE_FEATURES.length;

/** log(1 + e^z) without overflow. */
const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** Each battle's log-odds that side a wins: zᵢ = θ[aᵢ] − θ[bᵢ] + xᵢ·γ. */
export function logits(data: StyleData, theta: Float64Array): Float64Array {
  const { m, pairA, pairB, start, x } = data;
  const z = new Float64Array(data.outcome.length);
  for (let s = 0; s < pairA.length; s++) {
    const base = (theta[pairA[s] as number] as number) - (theta[pairB[s] as number] as number);
    for (let i = start[s] as number; i < (start[s + 1] as number); i++) {
      let value = base;
      for (let k = 0; k < K; k++) value += (x[i * K + k] as number) * (theta[m + k] as number);
      z[i] = value;
    }
  }
  return z;
}

/** The log-posterior: Σ yᵢ·zᵢ − log(1 + e^zᵢ) − ½·Σ λₖ·θₖ² (FastChat's loss, negated, with our prior). */
export function logPosterior(data: StyleData, z: Float64Array, theta: Float64Array, precision: Float64Array): number {
  let total = 0;
  for (let i = 0; i < z.length; i++) total += (data.outcome[i] as number) * (z[i] as number) - softplus(z[i] as number);
  for (let k = 0; k < theta.length; k++) total -= 0.5 * (precision[k] as number) * (theta[k] as number) ** 2;
  return total;
}

/** Σᵢ rᵢ·x̃ᵢ over battles, x̃ᵢ = (1_a − 1_b, xᵢ): with rᵢ = yᵢ − pᵢ, the likelihood's gradient. */
export function rowSum(data: StyleData, r: Float64Array): Float64Array {
  const { m, pairA, pairB, start, x } = data;
  const out = new Float64Array(m + K);
  // Unrolled for the four style features, as in gram().
  let length = 0;
  let header = 0;
  let list = 0;
  let bold = 0;
  for (let s = 0; s < pairA.length; s++) {
    let strength = 0;
    for (let i = start[s] as number; i < (start[s + 1] as number); i++) {
      const ri = r[i] as number;
      strength += ri;
      length += ri * (x[i * K] as number);
      header += ri * (x[i * K + 1] as number);
      list += ri * (x[i * K + 2] as number);
      bold += ri * (x[i * K + 3] as number);
    }
    out[pairA[s] as number] = (out[pairA[s] as number] as number) + strength;
    out[pairB[s] as number] = (out[pairB[s] as number] as number) - strength;
  }
  out.set([length, header, list, bold], m);
  return out;
}

/**
 * Σᵢ wᵢ·x̃ᵢ·x̃ᵢᵀ, dense (m+K)², plus `diagonal`: with wᵢ = pᵢ(1 − pᵢ) and the prior's precision,
 * the information matrix (the negated Hessian); with wᵢ = (yᵢ − pᵢ)², the scores' spread J.
 * Unrolled for the four style features: sums in locals run several times faster than in arrays
 * on a million battles.
 */
export function gram(data: StyleData, w: Float64Array, diagonal: Float64Array): Float64Array {
  const { m, pairA, pairB, start, x } = data;
  const p = m + K;
  const out = new Float64Array(p * p);
  // The style block's upper triangle, feature by feature (0 length, 1 header, 2 list, 3 bold).
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s11 = 0, s12 = 0, s13 = 0, s22 = 0, s23 = 0, s33 = 0;
  for (let s = 0; s < pairA.length; s++) {
    const a = pairA[s] as number;
    const b = pairB[s] as number;
    let total = 0;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (let i = start[s] as number; i < (start[s + 1] as number); i++) {
      const weight = w[i] as number;
      const x0 = x[i * K] as number;
      const x1 = x[i * K + 1] as number;
      const x2 = x[i * K + 2] as number;
      const x3 = x[i * K + 3] as number;
      total += weight;
      c0 += weight * x0;
      c1 += weight * x1;
      c2 += weight * x2;
      c3 += weight * x3;
      s00 += weight * x0 * x0;
      s01 += weight * x0 * x1;
      s02 += weight * x0 * x2;
      s03 += weight * x0 * x3;
      s11 += weight * x1 * x1;
      s12 += weight * x1 * x2;
      s13 += weight * x1 * x3;
      s22 += weight * x2 * x2;
      s23 += weight * x2 * x3;
      s33 += weight * x3 * x3;
    }
    out[a * p + a] = (out[a * p + a] as number) + total;
    out[b * p + b] = (out[b * p + b] as number) + total;
    out[a * p + b] = (out[a * p + b] as number) - total;
    out[b * p + a] = (out[b * p + a] as number) - total;
    [c0, c1, c2, c3].forEach((cross, k) => {
      out[a * p + m + k] = (out[a * p + m + k] as number) + cross;
      out[b * p + m + k] = (out[b * p + m + k] as number) - cross;
    });
  }
  const style = [s00, s01, s02, s03, 0, s11, s12, s13, 0, 0, s22, s23, 0, 0, 0, s33];
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) out[(m + k) * p + m + l] = style[k * K + l] as number;
  for (let r = 0; r < p; r++) {
    out[r * p + r] = (out[r * p + r] as number) + (diagonal[r] as number);
    for (let c = r + 1; c < p; c++) out[c * p + r] = out[r * p + c] as number;
  }
  return out;
}

/**
 * Per battle, from its log-odds: the weight of the information matrix, pᵢ(1 − pᵢ), and the
 * residual yᵢ − pᵢ (squared: the weight of J).
 */
function weights(data: StyleData, z: Float64Array): { information: Float64Array; residual: Float64Array } {
  const information = new Float64Array(z.length);
  const residual = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const probability = 1 / (1 + Math.exp(-(z[i] as number)));
    information[i] = probability * (1 - probability);
    residual[i] = (data.outcome[i] as number) - probability;
  }
  return { information, residual };
}

/**
 * Where Newton starts: plain Bradley–Terry strengths from the pairs' outcome totals (a fit over
 * pairs, not battles, so nearly free) and no style effect; it saves two passes over the battles.
 */
function startingPoint(data: StyleData): Float64Array {
  const { m, pairA, pairB, start, outcome } = data;
  const wins = new Float64Array(pairA.length);
  const battles = new Float64Array(pairA.length);
  for (let s = 0; s < pairA.length; s++) {
    for (let i = start[s] as number; i < (start[s + 1] as number); i++) wins[s] = (wins[s] as number) + (outcome[i] as number);
    battles[s] = (start[s + 1] as number) - (start[s] as number);
  }
  const theta = new Float64Array(m + K);
  theta.set(fitStrengths(m, { i: pairA, j: pairB, w: wins, n: battles }));
  return theta;
}

/**
 * The posterior mode θ̂ = (strengths, style coefficients) by Newton's method, halving a step
 * that would lower the log-posterior (the prior makes it strictly concave, so this converges).
 */
export function fitContextual(data: StyleData, precision: Float64Array, tolerance = 1e-8, maxIterations = 100): { theta: Float64Array; z: Float64Array } {
  const p = data.m + K;
  const theta = startingPoint(data);
  let z = logits(data, theta);
  let objective = logPosterior(data, z, theta, precision);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { information, residual } = weights(data, z);
    const step = rowSum(data, residual);
    for (let k = 0; k < p; k++) step[k] = (step[k] as number) - (precision[k] as number) * (theta[k] as number);
    solve(p, cholesky(p, gram(data, information, precision)), step);
    const from = Float64Array.from(theta);
    let largest = applyStep(theta, step);
    z = logits(data, theta);
    let next = logPosterior(data, z, theta, precision);
    // The slack: near the mode a step gains less than the rounding of a million-term sum.
    while (next < objective - 1e-12 * Math.abs(objective) && largest > tolerance) {
      for (let k = 0; k < p; k++) step[k] = (step[k] as number) / 2;
      theta.set(from);
      largest = applyStep(theta, step);
      z = logits(data, theta);
      next = logPosterior(data, z, theta, precision);
    }
    objective = next;
    if (largest < tolerance) break;
  }
  return { theta, z };
}

/**
 * The covariance of θ̂ (README, Ratings): I⁻¹·(J + Λ)·I⁻¹, with I the information at θ̂, J the
 * spread of the battles' scores (what a per-battle bootstrap resamples) and Λ the prior's
 * precision (what a randomised prior centre adds). Dense, row-major.
 */
export function covariance(data: StyleData, precision: Float64Array, theta: Float64Array, z: Float64Array): Float64Array {
  const p = theta.length;
  const { information, residual } = weights(data, z);
  const factor = cholesky(p, gram(data, information, precision));
  return sandwich(p, factor, gram(data, residual.map((r) => r * r), precision));
}

/** The worker's job: the prepared battles' fit. Returns θ̂ then its covariance: (m+K) + (m+K)² numbers. */
export function fitStyleControl(input: { m: number } & StyleBattles): Float64Array {
  const data = prepareStyleData(input.m, input);
  const precision = precisions(input.m);
  const { theta, z } = fitContextual(data, precision);
  const p = theta.length;
  const out = new Float64Array(p + p * p);
  out.set(theta);
  out.set(covariance(data, precision, theta, z), p);
  return out;
}
