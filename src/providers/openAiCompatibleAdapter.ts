import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, streamText, type LanguageModel } from 'ai';
import { z } from 'zod';
import { normaliseBaseURL, type ChatCall, type ChatChunk, type ProviderAdapter } from './adapter.js';
import { ProviderError } from './errors.js';

// The AI SDK prints warnings with console.warn; our logs are JSON lines only.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

type ModelFactory = (options: { name: string; baseURL: string; apiKey: string | undefined; model: string }) => LanguageModel;

const openAiCompatible: ModelFactory = ({ name, baseURL, apiKey, model }) =>
  createOpenAICompatible({ name, baseURL, ...(apiKey ? { apiKey } : {}), includeUsage: true }).chatModel(model);

/** Groq's own package reads its `x_groq` usage chunk and error bodies. */
const groq: ModelFactory = ({ baseURL, apiKey, model }) => createGroq({ baseURL, ...(apiKey ? { apiKey } : {}) })(model);

/**
 * Building an AI SDK chat model builds its stream-chunk Zod schema too, which costs more than the
 * rest of a short call; models are kept per provider, URL, key and model name instead. A key's
 * model goes when the key does (the cache is bounded, oldest first).
 */
const MODEL_CACHE_SIZE = 512;

function cachedFactory(factory: ModelFactory): ModelFactory {
  const models = new Map<string, LanguageModel>();
  return (options) => {
    const key = JSON.stringify([options.name, options.baseURL, options.apiKey ?? null, options.model]);
    let model = models.get(key);
    if (!model) {
      model = factory(options);
      if (models.size >= MODEL_CACHE_SIZE) models.delete(models.keys().next().value as string);
      models.set(key, model);
    }
    return model;
  };
}

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * An adapter for any OpenAI-compatible chat-completions API, built on the Vercel AI SDK with
 * `maxRetries: 0`: the key pool alone decides retries.
 */
export function openAiCompatibleAdapter(options: {
  name: string;
  label: string;
  defaultBaseURL: string | undefined;
  requiresKey: boolean;
  flavour?: 'groq' | 'generic';
}): ProviderAdapter {
  const factory = cachedFactory(options.flavour === 'groq' ? groq : openAiCompatible);
  const baseURLFor = (baseURL: string | undefined): string => {
    const url = baseURL ?? options.defaultBaseURL;
    if (!url) throw new ProviderError('bad_request', 'missing_base_url', `Provider ${options.name} needs the model's api_url (its OpenAI-compatible base URL)`);
    return normaliseBaseURL(url);
  };

  return {
    label: options.label,
    requiresKey: options.requiresKey,
    defaultBaseURL: options.defaultBaseURL,

    async *streamChat(call: ChatCall): AsyncIterable<ChatChunk> {
      const result = streamText({
        model: factory({ name: options.name, baseURL: baseURLFor(call.baseURL), apiKey: call.apiKey, model: call.model }),
        messages: call.messages,
        maxRetries: 0,
        abortSignal: call.signal,
        // The error also arrives as an `error` part below; the default handler would print it.
        onError: () => {},
      });
      for await (const part of result.fullStream) {
        switch (part.type) {
          case 'text-delta':
            if (part.text) yield { type: 'text', text: part.text };
            break;
          case 'error':
            throw part.error;
          case 'abort':
            throw call.signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
          case 'finish':
            yield { type: 'finish', usage: { inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens } };
            break;
          default:
            break;
        }
      }
    },

    async listModels({ baseURL, apiKey, signal }) {
      const url = `${baseURLFor(baseURL)}/models`;
      const response = await fetch(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal });
      const body = await response.text();
      if (!response.ok) {
        throw new APICallError({
          message: `GET ${url} answered ${response.status}`,
          url,
          requestBodyValues: undefined,
          statusCode: response.status,
          responseHeaders: Object.fromEntries(response.headers),
          responseBody: body,
        });
      }
      const parsed = modelListSchema.safeParse(JSON.parse(body));
      if (!parsed.success) throw new ProviderError('server', 'malformed_response', `GET ${url} did not return an OpenAI model list`);
      return parsed.data.data.map((model) => model.id).sort();
    },
  };
}
