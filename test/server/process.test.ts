import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerToExit, startServerProcess } from '../helpers/serverProcess.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-process-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it('stops with exit code 2 and one line naming a bad variable', async () => {
    const result = await runServerToExit({ PORT: 'abc', DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.output.trim().split('\n')).toEqual(['Invalid configuration: PORT must be a number (got "abc")']);
  });

  it('names a malformed DATABASE_URL the same way', async () => {
    const result = await runServerToExit({ DATABASE_URL: 'mysql://nope', DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.output).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  it('starts on the embedded database, serves health, the API and the web app, and stops cleanly', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ok' });

      const unknown = await fetch(`${server.url}/api/no-such-route`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/no-such-route' } });

      const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(openapi.paths['/readyz']).toBeDefined();

      for (const page of ['/', '/arena/some/client/route']) {
        const response = await fetch(`${server.url}${page}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/html');
        expect(await response.text()).toContain('<div id="root"></div>');
      }
      expect((await fetch(`${server.url}/`)).headers.get('x-content-type-options')).toBe('nosniff');
      expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(true);

      const second = await runServerToExit({ DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.output).toContain(`data directory in use: ${dataDir}`);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.output()).toContain('"msg":"request"');
    expect(fs.existsSync(path.join(dataDir, 'dualmind.pid'))).toBe(false);
  });

  it('starts again on the same data directory after a clean stop and after a kill -9', async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir });
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await first.stop('SIGKILL');

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      // The restart found its migrations already applied.
      expect(second.output()).not.toContain('migration applied');
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });
});
