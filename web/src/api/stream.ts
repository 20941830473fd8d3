import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ApiError, call, client } from './client';
import type { ChatEvent, NewComparison, NewMessage, Regenerate } from './openapi';

/** Starts a chat request and hands back its event stream; refusals before it starts throw ApiError. */
export type OpenStream = (signal: AbortSignal) => Promise<Response['body']>;

const CHAT_EVENTS = new Set<string>(['meta', 'delta', 'done', 'error', 'end'] satisfies ChatEvent['event'][]);
const asEvents = { headers: { accept: 'text/event-stream' }, parseAs: 'stream' } as const;

/** The chat routes, asked for server-sent events (EventSource cannot POST, so fetch reads them). */
export const chatStreams = {
  comparison:
    (body: NewComparison): OpenStream =>
    (signal) =>
      call(client.POST('/api/comparisons', { body, signal, ...asEvents })),
  message:
    (threadId: string, body: NewMessage): OpenStream =>
    (signal) =>
      call(client.POST('/api/threads/{id}/messages', { params: { path: { id: threadId } }, body, signal, ...asEvents })),
  regenerate:
    (comparisonId: string, body: Regenerate): OpenStream =>
    (signal) =>
      call(client.POST('/api/comparisons/{id}/regenerate', { params: { path: { id: comparisonId } }, body, signal, ...asEvents })),
};

/** Opens the stream and hands each chat event to `onEvent` until the server ends it. */
export async function readChatEvents(open: OpenStream, onEvent: (event: ChatEvent) => void, signal: AbortSignal): Promise<void> {
  const body = await open(signal);
  if (!body) throw new ApiError(0, 'network', 'The server sent no answer. Try again.');
  const reader = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value.event && CHAT_EVENTS.has(value.event)) onEvent({ event: value.event, data: JSON.parse(value.data) } as ChatEvent);
  }
}
