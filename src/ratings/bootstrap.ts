import { components, fitStrengths, ratingScale, toPairData, type PairData } from './bradleyTerry.js';
import { ROUNDS_PER_CHUNK, runRounds } from './bootstrapRounds.js';
import type { RunChunk } from './roundsPool.js';
import type { PairCounts } from './types.js';

export interface BradleyTerryResult {
  ratings: Float64Array;
  /** 2.5% and 97.5% bootstrap quantiles. */
  lower: Float64Array;
  upper: Float64Array;
  /** In the largest connected component of the battle graph: ratings comparable with each other. */
  comparable: boolean[];
}

/** numpy's default ("linear") quantile of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
}

/** The component holding the most battles: the one whose ratings are the leaderboard. */
function mainComponent(componentOf: Int32Array, battles: Float64Array): number {
  const totals = new Map<number, number>();
  componentOf.forEach((component, index) => totals.set(component, (totals.get(component) ?? 0) + (battles[index] as number)));
  let best = -1;
  let bestTotal = -1;
  for (const [component, total] of totals) {
    if (total > bestTotal) {
      best = component;
      bestTotal = total;
    }
  }
  return best;
}

/** Which models' ratings can be compared: those in the component holding the most battles. */
export function comparability(m: number, data: PairData): { componentOf: Int32Array; comparable: boolean[]; battles: Float64Array } {
  const componentOf = components(m, data);
  const battles = new Float64Array(m);
  for (let k = 0; k < data.i.length; k++) {
    battles[data.i[k] as number] = (battles[data.i[k] as number] as number) + (data.n[k] as number);
    battles[data.j[k] as number] = (battles[data.j[k] as number] as number) + (data.n[k] as number);
  }
  const main = mainComponent(componentOf, battles);
  return { componentOf, battles, comparable: Array.from(componentOf, (component, x) => component === main && (battles[x] as number) > 0) };
}

/**
 * Bradley–Terry ratings over models 0..m-1 with bootstrap 95% intervals: each round draws a
 * multinomial resample of the outcome counts (the same total), fits it, and the interval is the
 * 2.5%–97.5% quantiles of the rounds. Seeded, so a result is reproducible. Rounds run in chunks
 * through `runChunk` (worker threads in the server), in parallel.
 */
export async function bradleyTerryWithIntervals(
  m: number,
  counts: PairCounts[],
  options: { rounds: number; seed: number; runChunk?: RunChunk },
): Promise<BradleyTerryResult> {
  const data = toPairData(counts);
  const { componentOf, comparable, battles } = comparability(m, data);
  const beta = fitStrengths(m, data);
  const ratings = ratingScale(componentOf)(beta);

  const rounds = Math.max(0, options.rounds);
  const runChunk = options.runChunk ?? (async (input) => runRounds(input));
  const chunks = await Promise.all(
    Array.from({ length: Math.ceil(rounds / ROUNDS_PER_CHUNK) }, (_, chunk) =>
      runChunk({
        m,
        i: data.i,
        j: data.j,
        outcomes: data.outcomes,
        beta,
        componentOf,
        battles,
        seed: options.seed,
        chunk,
        rounds: Math.min(ROUNDS_PER_CHUNK, rounds - chunk * ROUNDS_PER_CHUNK),
      }),
    ),
  );

  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const values = new Float64Array(rounds);
  for (let x = 0; x < m; x++) {
    let r = 0;
    for (const chunk of chunks) for (let k = x; k < chunk.length; k += m) values[r++] = chunk[k] as number;
    values.sort();
    lower[x] = rounds > 0 ? quantile(values, 0.025) : (ratings[x] as number);
    upper[x] = rounds > 0 ? quantile(values, 0.975) : (ratings[x] as number);
  }
  return { ratings, lower, upper, comparable };
}
