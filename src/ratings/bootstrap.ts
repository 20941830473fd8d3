import { components, fitStrengths, ratingScale, toPairData, type PairData } from './bradleyTerry.js';
import { ROUNDS_PER_CHUNK } from './bootstrapRounds.js';
import { runHere, type RatingJob } from './jobs.js';
import type { RunChunk } from './roundsPool.js';
import type { PairCounts } from './types.js';

export interface BradleyTerryResult {
  ratings: Float64Array;
  /** The 95% interval: the bootstrap's 2.5% and 97.5% quantiles, or computed (computedIntervals.ts). */
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
 * Runs `rounds` bootstrap rounds in chunks of ROUNDS_PER_CHUNK, all at once (worker threads share
 * them out), on this thread when no `runChunk` is given. Each chunk answers rounds × width numbers.
 */
function runInChunks(rounds: number, runChunk: RunChunk | undefined, job: (chunk: number, rounds: number) => RatingJob): Promise<Float64Array[]> {
  const run = runChunk ?? runHere;
  const total = Math.max(0, rounds);
  return Promise.all(Array.from({ length: Math.ceil(total / ROUNDS_PER_CHUNK) }, (_, chunk) => run(job(chunk, Math.min(ROUNDS_PER_CHUNK, total - chunk * ROUNDS_PER_CHUNK)))));
}

/**
 * 2.5% and 97.5% quantiles of each of the point's values over every round of `chunks` (rounds ×
 * point.length each); the point itself where there were no rounds.
 */
function percentileIntervals(chunks: Float64Array[], point: Float64Array): { lower: Float64Array; upper: Float64Array } {
  const width = point.length;
  const rounds = chunks.reduce((sum, chunk) => sum + chunk.length / width, 0);
  const lower = Float64Array.from(point);
  const upper = Float64Array.from(point);
  const values = new Float64Array(rounds);
  for (let x = 0; rounds > 0 && x < width; x++) {
    let r = 0;
    for (const chunk of chunks) for (let k = x; k < chunk.length; k += width) values[r++] = chunk[k] as number;
    values.sort();
    lower[x] = quantile(values, 0.025);
    upper[x] = quantile(values, 0.975);
  }
  return { lower, upper };
}

/**
 * Bradley–Terry ratings over models 0..m-1 (posterior mode under the small-sample prior) with
 * bootstrap 95% intervals: each round draws a multinomial resample of the outcome counts (the
 * same total) and a randomised prior centre, fits them, and the interval is the 2.5%–97.5%
 * quantiles of the rounds. Seeded, so a result is reproducible. Rounds run in chunks
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

  const chunks = await runInChunks(options.rounds, options.runChunk, (chunk, rounds) => ({
    kind: 'bt-rounds',
    m,
    i: data.i,
    j: data.j,
    outcomes: data.outcomes,
    beta,
    componentOf,
    battles,
    seed: options.seed,
    chunk,
    rounds,
  }));
  const { lower, upper } = percentileIntervals(chunks, ratings);
  return { ratings, lower, upper, comparable };
}
