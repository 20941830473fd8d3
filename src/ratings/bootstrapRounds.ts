import { SeededRandom } from '../random.js';
import { chordFitter, roundScale, setOutcomes } from './bradleyTerry.js';
import { resample } from './multinomial.js';
import { drawPriorCentre, RATING_PRECISION } from './prior.js';

/** Rounds are drawn in chunks with seeds of their own, so the result does not depend on how many threads share them. */
export const ROUNDS_PER_CHUNK = 125;

/** Everything a chunk of bootstrap rounds needs; plain typed arrays, so it crosses to a worker thread by copy. */
export interface RoundsInput {
  m: number;
  i: Int32Array;
  j: Int32Array;
  outcomes: Float64Array;
  /** The full-data fit the rounds start from. */
  beta: Float64Array;
  componentOf: Int32Array;
  /** Battles per model: the weights that anchor each round's ratings (roundScale). */
  battles: Float64Array;
  seed: number;
  chunk: number;
  rounds: number;
}

/** A chunk's generator: the run's seed and the chunk's number, mixed. */
export function chunkSeed(seed: number, chunk: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(chunk + 1, 0xc2b2ae35)) | 0;
}

/**
 * One chunk of bootstrap rounds: each draws a multinomial resample of the outcome counts (same
 * total) and a randomised prior centre (prior.ts), and fits them. Returns the ratings, round
 * after round (rounds × m).
 */
export function runRounds(input: RoundsInput): Float64Array {
  const { m } = input;
  const pairs = input.i.length;
  const reference = { i: input.i, j: input.j, w: new Float64Array(pairs), n: new Float64Array(pairs) };
  setOutcomes(reference, input.outcomes);
  const fit = chordFitter(m, reference, input.beta);
  const toRatings = roundScale(input.componentOf, input.battles, input.beta);
  const total = input.outcomes.reduce((sum, count) => sum + count, 0);
  const random = new SeededRandom(chunkSeed(input.seed, input.chunk));
  const round = { i: input.i, j: input.j, w: new Float64Array(pairs), n: new Float64Array(pairs) };
  const drawn = new Float64Array(input.outcomes.length);
  const precision = new Float64Array(m).fill(RATING_PRECISION);
  const centre = new Float64Array(m);
  const out = new Float64Array(input.rounds * m);
  for (let r = 0; r < input.rounds; r++) {
    resample(input.outcomes, total, random, drawn);
    setOutcomes(round, drawn);
    drawPriorCentre(random, precision, centre);
    out.set(toRatings(fit(round, centre)), r * m);
  }
  return out;
}
