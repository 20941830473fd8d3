import fs from 'node:fs';
import path from 'node:path';
import { readOrCreateSecret, replaceSecret } from '../secrets.js';

/**
 * How a local tool reaches a server that holds the embedded database. PGlite serves one process
 * (DATA_DIR is locked to it), and its socket interleaves the messages of concurrent clients, so
 * a second process must not open it. Instead the server publishes its address in DATA_DIR, and
 * routes for local tools accept the token in DATA_DIR/local-api-token: whoever can read the data
 * directory (and so the database files themselves) can use them, nobody else.
 */
const ADDRESS_FILE = 'local-api.json';
const TOKEN_FILE = 'local-api-token';

function tokenFile(dataDir: string): string {
  return path.join(dataDir, TOKEN_FILE);
}

/** The token, or undefined while no server has published one (nothing is created here). */
export function publishedToken(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(tokenFile(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** `http://0.0.0.0:3000` is where the server listens; a client connects to loopback. */
function loopback(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.origin;
}

/** Written when the server listens; returns the function that removes it again. */
export function publishLocalApi(dataDir: string, url: string): () => void {
  readOrCreateSecret(dataDir, TOKEN_FILE);
  replaceSecret(dataDir, ADDRESS_FILE, JSON.stringify({ url: loopback(url), pid: process.pid }));
  return () => {
    try {
      const published = JSON.parse(fs.readFileSync(path.join(dataDir, ADDRESS_FILE), 'utf8')) as { pid?: number };
      if (published.pid === process.pid) fs.rmSync(path.join(dataDir, ADDRESS_FILE), { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The running server's address and the token, or undefined when no server published one. */
export function readLocalApi(dataDir: string): { url: string; token: string } | undefined {
  try {
    const { url } = JSON.parse(fs.readFileSync(path.join(dataDir, ADDRESS_FILE), 'utf8')) as { url: string };
    return { url, token: fs.readFileSync(tokenFile(dataDir), 'utf8').trim() };
  } catch {
    return undefined;
  }
}

export const LOCAL_TOKEN_HEADER = 'x-dualmind-local-token';
