import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from './errors.js';
import { upstreamFetch } from './upstreamFetch.js';

describe('upstreamFetch', () => {
  let server: http.Server;
  let base: string;
  let closedSockets = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/empty') return void response.writeHead(204).end();
      if (request.url === '/slow') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        request.socket.on('close', () => (closedSockets += 1));
        return;
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        response.writeHead(201, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        response.end(JSON.stringify({ method: request.method, authorization: request.headers.authorization, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // The shared agent keeps its connections alive; close them from this side.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and answers like fetch', async () => {
    const response = await upstreamFetch(`${base}/echo`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(await response.json()).toEqual({ method: 'POST', authorization: 'Bearer k', body: '{"a":1}' });
    expect((await upstreamFetch(`${base}/empty`)).status).toBe(204);
  });

  it('fails with a network error when nothing listens', async () => {
    const free = http.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const error = await upstreamFetch(`http://127.0.0.1:${port}/`).catch((thrown: unknown) => thrown);
    expect(classifyError(error)).toMatchObject({ category: 'network', type: 'ECONNREFUSED' });
  });

  it('closes the upstream socket when the caller aborts mid-stream', async () => {
    const controller = new AbortController();
    const response = await upstreamFetch(`${base}/slow`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await expect.poll(() => closedSockets).toBe(1);
  });
});
