import { standardNormal } from './multinomial.js';
import type { SeededRandom } from '../random.js';
import { BASE, SCALE } from './types.js';

/**
 * The small-sample prior (README, Ratings): every strength is drawn from N(0, σ²) with σ = 200
 * Elo points. One decisive vote then moves two new models about 140 points apart instead of to
 * ±∞ (or ±1,000 with a token ridge), while on thousands of votes the likelihood outweighs it
 * and it moves no rating by a tenth of a point.
 */
export const PRIOR_SD_POINTS = 200;

/** Natural-log strength per Elo point. */
export const UNITS_PER_POINT = Math.log(BASE) / SCALE;

/**
 * 1/σ² on natural-log strengths: 0.754, which is an L2 penalty of 4 in FastChat's log10 units
 * (it uses 0.5 for style control; this prior replaces that on the ratings).
 */
export const RATING_PRECISION = 1 / (PRIOR_SD_POINTS * UNITS_PER_POINT) ** 2;

/** FastChat's L2 penalty on the style coefficients (`reg=0.5`, i.e. ½·0.5·γ²), kept as it is. */
export const COEFFICIENT_PRECISION = 0.5;

/**
 * A randomised prior centre for one bootstrap round: μ ~ N(0, 1/precision) per parameter. Refitting
 * with it adds the prior's share of the posterior variance to the resampling's, which is what
 * keeps an interval from collapsing to a point when there are too few votes to resample.
 */
export function drawPriorCentre(random: SeededRandom, precision: ArrayLike<number>, out: Float64Array): void {
  for (let k = 0; k < out.length; k++) out[k] = standardNormal(random) / Math.sqrt(precision[k] as number);
}
