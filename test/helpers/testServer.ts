import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './testDatabase.js';
import { testLogger } from './testLogger.js';

export interface TestServer {
  url: string;
  database: TestDatabase;
  server: RunningServer;
  close(): Promise<void>;
}

/** The real server (HTTP stack included) in-process, on a fresh database of the given kind. */
export async function startTestServer(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-test-'));
  const database = await createTestDatabase(kind, { migrated: true });
  // Test files sign up and log in many users from one loopback address; the limits on that have tests of their own.
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, SIGNUP_MAX_PER_IP: '10000', LOGIN_MAX_ATTEMPTS_PER_IP: '10000', ...env });
  const server = await startServer(config, testLogger(`server-${kind}`), { database: database.handle });
  return {
    url: server.url,
    database,
    server,
    async close() {
      await server.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small JSON client for the API; `body` is the parsed JSON (or text when not JSON). */
export function apiClient(baseUrl: string) {
  return async function request<T = Record<string, unknown>>(
    method: string,
    route: string,
    options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers,
      body: options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, headers: response.headers, body: body as T };
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
