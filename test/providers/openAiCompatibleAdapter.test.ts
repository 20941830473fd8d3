import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChunk, ProviderAdapter } from '../../src/providers/adapter.js';
import { classifyError } from '../../src/providers/errors.js';
import { openAiCompatibleAdapter } from '../../src/providers/openAiCompatibleAdapter.js';
import { behaviours, DEFAULT_CHUNKS, FakeUpstream } from '../helpers/fakeUpstream.js';

/**
 * The OpenAI-compatible adapter against the fake upstream over real HTTP: text as sent, usage
 * in both shapes, and every way an upstream fails, classified as the key pool expects.
 */
async function drain(adapter: ProviderAdapter, baseURL: string, apiKey: string, signal = new AbortController().signal) {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of adapter.streamChat({ model: 'llama-3.3-70b-versatile', baseURL, apiKey, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], signal })) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error: classifyError(error) };
  }
}
const textOf = (chunks: ChatChunk[]) => chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join('');

describe('openAiCompatibleAdapter', () => {
  let groqUpstream: FakeUpstream;
  let openAiUpstream: FakeUpstream;
  const groq = openAiCompatibleAdapter({ name: 'groq', label: 'Groq', defaultBaseURL: undefined, requiresKey: true, flavour: 'groq' });
  const generic = openAiCompatibleAdapter({ name: 'local', label: 'local', defaultBaseURL: undefined, requiresKey: false });

  beforeAll(async () => {
    groqUpstream = await FakeUpstream.start({ groq: true, chunks: ['Grüße', ' 👋', ' aus', ' Köln'] });
    openAiUpstream = await FakeUpstream.start();
  });
  afterAll(async () => {
    await groqUpstream.close();
    await openAiUpstream.close();
  });

  it("streams each chunk's text as sent and Groq's x_groq usage last", async () => {
    const { chunks, error } = await drain(groq, `${groqUpstream.baseURL}/chat/completions/`, 'gsk_adapter-ok');
    expect(error).toBeUndefined();
    expect(chunks).toEqual([
      { type: 'text', text: 'Grüße' },
      { type: 'text', text: ' 👋' },
      { type: 'text', text: ' aus' },
      { type: 'text', text: ' Köln' },
      { type: 'finish', usage: { inputTokens: 12, outputTokens: 4 } },
    ]);
    expect(groqUpstream.requests.at(-1)).toEqual({
      apiKey: 'gsk_adapter-ok',
      model: 'llama-3.3-70b-versatile',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
    });
  });

  it("reads an OpenAI-style server's usage chunk", async () => {
    const { chunks, error } = await drain(generic, openAiUpstream.baseURL, 'sk-adapter-ok');
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(DEFAULT_CHUNKS.join(''));
    expect(chunks.at(-1)).toEqual({ type: 'finish', usage: { inputTokens: 12, outputTokens: DEFAULT_CHUNKS.length } });
  });

  it.each([
    { name: "Groq's 429 body and headers", behaviour: behaviours.rateLimited(3), expected: { category: 'rate_limit', type: 'http_429', retryAfterMs: 3000 } },
    { name: '401 invalid key', behaviour: behaviours.invalidKey(), expected: { category: 'auth', type: 'http_401' } },
    { name: '402 no credit', behaviour: behaviours.noCredit(), expected: { category: 'quota', type: 'http_402' } },
    { name: '503', behaviour: behaviours.serverError(503), expected: { category: 'server', type: 'http_503' } },
    { name: 'context too long', behaviour: behaviours.contextTooLong(), expected: { category: 'bad_request', type: 'context_length_exceeded' } },
    { name: 'unknown model', behaviour: behaviours.unknownModel(), expected: { category: 'bad_request', type: 'model_not_found' } },
  ])('classifies $name before any text', async ({ behaviour, expected }) => {
    const key = `gsk_adapter-${expected.type}`;
    groqUpstream.behave(key, behaviour);
    const { chunks, error } = await drain(groq, groqUpstream.baseURL, key);
    expect(chunks).toEqual([]);
    expect(error).toMatchObject(expected);
  });

  it.each([
    { name: 'an error event', behaviour: behaviours.errorEvent(2), expected: { category: 'server', type: 'stream_error' } },
    { name: 'a malformed line', behaviour: behaviours.malformed(2), expected: { category: 'server', type: 'malformed_response' } },
  ])('ends with $name after the text streamed so far', async ({ behaviour, expected }) => {
    const key = `gsk_adapter-mid-${behaviour.kind}`;
    groqUpstream.behave(key, behaviour);
    const { chunks, error } = await drain(groq, groqUpstream.baseURL, key);
    expect(textOf(chunks)).toBe('Grüße 👋');
    expect(chunks.some((chunk) => chunk.type === 'finish')).toBe(false);
    expect(error).toMatchObject(expected);
  });

  it('ends with a network error when the upstream drops the connection mid-stream', async () => {
    const key = 'gsk_adapter-mid-drop';
    groqUpstream.behave(key, behaviours.drop(2));
    const { chunks, error } = await drain(groq, groqUpstream.baseURL, key);
    // The fake upstream destroys its socket right after writing: how much of that arrives varies.
    expect('Grüße 👋'.startsWith(textOf(chunks))).toBe(true);
    expect(chunks.some((chunk) => chunk.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ category: 'network' });
  });

  it('gives the abort reason when the caller aborts, and the upstream sees the request go', async () => {
    const key = 'gsk_adapter-stall';
    groqUpstream.behave(key, behaviours.stall(1));
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const chunks: ChatChunk[] = [];
    const thrown = await (async () => {
      for await (const chunk of groq.streamChat({ model: 'm', baseURL: groqUpstream.baseURL, apiKey: key, messages: [{ role: 'user', content: 'Hi' }], signal: controller.signal })) {
        chunks.push(chunk);
        controller.abort(reason);
      }
    })().catch((error: unknown) => error);
    expect(thrown).toBe(reason);
    expect(textOf(chunks)).toBe('Grüße');
    await expect.poll(() => groqUpstream.stats(key).aborted).toBe(1);
  });

  it('lists the upstream models, sorted, and classifies a refusal', async () => {
    expect(await groq.listModels({ baseURL: groqUpstream.baseURL, apiKey: 'gsk_adapter-models', signal: new AbortController().signal })).toEqual([
      'llama-3.1-8b-instant',
      'llama-3.3-70b-versatile',
      'mixtral-8x7b-32768',
    ]);
    groqUpstream.behave('gsk_adapter-models-401', behaviours.invalidKey());
    const error = await groq.listModels({ baseURL: groqUpstream.baseURL, apiKey: 'gsk_adapter-models-401', signal: new AbortController().signal }).catch((thrown: unknown) => thrown);
    expect(classifyError(error)).toMatchObject({ category: 'auth', type: 'http_401' });
  });

  it('needs a base URL when the provider has no default', async () => {
    const { error } = await drain(generic, undefined as unknown as string, 'k');
    expect(error).toMatchObject({ category: 'bad_request', type: 'missing_base_url' });
  });
});
