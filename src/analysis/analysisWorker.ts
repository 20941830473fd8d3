// The worker thread that tokenises and classifies texts (bundled to dist/analysisWorker.js): the
// tokenizer and the language detector load here, never on the server's event loop.
import { parentPort } from 'node:worker_threads';
import { analyse, type AnalysisRequest } from './analyse.js';

parentPort?.on('message', ({ id, request }: { id: number; request: AnalysisRequest }) => {
  parentPort?.postMessage({ id, response: analyse(request) });
});
