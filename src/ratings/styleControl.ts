import { comparability } from './bootstrap.js';
import { Z_975 } from './computedIntervals.js';
import { ratingErrors } from './sandwichFit.js';
import { ratingScale, toPairData } from './bradleyTerry.js';
import { runHere } from './jobs.js';
import { UNITS_PER_POINT } from './prior.js';
import type { RunChunk } from './roundsPool.js';
import { STYLE_FEATURES, validateStyleBattles, type StyleBattles, type StyleFeature } from './styleControlData.js';
import type { PairCounts } from './types.js';

export { STYLE_FEATURES, type StyleBattles, type StyleFeature } from './styleControlData.js';

export interface Interval {
  value: number;
  ci_lower: number;
  ci_upper: number;
}

export interface StyleControlFit {
  /** Elo scale, mean 1000 per connected group, with 95% intervals. */
  ratings: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  comparable: boolean[];
  /** On the logistic scale (log-odds per standard deviation of the feature), as FastChat reports them. */
  coefficients: Record<StyleFeature, Interval>;
}

/** Outcome counts per ordered pair, for the battle graph's components; typed arrays, as this runs on the event loop. */
function pairCounts(m: number, battles: StyleBattles): PairCounts[] {
  const outcomes = new Float64Array(m * m * 3);
  for (let i = 0; i < battles.a.length; i++) {
    const y = battles.outcome[i] as number;
    const slot = ((battles.a[i] as number) * m + (battles.b[i] as number)) * 3 + (y === 1 ? 0 : y === 0 ? 1 : 2);
    outcomes[slot] = (outcomes[slot] as number) + 1;
  }
  const counts: PairCounts[] = [];
  for (let key = 0; key < m * m; key++) {
    const winsA = outcomes[key * 3] as number;
    const winsB = outcomes[key * 3 + 1] as number;
    const ties = outcomes[key * 3 + 2] as number;
    if (winsA + winsB + ties > 0) counts.push({ a: Math.floor(key / m), b: key % m, winsA, winsB, ties });
  }
  return counts;
}

/**
 * Style-controlled ratings (FastChat's `compute_style_control`; README, Ratings): strengths and
 * style coefficients fitted jointly at the posterior mode, as one job (a worker thread in the
 * server, so a million battles never block the event loop), with 95% intervals from the
 * sandwich-plus-prior covariance, the large-sample limit of FastChat's per-battle bootstrap with
 * a randomised prior. `rounds` > 0 asks for the intervals (0 gives the point values, as for plain
 * Bradley–Terry); they are computed, not drawn, so `seed` changes nothing: it is there so both
 * rating methods take the same options, and the result is the same on any number of threads.
 */
export async function styleControlWithIntervals(m: number, battles: StyleBattles, options: { rounds: number; seed: number; runChunk?: RunChunk }): Promise<StyleControlFit> {
  validateStyleBattles(m, battles);
  const run = options.runChunk ?? runHere;
  const fit = await run({ kind: 'style-fit', m, ...battles });
  const p = m + STYLE_FEATURES.length;
  const covariance = fit.subarray(p);
  const { componentOf, comparable, battles: perModel } = comparability(m, toPairData(pairCounts(m, battles)));
  const ratings = ratingScale(componentOf)(fit.subarray(0, m));
  const width = options.rounds > 0 ? Z_975 : 0;
  const sd = ratingErrors(m, covariance, componentOf, perModel);
  const coefficient = (k: number): Interval => {
    const value = fit[m + k] as number;
    const half = width * Math.sqrt(covariance[(m + k) * p + m + k] as number);
    return { value, ci_lower: value - half, ci_upper: value + half };
  };
  return {
    ratings,
    lower: ratings.map((rating, x) => rating - (width * (sd[x] as number)) / UNITS_PER_POINT),
    upper: ratings.map((rating, x) => rating + (width * (sd[x] as number)) / UNITS_PER_POINT),
    comparable,
    coefficients: Object.fromEntries(STYLE_FEATURES.map((feature, k) => [feature, coefficient(k)])) as Record<StyleFeature, Interval>,
  };
}
