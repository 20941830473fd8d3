import { runRounds, type RoundsInput } from './bootstrapRounds.js';
import { fitWithErrors, type SandwichInput } from './sandwichFit.js';
import type { StyleBattles } from './styleControlData.js';
import { fitStyleControl } from './styleControlFit.js';

/** Work a rating computation hands to a worker thread (roundsPool.ts): plain data and typed arrays only. */
export type RatingJob = ({ kind: 'bt-rounds' } & RoundsInput) | ({ kind: 'bt-computed' } & SandwichInput) | ({ kind: 'style-fit'; m: number } & StyleBattles);

export function runJob(job: RatingJob): Float64Array {
  switch (job.kind) {
    case 'bt-rounds':
      return runRounds(job);
    case 'bt-computed':
      return fitWithErrors(job);
    case 'style-fit':
      return fitStyleControl(job);
  }
}

/** A job run on this thread, for callers with no worker pool (tests, the CLI). */
export const runHere = async (job: RatingJob): Promise<Float64Array> => runJob(job);
