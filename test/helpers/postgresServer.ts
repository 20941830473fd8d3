import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL server for the test run: initdb into a temp dir, listening on a free
 * loopback port with its socket in the same dir, torn down after. Runs as the `postgres` user
 * when the tests run as root (PostgreSQL refuses to run as root).
 */
export interface PostgresServer {
  port: number;
  /** Connection URL for one database on this server (superuser `postgres`, trust auth). */
  url(database?: string): string;
  stop(): void;
}

export function findPostgresBinary(name: 'initdb' | 'pg_ctl'): string | undefined {
  const fromPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return fromPath;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((version) => fs.existsSync(path.join(base, version, 'bin', name)))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin', name) : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const initdb = findPostgresBinary('initdb');
  const pgCtl = findPostgresBinary('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new Error('PostgreSQL binaries not found: run `apt-get update && apt-get install -y postgresql` (npm test does this when run as root)');
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(root, uid, gid);
  }
  const run = (command: string, args: string[]) => {
    const argv = asRoot ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
    const result = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${path.basename(command)} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };

  run(initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=300',
    // Durability buys nothing for a database that is deleted after the run.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  run(pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(root, 'server.log'), '-o', options]);

  let stopped = false;
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(pgCtl, ['stop', '-m', 'immediate', '-w', '-D', dataDir]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
