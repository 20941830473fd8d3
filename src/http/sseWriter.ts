import type http from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import type { AppEnv } from './context.js';

/** Queues one event; the promise settles when the client can take more (at once, unless it reads slowly). */
export type SendEvent = (event: string, data: string) => Promise<void>;
/** The work behind an event stream; `signal` aborts when the client goes away before the end. */
export type EventStreamRun = (send: SendEvent, signal: AbortSignal) => Promise<unknown>;

const READY = Promise.resolve();

function frame(event: string, data: string): string {
  if (/[\r\n]/.test(event)) throw new Error(`an SSE event name cannot hold a line break: ${JSON.stringify(event)}`);
  // JSON never holds a raw line break; other text is sent as one data line per line.
  const lines = data.includes('\n') || data.includes('\r') ? data.split(/\r\n|\r|\n/).join('\ndata: ') : data;
  return `event: ${event}\ndata: ${lines}\n\n`;
}

/**
 * Server-sent events written straight to Node's response. The frames one response gets in the
 * same turn of the event loop (both sides' deltas, a delta and its `done`, the backlog of a busy
 * loop) leave in one write: a socket write costs far more than the bytes in it. A client that
 * reads slowly makes `send` wait for `drain`, which stops reading the upstream, rather than
 * buffering without bound.
 */
export class SseWriter {
  private pending = '';
  private scheduled = false;
  private ended = false;
  private drained: Promise<void> | undefined;
  private readonly controller = new AbortController();

  constructor(private readonly response: http.ServerResponse) {
    response.once('close', () => {
      this.ended = true;
      if (!response.writableFinished) this.controller.abort();
    });
  }

  /** Aborts when the client goes away before the stream ends. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  readonly send: SendEvent = (event, data) => {
    if (this.ended) return READY;
    this.pending += frame(event, data);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    return this.drained ?? READY;
  };

  /** Sends what is queued and ends the response. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.response.end(this.pending);
    this.pending = '';
  }

  private readonly flush = () => {
    this.scheduled = false;
    if (this.ended || this.pending === '') return;
    const writable = this.response.write(this.pending);
    this.pending = '';
    if (!writable && !this.drained) {
      this.drained = new Promise((resolve) => {
        const done = () => {
          this.response.off('drain', done).off('close', done);
          this.drained = undefined;
          resolve();
        };
        this.response.once('drain', done).once('close', done);
      });
    }
  };
}

/**
 * Answers the request with an event stream fed by `run`. The stream starts once every
 * middleware has added its headers (see `eventStreams`), and no web stream sits between the
 * relay and the socket.
 */
export function eventStream(c: Context<AppEnv>, run: EventStreamRun): Response {
  c.set('eventStream', run);
  // Through the context, so headers middleware set before the route (the request id) are kept.
  return c.body(null, 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

/**
 * The outermost middleware: after the rest of the app has answered, writes the status and
 * headers it settled on (security headers, request id, CORS) to Node's response and starts the
 * event stream a route asked for. The app then answers @hono/node-server's RESPONSE_ALREADY_SENT,
 * which tells it to leave the response alone. Unexpected failures of the run are logged and end
 * the stream.
 */
export function eventStreams(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const run = c.get('eventStream');
    // An error after the route (a later middleware throwing) answers instead of the stream.
    if (!run || c.error) return;
    const response = (c.env as HttpBindings).outgoing as http.ServerResponse;
    const headers: Record<string, string> = {};
    c.res.headers.forEach((value, name) => (headers[name] = value));
    response.writeHead(c.res.status, headers);
    // Cleared first, or Hono would copy the headers above onto a new Response that node-server sends.
    c.res = undefined;
    c.res = RESPONSE_ALREADY_SENT;
    const writer = new SseWriter(response);
    void run(writer.send, writer.signal)
      .catch((error: unknown) => logger.error({ err: error, req_id: c.get('requestId') }, 'event stream failed'))
      .finally(() => writer.end());
  };
}
