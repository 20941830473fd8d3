import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../paths.js';
import type { AnalysisRequest, AnalysisResponse, AnalysisResult } from './analyse.js';
import type { AnswerFeatures, ComparisonFacts, ComparisonText } from './features.js';
import type { RegistryNames } from './identity.js';

/** The bundled worker; `npm start`, `npm test` and `npm run bench` build it. */
const WORKER_FILE = path.join(PROJECT_ROOT, 'dist', 'analysisWorker.js');
/** An idle worker is stopped after this long: its tokenizer and language model hold ~100 MB. */
const DEFAULT_IDLE_MS = 60_000;

/**
 * Tokenising and classifying texts, on a worker thread: a 2 KB answer costs about 0.25 ms of
 * tokenizer alone, and the tokenizer and the language detector take half a second and ~100 MB to
 * load, none of which the server's event loop should pay. The worker starts on the first request
 * and stops after a minute without one.
 */
export interface Analyser {
  comparisons(items: ComparisonText[], registry: RegistryNames): Promise<AnalysisResult<ComparisonFacts>[]>;
  /** The style features of single answers (evaluations' judged answers, for one). */
  answers(texts: string[]): Promise<AnalysisResult<AnswerFeatures>[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (response: AnalysisResponse) => void;
  reject: (error: Error) => void;
}

/** A running worker and the requests it owes an answer. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
}

function failAll(running: Running, error: Error): void {
  for (const request of running.pending.values()) request.reject(error);
  running.pending.clear();
}

export function createAnalyser(options: { idleMs?: number } = {}): Analyser {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  let current: Running | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 0;

  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      const idle = current;
      current = undefined;
      void idle?.worker.terminate();
    }, idleMs);
    idleTimer.unref();
  };

  const start = (): Running => {
    if (!fs.existsSync(WORKER_FILE)) throw new Error(`The analysis worker is not built (${WORKER_FILE}): run npm run build`);
    const running: Running = { worker: new Worker(WORKER_FILE), pending: new Map() };
    // Never what keeps the process alive: the server's lifetime decides.
    running.worker.unref();
    running.worker.on('message', ({ id, response }: { id: number; response: AnalysisResponse }) => {
      const request = running.pending.get(id);
      running.pending.delete(id);
      request?.resolve(response);
      if (running.pending.size === 0 && current === running) armIdle();
    });
    const stopped = (error: Error) => {
      if (current === running) current = undefined;
      failAll(running, error);
    };
    running.worker.on('error', stopped);
    running.worker.on('exit', (code) => stopped(new Error(`The analysis worker stopped (exit code ${code})`)));
    return running;
  };

  const send = (request: AnalysisRequest): Promise<AnalysisResponse> =>
    new Promise((resolve, reject) => {
      clearTimeout(idleTimer);
      try {
        current ??= start();
      } catch (error) {
        reject(error as Error);
        return;
      }
      const id = nextId++;
      current.pending.set(id, { resolve, reject });
      current.worker.postMessage({ id, request });
    });

  return {
    comparisons: async (items, registry) => (await send({ kind: 'comparisons', items, registry })) as AnalysisResult<ComparisonFacts>[],
    answers: async (texts) => (await send({ kind: 'answers', texts })) as AnalysisResult<AnswerFeatures>[],
    async close() {
      clearTimeout(idleTimer);
      const running = current;
      current = undefined;
      if (!running) return;
      failAll(running, new Error('The analyser is closed'));
      await running.worker.terminate();
    },
  };
}
