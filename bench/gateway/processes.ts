import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

/** A free loopback port, so a process can be told its port and polled without parsing its logs. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `url` until it answers 200; resolves with the milliseconds since `since`. */
export async function waitFor200(url: string, since: number, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function start(command: string, args: string[], env: Record<string, string>): Child {
  // Its own process group, so stopping `npm start` also stops the server npm started.
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const groupAlive = () => {
    try {
      process.kill(-(child.pid as number), 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    process: child,
    output: () => output,
    async stop() {
      if (!groupAlive()) return;
      signal('SIGTERM');
      const killer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      // `npm start` exits before the server it started has shut down (and released DATA_DIR):
      // the next start must wait for the whole group.
      while (groupAlive()) await new Promise((resolve) => setTimeout(resolve, 20));
      clearTimeout(killer);
    },
  };
}

/** Runs a TypeScript entry point of bench/ in its own process and resolves with the first line it prints. */
export async function startScript(script: string, argument: unknown): Promise<{ child: Child; firstLine: string }> {
  const child = start(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), JSON.stringify(argument)], {});
  const firstLine = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const newline = child.output().indexOf('\n');
      if (newline >= 0) {
        child.process.stdout?.off('data', check);
        resolve(child.output().slice(0, newline));
      }
    };
    child.process.stdout?.on('data', check);
    child.process.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${child.output()}`)));
  });
  return { child, firstLine };
}

/** Runs a script to its end and parses the last line it printed as JSON. */
export async function runScript<T>(script: string, argument: unknown): Promise<T> {
  const child = start(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), JSON.stringify(argument)], {});
  const code = await new Promise<number | null>((resolve) => child.process.once('exit', resolve));
  const lines = child.output().trim().split('\n');
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${lines.slice(-20).join('\n')}`);
  return JSON.parse(lines.at(-1) as string) as T;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

function statCpuMs(file: string): number {
  const fields = fs.readFileSync(file, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the command name; in 1/100 s.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** CPU ms so far of each thread of a process, summed by thread name (main thread, workers, libuv pool). */
export function cpuMsByThread(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const name = fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
    byName.set(name, (byName.get(name) ?? 0) + statCpuMs(`/proc/${pid}/task/${task}/stat`));
  }
  return byName;
}
