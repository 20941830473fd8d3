import { ValidationError } from '../errors.js';
import { COEFFICIENT_PRECISION, RATING_PRECISION } from './prior.js';

export const STYLE_FEATURES = ['length', 'header', 'list', 'bold'] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
const K = STYLE_FEATURES.length;

/** Columnar battles, one entry per counted vote. */
export interface StyleBattles {
  /** Model indexes 0..m-1. */
  a: Int32Array;
  b: Int32Array;
  /** 1 = a won, 0 = b won, 0.5 = tie / both bad. */
  outcome: Float64Array;
  /** Per STYLE_FEATURES entry: side a's raw count (tokens, headers, list items, bold). */
  featuresA: Float64Array[];
  /** The same for side b. */
  featuresB: Float64Array[];
}

/**
 * Battles as the fit reads them: sorted by pair, so each pair of models is one segment of rows
 * (`pairA[s]`, `pairB[s]`, rows `start[s]` to `start[s+1]`) whose strengths enter once; the
 * style features already as FastChat's standardised (a−b)/(a+b+1), row-major (battle × feature).
 */
export interface StyleData {
  m: number;
  pairA: Int32Array;
  pairB: Int32Array;
  start: Int32Array;
  outcome: Float64Array;
  x: Float64Array;
}

/** The prior's precision per parameter: m strengths, then the style coefficients. */
export function precisions(m: number): Float64Array {
  return Float64Array.from({ length: m + K }, (_, k) => (k < m ? RATING_PRECISION : COEFFICIENT_PRECISION));
}

/**
 * Checks the columns' shapes and values, naming the first bad field: runs before the battles
 * leave for a worker thread, so a bad input is a ValidationError, not a crashed worker.
 */
export function validateStyleBattles(m: number, battles: StyleBattles): void {
  const n = battles.a.length;
  if (battles.b.length !== n || battles.outcome.length !== n) throw new ValidationError('battles: a, b and outcome must have the same length');
  for (const side of ['featuresA', 'featuresB'] as const) {
    const columns = battles[side];
    if (columns.length !== K) throw new ValidationError(`battles.${side}: one column per style feature (${STYLE_FEATURES.join(', ')})`);
    columns.forEach((column, k) => {
      if (column.length !== n) throw new ValidationError(`battles.${side}[${k}] (${STYLE_FEATURES[k]}): ${n} counts, one per battle`);
      for (let i = 0; i < n; i++) {
        const count = column[i] as number;
        if (!(count >= 0 && count < Infinity)) throw new ValidationError(`battles.${side}[${k}] (${STYLE_FEATURES[k]}), battle ${i}: counts must be finite and non-negative`);
      }
    });
  }
  for (let i = 0; i < n; i++) {
    const a = battles.a[i] as number;
    const b = battles.b[i] as number;
    if (a < 0 || a >= m || b < 0 || b >= m || a === b) throw new ValidationError(`battles.a/b, battle ${i}: two different model indexes in 0..${m - 1}`);
    const y = battles.outcome[i] as number;
    if (!(y >= 0 && y <= 1)) throw new ValidationError(`battles.outcome, battle ${i}: between 0 (b won) and 1 (a won)`);
  }
}

/** Battles grouped by (a, b) (a stable counting sort): each battle's row, and the segments. */
function groupByPair(m: number, battles: StyleBattles): { rowOf: Int32Array; pairA: Int32Array; pairB: Int32Array; start: Int32Array } {
  const n = battles.a.length;
  const keys = new Int32Array(n);
  const offsets = new Int32Array(m * m + 1);
  for (let i = 0; i < n; i++) {
    keys[i] = (battles.a[i] as number) * m + (battles.b[i] as number);
    offsets[(keys[i] as number) + 1] = (offsets[(keys[i] as number) + 1] as number) + 1;
  }
  const pairs: number[] = [];
  for (let k = 0; k < m * m; k++) {
    if ((offsets[k + 1] as number) > 0) pairs.push(k);
    offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  }
  const rowOf = new Int32Array(n);
  const next = offsets.slice(0, m * m);
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    rowOf[i] = next[key] as number;
    next[key] = (next[key] as number) + 1;
  }
  return {
    rowOf,
    pairA: Int32Array.from(pairs, (key) => Math.floor(key / m)),
    pairB: Int32Array.from(pairs, (key) => key % m),
    start: Int32Array.from({ length: pairs.length + 1 }, (_, s) => (s === 0 ? 0 : (offsets[(pairs[s - 1] as number) + 1] as number))),
  };
}

/**
 * FastChat's preprocessing (`preprocess_for_style`): each feature as (a−b)/(a+b+1), then
 * standardised by its mean and (population) standard deviation over the battles in the fit. A
 * feature that never varies carries no information; it becomes 0 where FastChat would divide by 0.
 * Read in the battles' order and written to their rows, so every read is sequential.
 */
export function prepareStyleData(m: number, battles: StyleBattles): StyleData {
  const n = battles.a.length;
  const { rowOf, pairA, pairB, start } = groupByPair(m, battles);
  const data: StyleData = { m, pairA, pairB, start, outcome: new Float64Array(n), x: new Float64Array(n * K) };
  for (let i = 0; i < n; i++) data.outcome[rowOf[i] as number] = battles.outcome[i] as number;
  const ratio = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    const featureA = battles.featuresA[k] as Float64Array;
    const featureB = battles.featuresB[k] as Float64Array;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      ratio[i] = ((featureA[i] as number) - (featureB[i] as number)) / ((featureA[i] as number) + (featureB[i] as number) + 1);
      sum += ratio[i] as number;
    }
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((ratio[i] as number) - mean) ** 2;
    const sd = n > 0 ? Math.sqrt(squares / n) : 0;
    // Rounding leaves a constant feature a spread of ~1e-17, not 0.
    const varies = sd > 1e-12 * (Math.abs(mean) + 1);
    for (let i = 0; i < n; i++) data.x[(rowOf[i] as number) * K + k] = varies ? ((ratio[i] as number) - mean) / sd : 0;
  }
  return data;
}
