import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/postgresServer.js';
import { runServerToExit, startServerProcess } from '../helpers/serverProcess.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-workers-'));

interface LogLine {
  msg: string;
  pid: number;
  url?: string;
  worker_pid?: number;
}
const logLines = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
const listening = (output: string) => logLines(output).filter((line) => line.msg === 'DualMind Lab is listening');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** WORKERS: several server processes behind one port, sharing one PostgreSQL database. */
describe('WORKERS', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses several workers on the embedded database with one line naming WORKERS', async () => {
    const result = await runServerToExit({ WORKERS: '2', DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.output.trim().split('\n')).toEqual([
      'Invalid configuration: WORKERS is 2, but the embedded database belongs to one process: set DATABASE_URL to a PostgreSQL server to run several workers, or WORKERS=1 (got "2")',
    ]);
  });

  it('serves one port from two workers, replaces a worker that dies, and stops them all on SIGTERM', async () => {
    // Twenty sign-ups from one address, more than SIGNUP_MAX_PER_IP allows by default.
    const server = await startServerProcess({ WORKERS: '2', DATABASE_URL: database.url as string, DATA_DIR: dataDir, JWT_SECRET: 'workers-test-secret-0123456789abcdefghij', SIGNUP_MAX_PER_IP: '100' });
    try {
      await expect.poll(() => listening(server.output()).length, { timeout: 30_000 }).toBe(2);
      const [first, second] = listening(server.output());
      // Both listen on the one port the primary handed out.
      expect(second?.url).toBe(first?.url);
      expect(new Set([first?.pid, second?.pid]).size).toBe(2);

      // A new connection per request: the primary deals connections out in turn.
      const served = new Set<number>();
      for (let index = 0; index < 20; index++) {
        const agent = new Agent();
        const response = await request(`${server.url}/api/auth/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `worker${index}@example.com`, password: `password-${index}-long` }),
          dispatcher: agent,
        });
        expect(response.statusCode).toBe(201);
        await response.body.text();
        await agent.close();
      }
      for (const line of logLines(server.output())) if (line.msg === 'request') served.add(line.pid);
      expect(served).toEqual(new Set([first?.pid, second?.pid]));
      // The first sign-up of the database became admin, whichever worker took it: one shared database.
      const admins = await database.handle.db.selectFrom('users').select('email').where('role', '=', 'admin').execute();
      expect(admins).toEqual([{ email: 'worker0@example.com' }]);

      process.kill(first?.pid as number, 'SIGKILL');
      await expect.poll(() => listening(server.output()).length, { timeout: 30_000 }).toBe(3);
      expect(logLines(server.output()).find((line) => line.msg === 'worker died; starting another')?.worker_pid).toBe(first?.pid);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    for (const line of listening(server.output())) expect(isAlive(line.pid)).toBe(false);
  });

  it('stops every worker and exits 1 when workers cannot start', async () => {
    const closed = await freePort();
    const result = await runServerToExit({ WORKERS: '2', DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/none`, DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output).toContain('failed to start: a worker exited (code 1) before it listened');
  });
});
