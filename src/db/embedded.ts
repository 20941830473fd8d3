import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  port: number;
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'ready'; port: number } | { type: 'stopped' } | { type: 'error'; message: string };

/**
 * Starts PGlite in a worker thread, served over the PostgreSQL wire protocol on 127.0.0.1 at a
 * random port, so the app reaches it through the same `pg` Pool as a real server.
 * `dataDir` undefined keeps the database in memory (tests); `initialDump` is a dump file to start from.
 */
export async function startEmbeddedPostgres(dataDir: string | undefined, initialDump?: string): Promise<EmbeddedPostgres> {
  const worker = new Worker(new URL('./pgliteWorker.mjs', import.meta.url), {
    workerData: { dataDir, initialDump, maxConnections: 8 },
  });
  const next = () =>
    new Promise<WorkerMessage>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        worker.off('error', onError);
        resolve(message);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });

  const first = await next();
  if (first.type !== 'ready') {
    await worker.terminate();
    throw new Error(`embedded database failed to start: ${first.type === 'error' ? first.message : first.type}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    port: first.port,
    stop() {
      stopping ??= (async () => {
        const answer = next();
        worker.postMessage({ type: 'stop' });
        const last = await answer;
        await worker.terminate();
        if (last.type === 'error') throw new Error(`embedded database did not stop cleanly: ${last.message}`);
      })();
      return stopping;
    },
  };
}
