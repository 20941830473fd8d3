import type { AiModel, Provider } from '../db/schema.js';

/** Providers with an adapter and a default base URL of their own (see adapters.ts). */
const BUILT_IN_PROVIDERS = new Set(['groq', 'bytez', 'demo']);

/** Any other provider name is a generic OpenAI-compatible API, which has no default base URL. */
export function isGenericProvider(providerName: string | null): boolean {
  return !BUILT_IN_PROVIDERS.has(providerName ?? '');
}

/** Where a model is called: its own api_url, else its provider's base_url; undefined leaves it to the adapter's default. */
export function modelBaseURL(model: Pick<AiModel, 'api_url'>, provider: Pick<Provider, 'base_url'> | undefined): string | undefined {
  return model.api_url ?? provider?.base_url ?? undefined;
}

/** A generic provider's model with neither its own api_url nor a provider base_url cannot be called at all. */
export function lacksURL(model: Pick<AiModel, 'api_url' | 'provider_name'>, provider: Pick<Provider, 'base_url'> | undefined): boolean {
  return isGenericProvider(model.provider_name) && modelBaseURL(model, provider) === undefined;
}

export const NO_URL_HELP = "set the provider's base URL, or the model's api_url";
