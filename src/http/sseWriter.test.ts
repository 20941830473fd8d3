import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from './sseWriter.js';

/**
 * A real HTTP server whose handler drives an SseWriter, read by a raw TCP client, so the test
 * sees the chunked encoding: one HTTP chunk per write the server made.
 */
let server: http.Server | undefined;

async function serve(handler: (writer: SseWriter, response: http.ServerResponse) => Promise<void>): Promise<number> {
  server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    void handler(new SseWriter(response), response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Promise.withResolvers, which Node 20 lacks. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

function connect(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.write('GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
  return socket;
}

/** The body's HTTP chunks, as text, in order (the final empty chunk left out). */
async function chunksOf(socket: net.Socket): Promise<string[]> {
  const parts: Buffer[] = [];
  for await (const part of socket) parts.push(part as Buffer);
  const raw = Buffer.concat(parts);
  let offset = raw.indexOf('\r\n\r\n') + 4;
  const chunks: string[] = [];
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString(), 16);
    if (size === 0) return chunks;
    chunks.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size).toString());
    offset = lineEnd + 2 + size + 2;
  }
}

describe('SseWriter', () => {
  it('sends the frames queued in one turn of the event loop in one write, and later ones in the next', async () => {
    const port = await serve(async (writer) => {
      await Promise.all([writer.send('meta', '{"id":1}'), writer.send('delta', '{"text":"a"}'), writer.send('delta', '{"text":"b"}')]);
      await nextTurn();
      await writer.send('done', '{}');
      await nextTurn();
      writer.send('end', '{}');
      writer.end();
    });
    expect(await chunksOf(connect(port))).toEqual([
      'event: meta\ndata: {"id":1}\n\nevent: delta\ndata: {"text":"a"}\n\nevent: delta\ndata: {"text":"b"}\n\n',
      'event: done\ndata: {}\n\n',
      // What is queued when the stream ends leaves with the end.
      'event: end\ndata: {}\n\n',
    ]);
  });

  it('sends text with line breaks as one data line per line, and refuses a line break in an event name', async () => {
    let refused: unknown;
    const port = await serve(async (writer) => {
      refused = await Promise.resolve()
        .then(() => writer.send('bad\nname', 'x'))
        .catch((error: unknown) => error);
      await writer.send('note', 'one\ntwo\r\nthree');
      writer.end();
    });
    expect((await chunksOf(connect(port))).join('')).toBe('event: note\ndata: one\ndata: two\ndata: three\n\n');
    expect(refused).toBeInstanceOf(Error);
  });

  it('makes the sender wait while the client does not read, and lets it go on when it does', async () => {
    let waiting: Promise<void> | undefined;
    let released = false;
    const filled = deferred<void>();
    const frame = 'x'.repeat(256 * 1024);
    const port = await serve(async (writer, response) => {
      // Fill the socket and the kernel's buffers until Node asks for a drain (bounded, in case it never does).
      for (let sent = 0; !response.writableNeedDrain && sent < 1024; sent++) {
        await writer.send('fill', frame);
        await nextTurn();
      }
      waiting = writer.send('after', '{}').then(() => {
        released = true;
      });
      filled.resolve();
      await waiting;
      writer.end();
    });
    const socket = connect(port);
    socket.pause();
    await filled.promise;
    await nextTurn();
    expect(released).toBe(false);
    const chunks = await chunksOf(socket);
    await waiting;
    expect(released).toBe(true);
    expect(chunks.at(-1)).toBe('event: after\ndata: {}\n\n');
  });

  it('aborts its signal when the client goes away first, and ignores what is sent afterwards', async () => {
    const aborted = deferred<boolean>();
    const port = await serve(async (writer) => {
      await writer.send('meta', '{}');
      writer.signal.addEventListener('abort', () => {
        void writer.send('late', '{}').then(() => aborted.resolve(writer.signal.aborted));
      });
    });
    const socket = connect(port);
    socket.once('data', () => socket.destroy());
    expect(await aborted.promise).toBe(true);
  });

  it('does not abort when the stream ends normally', async () => {
    let signal: AbortSignal | undefined;
    const port = await serve(async (writer) => {
      signal = writer.signal;
      await writer.send('end', '{}');
      writer.end();
    });
    await chunksOf(connect(port));
    expect(signal?.aborted).toBe(false);
  });
});
