// A worker thread that runs chunks of bootstrap rounds (bundled to dist/bootstrapWorker.js).
import { parentPort } from 'node:worker_threads';
import { runRounds, type RoundsInput } from './bootstrapRounds.js';

parentPort?.on('message', (input: RoundsInput) => {
  const samples = runRounds(input);
  parentPort?.postMessage(samples, [samples.buffer as ArrayBuffer]);
});
