import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-eventloop-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }), createLogger('silent'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * PGlite runs in a worker thread, so a long query must not hold the server's event loop. A held
 * loop would make a request wait for the rest of the query (seconds); a free one answers in
 * milliseconds. The bound sits between the two with a wide margin both ways (20x what a loaded
 * machine shows, 5x under the query); the latency figure itself belongs to `npm run bench`.
 */
it('keeps answering other requests while the embedded database runs a 5 s query', async () => {
  const queryStarted = performance.now();
  const slow = server.database.pool.query('SELECT pg_sleep(5)');
  const latencies: number[] = [];
  const deadline = performance.now() + 4500;
  while (performance.now() < deadline) {
    const started = performance.now();
    const response = await fetch(`${server.url}/healthz`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await slow;
  // The measurements all fell inside the query's run.
  expect(performance.now() - queryStarted).toBeGreaterThan(4900);
  expect(latencies.length).toBeGreaterThan(20);
  expect(Math.max(...latencies)).toBeLessThan(1000);
});
