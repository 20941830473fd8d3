import type { EventSourceMessage } from 'eventsource-parser';
import type { TokenUsage } from './adapter.js';
import { ProviderError } from './errors.js';

interface UsageFields {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

interface CompletionChunk {
  error?: unknown;
  choices?: Array<{ delta?: { content?: unknown; refusal?: unknown } | null; finish_reason?: unknown } | undefined>;
  usage?: UsageFields | null;
  /** Groq reports usage here. */
  x_groq?: { usage?: UsageFields | null } | null;
}

const count = (value: unknown) => (typeof value === 'number' ? value : 0);

/** `content` is a string, or (some servers) an array of parts of which the text ones count. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as Array<{ type?: unknown; text?: unknown }>) {
    if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}

function streamError(error: unknown): ProviderError {
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : typeof error === 'string' ? error : JSON.stringify(error);
  return new ProviderError('server', 'stream_error', `The provider reported an error mid-stream: ${message.slice(0, 300)}`, { cause: error });
}

/**
 * Reads an OpenAI-compatible chat-completions event stream, one event at a time, for the only
 * things the lab uses: the text, whether the answer finished, and the token usage (OpenAI's
 * `usage` chunk or Groq's `x_groq.usage`). Nothing else is validated, so nothing else costs.
 */
export class CompletionReader {
  private finished = false;
  private usage: TokenUsage | undefined;

  /** The text an event adds ('' for none); throws on an error event or one that is not JSON. */
  read(event: EventSourceMessage): string {
    if (event.data === '[DONE]') {
      this.finished = true;
      return '';
    }
    let chunk: CompletionChunk;
    try {
      chunk = JSON.parse(event.data) as CompletionChunk;
    } catch (error) {
      // An `event: error` may carry plain text.
      if (event.event === 'error') throw streamError(event.data);
      throw new ProviderError('server', 'malformed_response', `The provider sent an unreadable response: ${(error as Error).message.slice(0, 200)}`, { cause: error });
    }
    if (event.event === 'error') throw streamError(chunk?.error ?? chunk);
    if (chunk === null || typeof chunk !== 'object') throw new ProviderError('server', 'malformed_response', 'The provider sent an event that is not a chat completion chunk');
    if (chunk.error !== undefined && chunk.error !== null) throw streamError(chunk.error);
    const usage = chunk.usage ?? chunk.x_groq?.usage;
    if (usage) this.usage = { inputTokens: count(usage.prompt_tokens), outputTokens: count(usage.completion_tokens) };
    const choice = chunk.choices?.[0];
    if (!choice) return '';
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) this.finished = true;
    const delta = choice.delta;
    if (!delta) return '';
    const text = contentText(delta.content);
    return typeof delta.refusal === 'string' ? text + delta.refusal : text;
  }

  /**
   * The usage at the end of the stream. A stream that ends with neither a finish reason nor
   * `[DONE]` was cut short, which is the upstream's failure, not a complete answer.
   */
  end(): TokenUsage {
    if (!this.finished) throw new ProviderError('server', 'malformed_response', 'The provider’s stream ended before the answer finished');
    return this.usage ?? { inputTokens: undefined, outputTokens: undefined };
  }
}
