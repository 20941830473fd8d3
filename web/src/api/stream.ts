import { EventSourceParserStream } from 'eventsource-parser/stream';
import { authHeaders, errorFrom } from './client';
import type { ChatEvent } from './types';

const CHAT_EVENTS = new Set<ChatEvent['event']>(['meta', 'delta', 'done', 'error', 'end']);

/**
 * POSTs to a chat route with `Accept: text/event-stream` and hands each event to `onEvent`.
 * EventSource cannot POST, so the body is read with fetch; refusals before the stream starts
 * arrive as JSON and are thrown as ApiError.
 */
export async function postForEvents(path: string, body: unknown, onEvent: (event: ChatEvent) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders() },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) throw await errorFrom(response);
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const name = value.event as ChatEvent['event'] | undefined;
    if (name && CHAT_EVENTS.has(name)) onEvent({ event: name, data: JSON.parse(value.data) } as ChatEvent);
  }
}
