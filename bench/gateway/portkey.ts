import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, start, waitFor200, type Child } from './processes.js';

/**
 * The peer: Portkey's open-source AI gateway (npm `@portkey-ai/gateway`), a Hono app on Node like
 * the lab, which relays OpenAI-style calls and stores nothing. It is installed by the benchmark
 * into a temporary folder (never a dependency of the project), kept there between runs, and
 * called exactly as the lab's upstream is: provider `openai` at a custom host, the fake upstream.
 */
export const PORTKEY_VERSION = '1.15.2';

export interface Peer {
  child: Child;
  url: string;
  /** Headers that route a call through the peer to `baseURL`, with its key. */
  headers(baseURL: string, apiKey: string): Record<string, string>;
}

function install(): string {
  const folder = path.join(os.tmpdir(), `dualmind-bench-portkey-${PORTKEY_VERSION}`);
  const entry = path.join(folder, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!fs.existsSync(entry)) {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'dualmind-bench-peer', private: true }));
    // Its only install script applies patches it does not ship.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', `@portkey-ai/gateway@${PORTKEY_VERSION}`], { cwd: folder, stdio: 'ignore' });
  }
  return entry;
}

export async function startPortkey(): Promise<Peer> {
  const entry = install();
  const port = await freePort();
  // Production mode and headless: no log UI, no console spinner.
  const child = start(process.execPath, [entry, `--port=${port}`, '--headless'], { NODE_ENV: 'production' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${url}/`, performance.now());
  } catch (error) {
    await child.stop();
    throw new Error(`Portkey did not start: ${(error as Error).message}\n${child.output()}`);
  }
  return {
    child,
    url,
    headers: (baseURL, apiKey) => ({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': baseURL, authorization: `Bearer ${apiKey}` }),
  };
}
