import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError } from 'ai';
import { z } from 'zod';
import { normaliseBaseURL, type ChatCall, type ChatChunk, type ChatMessage, type ProviderAdapter } from './adapter.js';
import { ProviderError } from './errors.js';
import { upstreamFetch } from './upstreamFetch.js';

/**
 * The provider packages' chat models, called through the AI SDK's provider contract
 * (`LanguageModelV3.doStream`) rather than `ai`'s `streamText`: the orchestration `streamText` adds
 * (steps, tools, telemetry, stitched streams) doubled the CPU of a short call, and one request,
 * no retries, text out, is all a gateway needs.
 */
type ChatModel = Pick<ReturnType<ReturnType<typeof createOpenAICompatible>['chatModel']>, 'doStream'>;
type Prompt = Parameters<ChatModel['doStream']>[0]['prompt'];
type ModelFactory = (options: { name: string; baseURL: string; apiKey: string | undefined; model: string }) => ChatModel;

const openAiCompatible: ModelFactory = ({ name, baseURL, apiKey, model }) =>
  createOpenAICompatible({ name, baseURL, ...(apiKey ? { apiKey } : {}), includeUsage: true, fetch: upstreamFetch }).chatModel(model);

/** Groq's own package reads its `x_groq` usage chunk and error bodies. */
const groq: ModelFactory = ({ baseURL, apiKey, model }) => createGroq({ baseURL, ...(apiKey ? { apiKey } : {}), fetch: upstreamFetch })(model);

/**
 * Building an AI SDK chat model builds its stream-chunk Zod schema too, which costs more than the
 * rest of a short call; models are kept per provider, URL, key and model name instead. A key's
 * model goes when the key does (the cache is bounded, oldest first).
 */
const MODEL_CACHE_SIZE = 512;

function cachedFactory(factory: ModelFactory): ModelFactory {
  const models = new Map<string, ChatModel>();
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
      const model = factory({ name: options.name, baseURL: baseURLFor(call.baseURL), apiKey: call.apiKey, model: call.model });
      try {
        const { stream } = await model.doStream({ prompt: toPrompt(call.messages), abortSignal: call.signal });
        for await (const part of stream) {
          switch (part.type) {
            case 'text-delta':
              if (part.delta) yield { type: 'text', text: part.delta };
              break;
            case 'error':
              throw part.error;
            case 'finish':
              yield { type: 'finish', usage: { inputTokens: part.usage.inputTokens.total, outputTokens: part.usage.outputTokens.total } };
              break;
            default:
              break;
          }
        }
      } catch (error) {
        // An abort surfaces as whatever the fetch was doing; the reason says it was ours.
        if (call.signal.aborted) throw call.signal.reason ?? error;
        throw error;
      }
    },

    async listModels({ baseURL, apiKey, signal }) {
      const url = `${baseURLFor(baseURL)}/models`;
      const response = await upstreamFetch(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal });
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

function toPrompt(messages: ChatMessage[]): Prompt {
  return messages.map((message) =>
    message.role === 'system' ? { role: 'system', content: message.content } : { role: message.role, content: [{ type: 'text', text: message.content }] },
  );
}
