import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { readEvents } from './sseReader.js';

/** A byte stream that hands over each piece in its own read, as a socket would. */
function streamOf(pieces: Uint8Array[]): Readable {
  async function* paced() {
    for (const piece of pieces) {
      yield piece;
      await nextTurn();
    }
  }
  return Readable.from(paced(), { objectMode: false });
}

async function collect(body: Readable, maxEventChars?: number): Promise<{ events: EventSourceMessage[]; batches: number }> {
  const events: EventSourceMessage[] = [];
  let batches = 0;
  for await (const batch of readEvents(body, maxEventChars)) {
    batches += 1;
    events.push(...batch);
  }
  return { events, batches };
}

const simplify = (events: EventSourceMessage[]) => events.map(({ event, data }) => (event ? { event, data } : { data }));

// Multi-byte characters of every UTF-8 length (2, 3 and 4 bytes), comments, a keep-alive, an
// unnamed event, a named one, a multi-line one, CRLF line ends and the [DONE] marker.
const WIRE = [
  ': connected\n\n',
  'data: {"text":"héllo"}\n\n',
  ':\n\n',
  'data: {"text":"世界 👋🏽"}\r\n\r\n',
  'event: error\ndata: {"error":{"message":"überlastet"}}\n\n',
  'data: line one\ndata: line two\n\n',
  'data: [DONE]\n\n',
].join('');
const EXPECTED = [
  { data: '{"text":"héllo"}' },
  { data: '{"text":"世界 👋🏽"}' },
  { event: 'error', data: '{"error":{"message":"überlastet"}}' },
  { data: 'line one\nline two' },
  { data: '[DONE]' },
];

describe('readEvents', () => {
  it('reads events, named and unnamed, multi-line, and drops comments and keep-alives', async () => {
    const { events, batches } = await collect(streamOf([Buffer.from(WIRE)]));
    expect(simplify(events)).toEqual(EXPECTED);
    // One read, one batch: the relay pays for a read, not for each event in it.
    expect(batches).toBe(1);
  });

  it('gives the same events however the bytes are split, multi-byte characters included', async () => {
    const bytes = Buffer.from(WIRE);
    for (let split = 1; split < bytes.length; split++) {
      const { events } = await collect(streamOf([bytes.subarray(0, split), bytes.subarray(split)]));
      expect(simplify(events), `split at byte ${split}`).toEqual(EXPECTED);
    }
  });

  it('gives the same events when every byte comes alone', async () => {
    const bytes = Buffer.from(WIRE);
    const { events } = await collect(streamOf([...bytes].map((byte) => Uint8Array.of(byte))));
    expect(simplify(events)).toEqual(EXPECTED);
  });

  it('reads a 1 MB event whole, however it arrives', async () => {
    const text = 'ä'.repeat(512 * 1024);
    const bytes = Buffer.from(`data: ${JSON.stringify({ text })}\n\n`);
    const pieces: Uint8Array[] = [];
    // 16 KB pieces (a socket's usual read) offset by one byte, so every 2-byte ä is cut somewhere.
    for (let start = 0; start < bytes.length; start += 16 * 1024 + 1) pieces.push(bytes.subarray(start, start + 16 * 1024 + 1));
    const { events } = await collect(streamOf(pieces));
    expect(events).toHaveLength(1);
    expect((JSON.parse(events[0]?.data ?? '{}') as { text: string }).text).toBe(text);
  });

  it('refuses an event longer than the limit with a malformed-response error', async () => {
    const error = await collect(streamOf([Buffer.from(`data: ${'x'.repeat(5000)}`), Buffer.from('\n\n')]), 1000).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ category: 'server', type: 'malformed_response' });
  });

  it('drops an event the stream ends before finishing', async () => {
    const { events } = await collect(streamOf([Buffer.from('data: complete\n\ndata: cut off')]));
    expect(simplify(events)).toEqual([{ data: 'complete' }]);
  });

  it('destroys the stream when the reader stops early', async () => {
    const body = streamOf([Buffer.from('data: one\n\n'), Buffer.from('data: two\n\n'), Buffer.from('data: three\n\n')]);
    for await (const batch of readEvents(body)) {
      expect(batch[0]?.data).toBe('one');
      break;
    }
    expect(body.destroyed).toBe(true);
  });
});
