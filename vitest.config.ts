import { defineConfig } from 'vitest/config';

/** Tests whose figures (latencies) mean something only when nothing else competes for the 2 cores. */
const TIMING_TESTS = ['test/server/embeddedEventLoop.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: TIMING_TESTS,
          globalSetup: ['test/globalSetup.ts'],
          // Test files start servers and databases; on a 2-core machine two at a time is the sweet spot.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING_TESTS,
          maxWorkers: 1,
          // After the main project, alone.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
