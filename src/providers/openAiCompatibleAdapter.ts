import { z } from 'zod';
import { normaliseBaseURL, type ChatCall, type ChatChunk, type ProviderAdapter } from './adapter.js';
import { CompletionReader } from './completionReader.js';
import { ProviderError } from './errors.js';
import { readEvents } from './sseReader.js';
import { httpError, readText, upstreamRequest } from './upstreamClient.js';

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
/** Model lists run to a few hundred kilobytes (OpenRouter's); more than this is not one. */
const MODEL_LIST_LIMIT = 16 * 1024 * 1024;

/**
 * An adapter for any OpenAI-compatible chat-completions API (Groq, Bytez, OpenAI, OpenRouter,
 * vLLM, Ollama…): one streamed request with undici, its events split by eventsource-parser and
 * read for text, finish and usage only. This is the relay's hot path, so it leaves out the AI
 * SDK's web streams and per-chunk schema validation (together most of the CPU a relayed chunk
 * cost); a provider that is not OpenAI-compatible can still come through the AI SDK behind the
 * same `ProviderAdapter` interface. No retries: the key pool alone decides them.
 */
export function openAiCompatibleAdapter(options: {
  name: string;
  label: string;
  defaultBaseURL: string | undefined;
  requiresKey: boolean;
  flavour?: 'groq' | 'generic';
}): ProviderAdapter {
  const baseURLFor = (baseURL: string | undefined): string => {
    const url = baseURL ?? options.defaultBaseURL;
    if (!url) throw new ProviderError('bad_request', 'missing_base_url', `Provider ${options.name} needs the model's api_url (its OpenAI-compatible base URL)`);
    return normaliseBaseURL(url);
  };
  // Groq reports usage in `x_groq` unasked; OpenAI-style servers send a usage chunk when asked.
  const streamOptions = options.flavour === 'groq' ? {} : { stream_options: { include_usage: true } };

  return {
    label: options.label,
    requiresKey: options.requiresKey,
    defaultBaseURL: options.defaultBaseURL,

    async *streamChat(call: ChatCall): AsyncIterable<ChatChunk> {
      const url = `${baseURLFor(call.baseURL)}/chat/completions`;
      const messages = call.messages.map(({ role, content }) => ({ role, content }));
      const body = JSON.stringify({ model: call.model, messages, stream: true, ...streamOptions });
      try {
        const response = await upstreamRequest(url, { method: 'POST', apiKey: call.apiKey, body, signal: call.signal });
        if (response.statusCode < 200 || response.statusCode >= 300) throw await httpError(url, response);
        const reader = new CompletionReader();
        for await (const events of readEvents(response.body)) {
          for (const event of events) {
            const text = reader.read(event);
            if (text !== '') yield { type: 'text', text };
          }
        }
        yield { type: 'finish', usage: reader.end() };
      } catch (error) {
        // An abort surfaces as whatever the request was doing; the reason says it was ours.
        if (call.signal.aborted) throw call.signal.reason ?? error;
        throw error;
      }
    },

    async listModels({ baseURL, apiKey, signal }) {
      const url = `${baseURLFor(baseURL)}/models`;
      const response = await upstreamRequest(url, { method: 'GET', apiKey, signal });
      if (response.statusCode < 200 || response.statusCode >= 300) throw await httpError(url, response);
      let parsed;
      try {
        parsed = modelListSchema.safeParse(JSON.parse(await readText(response.body, MODEL_LIST_LIMIT)));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) throw new ProviderError('server', 'malformed_response', `GET ${url} did not return an OpenAI model list`);
      return parsed.data.data.map((model) => model.id).sort();
    },
  };
}
