import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import pino from 'pino';
import { migrate } from '../../src/db/migrate.js';

/**
 * Migrated starting points for the run's test databases: opening an empty embedded database runs
 * initdb in WebAssembly and then 20-odd migrations, seconds each time on this machine, and most
 * test files open several. Tests of migrations themselves still start from empty databases.
 */
const silent = pino({ level: 'silent' });

/**
 * A migrated embedded database in `dataDir` (copied into a server's DATA_DIR as its `pg` folder)
 * and its dump in `dumpFile` (restored into an in-memory one).
 */
export async function writePgliteTemplates(dataDir: string, dumpFile: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const pool = new pg.Pool({ host: '127.0.0.1', port: Number(server.getServerConn().split(':').pop()), user: 'postgres', database: 'postgres', max: 1 });
  try {
    await migrate(pool, silent);
  } finally {
    await pool.end();
    await server.stop();
  }
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
}

/** A migrated database named `name` on the server at `adminUrl`, for `CREATE DATABASE … TEMPLATE`. */
export async function createPostgresTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: adminUrl.replace(/\/[^/]*$/, `/${name}`), max: 1 });
  try {
    await migrate(pool, silent);
  } finally {
    // No connection may stay open on a template that others copy.
    await pool.end();
  }
}
