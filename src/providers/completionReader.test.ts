import { describe, expect, it } from 'vitest';
import { CompletionReader } from './completionReader.js';
import { ProviderError } from './errors.js';

const chunk = (fields: Record<string, unknown>) => ({ data: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', ...fields }) });
const delta = (content: unknown, finish: string | null = null) => chunk({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

function thrown(run: () => unknown): ProviderError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('CompletionReader', () => {
  it('reads text, the finish and OpenAI usage chunk', () => {
    const reader = new CompletionReader();
    expect(reader.read(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] }))).toBe('Hel');
    expect(reader.read(delta('lo ✓'))).toBe('lo ✓');
    expect(reader.read(delta(null, 'stop'))).toBe('');
    expect(reader.read(chunk({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }))).toBe('');
    expect(reader.read({ data: '[DONE]' })).toBe('');
    expect(reader.end()).toEqual({ inputTokens: 12, outputTokens: 3 });
  });

  it("reads Groq's usage from x_groq", () => {
    const reader = new CompletionReader();
    reader.read(delta('Hi'));
    reader.read(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_1', usage: { prompt_tokens: 7, completion_tokens: 1, queue_time: 0.01 } } }));
    expect(reader.end()).toEqual({ inputTokens: 7, outputTokens: 1 });
  });

  it('reports unknown usage when the upstream sent none', () => {
    const reader = new CompletionReader();
    reader.read(delta('Hi', 'stop'));
    expect(reader.end()).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });

  it('takes text parts of array content and refusals as text, and ignores reasoning', () => {
    const reader = new CompletionReader();
    expect(reader.read(delta([{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }]))).toBe('ab');
    expect(reader.read(chunk({ choices: [{ index: 0, delta: { refusal: 'I cannot help with that.' } }] }))).toBe('I cannot help with that.');
    expect(reader.read(chunk({ choices: [{ index: 0, delta: { reasoning_content: 'thinking…' } }] }))).toBe('');
  });

  it('accepts [DONE] without a finish reason as the end', () => {
    const reader = new CompletionReader();
    reader.read(delta('Hi'));
    reader.read({ data: '[DONE]' });
    expect(() => reader.end()).not.toThrow();
  });

  it('calls a stream that stops without finishing malformed', () => {
    const reader = new CompletionReader();
    reader.read(delta('Hi'));
    expect(thrown(() => reader.end())).toMatchObject({ category: 'server', type: 'malformed_response' });
  });

  it("turns an error chunk (Groq's and OpenAI's error body, mid-stream) into a server stream_error", () => {
    const reader = new CompletionReader();
    const error = thrown(() => reader.read({ data: JSON.stringify({ error: { message: 'Service Unavailable', type: 'internal_server_error' } }) }));
    expect(error).toMatchObject({ category: 'server', type: 'stream_error' });
    expect(error.message).toContain('Service Unavailable');
  });

  it('turns an `event: error` into a stream_error, JSON or plain text', () => {
    const reader = new CompletionReader();
    expect(thrown(() => reader.read({ event: 'error', data: '{"error":{"message":"overloaded"}}' })).message).toContain('overloaded');
    expect(thrown(() => reader.read({ event: 'error', data: 'upstream went away' })).message).toContain('upstream went away');
  });

  it('calls a line that is not JSON, or not an object, malformed', () => {
    const reader = new CompletionReader();
    expect(thrown(() => reader.read({ data: '{"id": "broken", "choices": [{"delta": {"content": ' }))).toMatchObject({ category: 'server', type: 'malformed_response' });
    expect(thrown(() => reader.read({ data: '42' }))).toMatchObject({ category: 'server', type: 'malformed_response' });
  });
});
