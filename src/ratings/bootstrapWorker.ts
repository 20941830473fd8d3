// A worker thread that runs rating jobs: bootstrap chunks, style-control fits (bundled to dist/bootstrapWorker.js).
import { parentPort } from 'node:worker_threads';
import { runJob, type RatingJob } from './jobs.js';

parentPort?.on('message', (job: RatingJob) => {
  const samples = runJob(job);
  parentPort?.postMessage(samples, [samples.buffer as ArrayBuffer]);
});
