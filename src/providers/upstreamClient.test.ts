import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from './errors.js';
import { httpError, readText, upstreamRequest } from './upstreamClient.js';

const GROQ_RATE_LIMIT = { error: { message: 'Rate limit reached for model `llama-3.3-70b-versatile` on tokens per minute (TPM)', type: 'tokens', code: 'rate_limit_exceeded' } };

describe('upstreamRequest', () => {
  let server: http.Server;
  let base: string;
  let closedSockets = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/slow') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        request.socket.on('close', () => (closedSockets += 1));
        return;
      }
      if (request.url === '/limited') {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7', 'x-ratelimit-reset-tokens': '7.66s', 'x-multi': ['a', 'b'] });
        return void response.end(JSON.stringify(GROQ_RATE_LIMIT));
      }
      if (request.url === '/huge') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        return void response.end('e'.repeat(1024 * 1024));
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ method: request.method, authorization: request.headers.authorization, type: request.headers['content-type'], body }));
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

  const signal = () => new AbortController().signal;

  it('sends the method, the key as a bearer token and a JSON body', async () => {
    const response = await upstreamRequest(`${base}/echo`, { method: 'POST', apiKey: 'k', body: '{"a":1}', signal: signal() });
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(await readText(response.body))).toEqual({ method: 'POST', authorization: 'Bearer k', type: 'application/json', body: '{"a":1}' });
    const get = await upstreamRequest(`${base}/echo`, { method: 'GET', apiKey: undefined, signal: signal() });
    expect(JSON.parse(await readText(get.body))).toEqual({ method: 'GET', body: '' });
  });

  it('reports a non-2xx answer with its status, headers and body, so it is classified as before', async () => {
    const url = `${base}/limited`;
    const error = await httpError(url, await upstreamRequest(url, { method: 'POST', apiKey: 'k', body: '{}', signal: signal() }));
    expect(error).toMatchObject({ statusCode: 429, url, responseBody: JSON.stringify(GROQ_RATE_LIMIT) });
    expect(error.responseHeaders).toMatchObject({ 'retry-after': '7', 'x-multi': 'a, b' });
    const classified = classifyError(error);
    expect(classified).toMatchObject({ category: 'rate_limit', type: 'http_429', retryAfterMs: 7000 });
    expect(classified.message).toContain('Rate limit reached');
  });

  it('reads no more of an error body than it needs', async () => {
    const url = `${base}/huge`;
    const error = await httpError(url, await upstreamRequest(url, { method: 'POST', apiKey: undefined, body: '{}', signal: signal() }));
    expect(error.responseBody).toHaveLength(64 * 1024);
    expect(classifyError(error)).toMatchObject({ category: 'server', type: 'http_500' });
  });

  it('fails with a network error when nothing listens', async () => {
    const free = http.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const error = await upstreamRequest(`http://127.0.0.1:${port}/`, { method: 'GET', apiKey: undefined, signal: signal() }).catch((thrown: unknown) => thrown);
    expect(classifyError(error)).toMatchObject({ category: 'network', type: 'ECONNREFUSED' });
  });

  it('closes the upstream socket when the caller aborts mid-stream', async () => {
    const controller = new AbortController();
    const response = await upstreamRequest(`${base}/slow`, { method: 'GET', apiKey: undefined, signal: controller.signal });
    const chunks = response.body[Symbol.asyncIterator]();
    expect(String((await chunks.next()).value)).toBe('data: first\n\n');
    controller.abort();
    await expect(chunks.next()).rejects.toThrow();
    await expect.poll(() => closedSockets).toBe(1);
  });
});
