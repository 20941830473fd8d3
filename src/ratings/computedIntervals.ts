import { comparability, type BradleyTerryResult } from './bootstrap.js';
import { toPairData } from './bradleyTerry.js';
import { runHere } from './jobs.js';
import { UNITS_PER_POINT } from './prior.js';
import type { RunChunk } from './roundsPool.js';
import type { PairCounts } from './types.js';

/** The normal distribution's 97.5% quantile. */
export const Z_975 = 1.959963984540054;

/**
 * Bradley–Terry ratings with 95% intervals computed, not drawn: from the sandwich-plus-prior
 * covariance I⁻¹·(J + Λ)·I⁻¹ (as style control's; README, Ratings), the large-sample limit of
 * bootstrap.ts's rounds (a resample of the battles and a randomised prior centre). One fit and
 * two m×m solves instead of hundreds of fits: the overview fits a score of categories at once.
 */
export async function bradleyTerryWithComputedIntervals(m: number, counts: PairCounts[], options: { intervals: boolean; runChunk?: RunChunk }): Promise<BradleyTerryResult> {
  const data = toPairData(counts);
  const { componentOf, comparable, battles } = comparability(m, data);
  const run = options.runChunk ?? runHere;
  const fit = await run({ kind: 'bt-computed', m, i: data.i, j: data.j, outcomes: data.outcomes, componentOf, battles });
  const ratings = fit.slice(0, m);
  const half = fit.subarray(m).map((sd) => (options.intervals ? (Z_975 * sd) / UNITS_PER_POINT : 0));
  return {
    ratings,
    lower: ratings.map((rating, x) => rating - (half[x] as number)),
    upper: ratings.map((rating, x) => rating + (half[x] as number)),
    comparable,
  };
}
