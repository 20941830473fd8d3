// PGlite runs here, off the main thread: its queries execute synchronously inside WebAssembly,
// so in the main thread a slow query would stall every HTTP request and SSE stream.
// Plain JavaScript so that the same file runs from src/ under Vitest and from dist/ in production.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string | undefined, initialDump: string | undefined, maxConnections: number }} */
const options = workerData;

// The socket handler writes each protocol message's answer as PGlite produces it, so a query
// (parse, bind, describe, execute, sync) cost five writes, each a system call: during an
// evaluation run writes took a fifth of this thread's time. Corked while it handles what arrived
// in one read, a query's answer leaves in one write. The client waits for the last message of
// it (ReadyForQuery) anyway, and a handler never waits for more input while corked.
// (A method of pglite-socket 0.2's handler: should an upgrade rename it, writes go uncorked.)
const handleData = PGLiteSocketHandler.prototype.handleData;
if (typeof handleData === 'function') {
  /** @param {Buffer} data */
  PGLiteSocketHandler.prototype.handleData = async function (data) {
    const socket = this.socket;
    socket?.cork();
    try {
      return await handleData.call(this, data);
    } finally {
      socket?.uncork();
    }
  };
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

async function start() {
  // Restoring a dump skips initdb, the slowest part of a fresh in-memory start.
  const loadDataDir = options.initialDump ? new Blob([await readFile(options.initialDump)]) : undefined;
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    // The pages are in this process's memory (or the OS's file cache), so a random read costs
    // about what a sequential one does. At PostgreSQL's default of 4 the planner scanned a million
    // votes rather than probe an index a few thousand times (the duplicate-prompt sample, the
    // overview's left-out votes per label: 0.5 s to 1 s each on 1M votes).
    startParams: [...PGlite.defaultStartParams, '-c', 'random_page_cost=1.1'],
  });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());

  parentPort?.on('message', async (message) => {
    if (message?.type !== 'stop') return;
    try {
      await server.stop();
      await db.close();
      parentPort?.postMessage({ type: 'stopped' });
    } catch (error) {
      parentPort?.postMessage({ type: 'error', message: describe(error) });
    }
  });
  parentPort?.postMessage({ type: 'ready', port });
}

start().catch((error) => {
  parentPort?.postMessage({ type: 'error', message: describe(error) });
});
