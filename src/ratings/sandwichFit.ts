import { fitStrengths, negatedHessian, ratingScale, scoreSpread, setOutcomes, type PairOutcomes } from './bradleyTerry.js';
import { cholesky, sandwich } from './linearAlgebra.js';

/**
 * Standard deviations of the ratings' errors, natural-log units, each measured against the
 * battle-weighted mean of its group (as plain Bradley–Terry's bootstrap rounds are anchored):
 * Var(δₓ − ω·δ) = Cₓₓ − 2·(Cω)ₓ + ωᵀCω over the group's models, C the strengths' covariance.
 */
export function ratingErrors(m: number, covariance: Float64Array, componentOf: Int32Array, battles: Float64Array): Float64Array {
  const p = Math.sqrt(covariance.length);
  const sd = new Float64Array(m);
  for (const component of new Set(componentOf)) {
    const members = Array.from({ length: m }, (_, x) => x).filter((x) => componentOf[x] === component);
    const total = members.reduce((sum, x) => sum + (battles[x] as number), 0);
    const weight = (x: number) => (total > 0 ? (battles[x] as number) / total : 1 / members.length);
    const spread = members.map((x) => members.reduce((sum, y) => sum + weight(y) * (covariance[x * p + y] as number), 0));
    const centre = members.reduce((sum, y, index) => sum + weight(y) * (spread[index] as number), 0);
    members.forEach((x, index) => {
      sd[x] = Math.sqrt(Math.max(0, (covariance[x * p + x] as number) - 2 * (spread[index] as number) + centre));
    });
  }
  return sd;
}

/**
 * What the worker needs: the pairs' outcome counts (PairOutcomes without the derived w and n),
 * and the battle graph's components with each model's battles (bootstrap.ts's comparability).
 */
export interface SandwichInput extends Pick<PairOutcomes, 'i' | 'j' | 'outcomes'> {
  m: number;
  componentOf: Int32Array;
  battles: Float64Array;
}

/** The worker's job: the fit and its rating errors. Returns the ratings, then their standard deviations (natural-log units): 2m numbers. */
export function fitWithErrors(input: SandwichInput): Float64Array {
  const { m } = input;
  const pairs: PairOutcomes = { i: input.i, j: input.j, outcomes: input.outcomes, w: new Float64Array(input.i.length), n: new Float64Array(input.i.length) };
  setOutcomes(pairs, input.outcomes);
  const beta = fitStrengths(m, pairs);
  const covariance = sandwich(m, cholesky(m, negatedHessian(m, pairs, beta)), scoreSpread(m, pairs, beta));
  const out = new Float64Array(2 * m);
  out.set(ratingScale(input.componentOf)(beta));
  out.set(ratingErrors(m, covariance, input.componentOf, input.battles), m);
  return out;
}
