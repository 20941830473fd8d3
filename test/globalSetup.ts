import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPostgresTemplate, writePgliteTemplates } from './helpers/databaseTemplates.js';
import { startPostgresServer } from './helpers/postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server shared by the whole run; each test file makes its own database. */
    postgresUrl: string;
    /** A migrated database on that server, copied by `createTestDatabase(kind, { migrated: true })`. */
    postgresTemplate: string;
    /** A dump file of a migrated embedded database, restored by the same. */
    pgliteTemplate: string;
    /** The same database as files, copied into a browser test's DATA_DIR. */
    pgliteDataDirTemplate: string;
  }
}

/** One PostgreSQL server per test run, and the built server that process tests start. */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url());
  const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-template-'));
  const pgliteTemplate = path.join(templateDir, 'pglite.tar.gz');
  const pgliteDataDirTemplate = path.join(templateDir, 'pg');
  await Promise.all([writePgliteTemplates(pgliteDataDirTemplate, pgliteTemplate), createPostgresTemplate(server.url(), 'dualmind_template')]);
  project.provide('pgliteTemplate', pgliteTemplate);
  project.provide('pgliteDataDirTemplate', pgliteDataDirTemplate);
  project.provide('postgresTemplate', 'dualmind_template');
  return async () => {
    await server.stop();
    await fs.promises.rm(templateDir, { recursive: true, force: true });
  };
}
