import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort } from '../helpers/postgresServer.js';

/** Debian's nginx package; `npm test`'s pretest step installs it when missing. */
export const NGINX_BINARY = '/usr/sbin/nginx';
export const SITE_TEMPLATE = path.join(PROJECT_ROOT, 'deploy/nginx.conf');
export const DEPLOY_GUIDE = path.join(PROJECT_ROOT, 'docs/deploy.md');

/** An nginx configuration without its comments and blank lines, each line trimmed. */
export function configLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The ```nginx block of docs/deploy.md. */
export function documentedSite(guide: string): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(guide)?.[1];
  if (block === undefined) throw new Error('docs/deploy.md has no ```nginx block');
  return block;
}

/** One line of the access log (the JSON format defined below). */
export interface AccessEntry {
  /** Epoch milliseconds when the request ended. */
  endedAt: number;
  /** Epoch milliseconds when it started. */
  startedAt: number;
  /** The client's `x-test-request` header. */
  id: string;
  method: string;
  uri: string;
  status: number;
  /** Each instance tried, in order, with what it answered (`502` for a failed connection). */
  attempts: Array<{ address: string; status: string }>;
}

export interface Nginx {
  url: string;
  accessLog(): AccessEntry[];
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with the instances' ports and a loopback listen port, nothing else changed.
 * Fails loudly if the file no longer has the lines it rewrites, so the test cannot drift away
 * from the documented configuration.
 */
export function renderSite(template: string, listenPort: number, upstreamPorts: number[]): string {
  const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;$/gm;
  const servers = template.match(serverLine) ?? [];
  if (servers.length !== upstreamPorts.length) {
    throw new Error(`deploy/nginx.conf has ${servers.length} upstream server lines, the test runs ${upstreamPorts.length} instances`);
  }
  let index = 0;
  const withServers = template.replace(serverLine, (_line, indent: string, parameters: string | undefined) => `${indent}server 127.0.0.1:${upstreamPorts[index++]}${parameters ?? ''};`);
  const listen = /^(\s*)listen 80;$/m;
  if (!listen.test(withServers)) throw new Error('deploy/nginx.conf has no `listen 80;` line');
  return withServers.replace(listen, (_line, indent: string) => `${indent}listen 127.0.0.1:${listenPort};`);
}

/** The main context around the site: everything nginx writes goes into `dir`. */
function mainConfig(dir: string, site: string): string {
  const temp = (name: string) => path.join(dir, name);
  return `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} info;
events { worker_connections 1024; }
http {
    client_body_temp_path ${temp('client_body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    log_format cluster escape=json '{"msec":"$msec","request_time":"$request_time","id":"$http_x_test_request","method":"$request_method","uri":"$request_uri","status":"$status","upstream_addr":"$upstream_addr","upstream_status":"$upstream_status"}';
    access_log ${temp('access.log')} cluster;
    include ${site};
}
`;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with ${child.exitCode}:\n${output()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port} within ${timeoutMs} ms:\n${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function parseAccessLine(line: string): AccessEntry {
  const raw = JSON.parse(line) as Record<string, string>;
  const endedAt = Math.round(Number(raw.msec) * 1000);
  const addresses = (raw.upstream_addr ?? '').split(', ').filter((value) => value !== '');
  const statuses = (raw.upstream_status ?? '').split(', ');
  return {
    endedAt,
    startedAt: endedAt - Math.round(Number(raw.request_time) * 1000),
    id: raw.id ?? '',
    method: raw.method ?? '',
    uri: raw.uri ?? '',
    status: Number(raw.status),
    attempts: addresses.map((address, index) => ({ address, status: statuses[index] ?? '' })),
  };
}

/** nginx in the foreground, unprivileged-style: its own prefix, pid, logs and temp paths in a temp dir. */
export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  if (!fs.existsSync(NGINX_BINARY)) {
    throw new Error(`${NGINX_BINARY} not found: run \`apt-get update && apt-get install -y --no-install-recommends nginx\` (npm test does this when run as root)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-nginx-'));
  // Run as root, nginx's workers become `nobody`: they must be able to reach the temp paths.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const site = path.join(dir, 'dualmind.conf');
  fs.writeFileSync(site, renderSite(fs.readFileSync(SITE_TEMPLATE, 'utf8'), port, upstreamPorts));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, mainConfig(dir, site));

  const args = ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf];
  const check = spawnSync(NGINX_BINARY, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}${check.stdout}`);

  const child = spawn(NGINX_BINARY, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child, 10_000, () => output);

  const read = (name: string) => {
    const file = path.join(dir, name);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  };
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog: () => read('access.log').split('\n').filter((line) => line !== '').map(parseAccessLine),
    errorLog: () => read('error.log'),
    async stop() {
      if (child.exitCode === null) {
        // SIGQUIT: graceful (finish open requests, then exit); SIGKILL if that takes too long.
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
