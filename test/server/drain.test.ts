import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer.js';

/** One keep-alive connection, as a proxy's pool holds it: requests written by hand, one at a time. */
class PooledConnection {
  private readonly socket: net.Socket;
  private buffered = '';
  private waiting: (() => void) | undefined;
  readonly closed: Promise<void>;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.waiting?.();
    });
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Sends a request and reads its response (by Content-Length), leaving the connection open. */
  async request(method: string, path: string, body = ''): Promise<{ status: number; headers: Record<string, string> }> {
    this.socket.write(`${method} ${path} HTTP/1.1\r\nhost: lab\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.buffered.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length']);
        if (this.buffered.length >= end + 4 + length) {
          this.buffered = this.buffered.slice(end + 4 + length);
          return { status: Number(statusLine!.split(' ')[1]), headers };
        }
      }
      await new Promise<void>((resolve, reject) => {
        this.waiting = resolve;
        this.socket.once('close', () => reject(new Error(`connection closed before a response to ${method} ${path}`)));
      });
    }
  }

  isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('a stopping server and its idle keep-alive connections', () => {
  let lab: TestServer | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('behind a proxy, leaves them for the proxy, and answers a POST that arrives on one with Connection: close', async () => {
    lab = await startTestServer('pglite', { TRUST_PROXY: 'true' });
    const pooled = new PooledConnection(lab.url);
    expect((await pooled.request('GET', '/healthz')).status).toBe(200);

    const stopping = lab.server.close();
    // nginx may send a request down its pooled connection at any moment until it drops it.
    expect(await settledWithin(stopping, 300)).toBe(false);
    expect(pooled.isClosed()).toBe(false);

    const late = await pooled.request('POST', '/api/auth/login', JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' }));
    expect(late.status).toBe(401);
    expect(late.headers.connection).toBe('close');
    await pooled.closed;
    expect(await settledWithin(stopping, 5_000)).toBe(true);
  });

  it('otherwise, closes them at once', async () => {
    lab = await startTestServer('pglite');
    const pooled = new PooledConnection(lab.url);
    expect((await pooled.request('GET', '/healthz')).status).toBe(200);

    const stopping = lab.server.close();
    expect(await settledWithin(pooled.closed, 2_000)).toBe(true);
    expect(await settledWithin(stopping, 5_000)).toBe(true);
  });
});
