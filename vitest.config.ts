import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/longestFirst.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Every test server of the run logs here; test/audit/ checks the whole of it last. */
    testLogDir: string;
  }
}

// Through the environment, so every evaluation of this file in the run agrees on one folder.
process.env.DUALMIND_TEST_LOG_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-test-logs-'));
const testLogDir = process.env.DUALMIND_TEST_LOG_DIR;

const AUDIT_TESTS = ['test/audit/**/*.test.ts'];

/**
 * Tests that run alone, one after the other: a latency figure means something only when nothing
 * else competes for the 2 cores, and the chaos run's 2,000 dual chats and the three-instance
 * cluster would skew everyone else's timeouts. They start their own PostgreSQL server when they
 * need one, and use the `dist/` that the main project built. (The fuzzer, one request at a time
 * on one core for four minutes, runs beside the main project's other files: alone it left the
 * second core idle.)
 */
const ALONE_TESTS = [
  'test/server/embeddedEventLoop.test.ts',
  'test/chaos/upstreamChaos.test.ts',
  'test/cluster/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Hang guards, not speed checks: a loaded 2-core machine opens a fresh embedded database in
    // 6–7 s when quiet and several times that under the suite; speed is measured in `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    provide: { testLogDir },
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          // web/src: the web app's pure units (its pages are tested in Chromium, test/browser/).
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: [...ALONE_TESTS, ...AUDIT_TESTS],
          globalSetup: ['test/globalSetup.ts'],
          // Test files start servers and databases; on a 2-core machine two at a time is the sweet spot.
          maxWorkers: 2,
          // Each file in a fresh process (vitest's default), so that nothing one file leaves behind
          // reaches the next. Sharing workers (isolate: false) cut the summed import time from 118 s
          // to 23 s, but four fresh-clone runs here (15:56 to 17:35 either way) could not tell the
          // two apart in wall time.
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE_TESTS,
          maxWorkers: 1,
          // After the main project, alone.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'audit',
          include: AUDIT_TESTS,
          // Last: it reads what every other test logged.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
