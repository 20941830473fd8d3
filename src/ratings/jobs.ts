import { runRounds, type RoundsInput } from './bootstrapRounds.js';
import type { StyleBattles } from './styleControlData.js';
import { fitStyleControl } from './styleControlFit.js';

/** Work a rating computation hands to a worker thread (roundsPool.ts): plain data and typed arrays only. */
export type RatingJob = ({ kind: 'bt-rounds' } & RoundsInput) | ({ kind: 'style-fit'; m: number } & StyleBattles);

export function runJob(job: RatingJob): Float64Array {
  return job.kind === 'bt-rounds' ? runRounds(job) : fitStyleControl(job);
}

/** A job run on this thread, for callers with no worker pool (tests, the CLI). */
export const runHere = async (job: RatingJob): Promise<Float64Array> => runJob(job);
