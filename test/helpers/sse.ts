import { EventSourceParserStream } from 'eventsource-parser/stream';

export interface ReceivedEvent {
  event: string;
  data: Record<string, unknown>;
  /** Milliseconds since reading started. */
  at: number;
  /** The raw text of the data line, to check byte for byte. */
  raw: string;
}

/** Reads a text/event-stream response to its end (or until `stopAfter` says so). */
export async function readEvents(response: Response, stopAfter?: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent[]> {
  if (!response.body) throw new Error('no body');
  const started = performance.now();
  const events: ReceivedEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const event = { event: value.event ?? 'message', data: JSON.parse(value.data) as Record<string, unknown>, at: performance.now() - started, raw: value.data };
    events.push(event);
    if (stopAfter?.(event)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}
