import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/limits.js';
import { startTestServer, type TestServer } from '../helpers/testServer.js';

/** A POST whose body is sent in chunks, without Content-Length, as a streaming client would. */
function postChunked(url: string, parts: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    for (const part of parts) request.write(part);
    request.end();
  });
}

describe('request body limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('decides by Content-Length when there is one, and counts a chunked body as it arrives', async () => {
    const login = JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password' });
    // Under the limit, chunked: read and validated like any other body (unknown account: 401).
    const small = await postChunked(`${server.url}/api/auth/login`, [login.slice(0, 10), login.slice(10)]);
    expect(small.status).toBe(401);
    // Over the limit, chunked: 413 with the JSON envelope.
    const padding = 'x'.repeat(64 * 1024);
    const big = await postChunked(`${server.url}/api/auth/login`, ['{"email":"a@b.co","password":"', ...Array(Math.ceil(MAX_BODY_BYTES / padding.length) + 1).fill(padding), '"}']);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    // With Content-Length, the header alone decides.
    const declared = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'y'.repeat(MAX_BODY_BYTES + 1) });
    expect(declared.status).toBe(413);
  });
});
