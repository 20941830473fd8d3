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

it('answers other requests within 50 ms while the embedded database runs a 2 s query', async () => {
  const queryStarted = performance.now();
  const slow = server.database.pool.query('SELECT pg_sleep(2)');
  const latencies: number[] = [];
  const deadline = performance.now() + 1800;
  while (performance.now() < deadline) {
    const started = performance.now();
    const response = await fetch(`${server.url}/healthz`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await slow;
  // The measurements all fell inside the query's run.
  expect(performance.now() - queryStarted).toBeGreaterThan(1900);
  expect(latencies.length).toBeGreaterThan(30);
  expect(Math.max(...latencies)).toBeLessThan(50);
});
