import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../paths.js';
import { runJob, type RatingJob } from './jobs.js';

/** The bundled worker; `npm start`, `npm test` and `npm run bench` build it. */
const WORKER_FILE = path.join(PROJECT_ROOT, 'dist', 'bootstrapWorker.js');

/** Runs one job (a chunk of bootstrap rounds, a fit) and answers its numbers. */
export type RunChunk = (job: RatingJob) => Promise<Float64Array>;

/**
 * Runs rating jobs (bootstrap chunks, style-control fits) on worker threads, one per core (at
 * most `size`), so a leaderboard uses every core and never blocks the event loop. Without the
 * built worker file (a bare source checkout) jobs run on this thread, yielding between them.
 */
export function createRoundsPool(size = Math.min(2, os.availableParallelism())): { run: RunChunk; close(): Promise<void> } {
  if (!fs.existsSync(WORKER_FILE)) {
    return {
      run: async (input) => {
        await new Promise((resolve) => setImmediate(resolve));
        return runJob(input);
      },
      close: async () => {},
    };
  }
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: Array<(worker: Worker) => void> = [];
  const acquire = (): Promise<Worker> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (all.length < size) {
      const worker = new Worker(WORKER_FILE);
      worker.unref();
      all.push(worker);
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  return {
    async run(input) {
      const worker = await acquire();
      try {
        return await new Promise<Float64Array>((resolve, reject) => {
          const onError = (error: Error) => {
            worker.off('message', onMessage);
            reject(error);
          };
          const onMessage = (samples: Float64Array) => {
            worker.off('error', onError);
            resolve(samples);
          };
          worker.once('message', onMessage);
          worker.once('error', onError);
          worker.postMessage(input);
        });
      } finally {
        release(worker);
      }
    },
    async close() {
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}
