import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ProviderError } from './errors.js';

/**
 * The largest event an upstream may send, in characters: far above any chat chunk (a whole
 * answer in one event included), and a bound on what a broken or hostile upstream can make
 * the server buffer.
 */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/**
 * The server-sent events of a Node stream, a batch per network read (one read often holds
 * several events, and one event may span many reads). The bytes are decoded as UTF-8 with a
 * decoder that keeps a character split across reads whole (undici's body ignores setEncoding). Comments and keep-alive
 * lines are dropped, as is an event the stream ends before finishing (the SSE spec's rule).
 * Stopping early (break, return) destroys the stream.
 */
export async function* readEvents(body: Readable, maxEventChars = MAX_EVENT_CHARS): AsyncGenerator<EventSourceMessage[]> {
  let batch: EventSourceMessage[] = [];
  let overflow = false;
  const parser = createParser({
    onEvent: (event) => batch.push(event),
    // Unknown fields and bad `retry` values are ignored, as the spec says; only size is fatal.
    onError: (error) => (overflow ||= error.type === 'max-buffer-size-exceeded'),
    maxBufferSize: maxEventChars,
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of body) {
    parser.feed(decoder.write(chunk as Buffer));
    if (overflow) throw new ProviderError('server', 'malformed_response', `The provider sent an event longer than ${maxEventChars} characters`);
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
  }
}
