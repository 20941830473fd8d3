import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { saveProcessOutput } from '../helpers/testLogger.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (dist/cli.js, built by globalSetup) as a child process with only the
 * given environment, writing `stdin` to it. Its output joins the run's logs, which the audit
 * test searches for leaked keys.
 */
export async function runCli(args: string[], env: Record<string, string>, stdin = '', timeoutMs = 60_000): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/cli.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  saveProcessOutput('cli', `${stdout}${stderr}`);
  return { code, stdout, stderr };
}
