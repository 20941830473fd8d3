import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './helpers/postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server shared by the whole run; each test file makes its own database. */
    postgresUrl: string;
  }
}

/** One PostgreSQL server per test run, and the built server that process tests start. */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url());
  return () => server.stop();
}
