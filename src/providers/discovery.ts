import type { AiModel, Provider } from '../db/schema.js';
import { AppError, ValidationError } from '../errors.js';
import { normaliseBaseURL } from './adapter.js';
import { classifyError, toAppError } from './errors.js';
import { isGenericProvider, NO_URL_HELP } from './providerKinds.js';
import type { Providers } from './service.js';

export interface Discovery {
  /** The base URL whose `/models` was listed (undefined: the adapter's own, as for the demo). */
  baseURL: string | undefined;
  /** Whether one of the provider's stored API keys went with the request. */
  keySent: boolean;
  models: string[];
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(normaliseBaseURL(url)).origin;
  } catch {
    return undefined;
  }
};

/**
 * The origins (scheme, host and port) the provider's keys already go to: its base URL, its
 * adapter's default, and its models' api_urls. An admin-typed URL anywhere else gets no key, so a
 * mistyped or hostile URL cannot collect it; to use the keys there, save the URL as the
 * provider's base URL (a deliberate change of its own).
 */
function keyOrigins(provider: Provider, defaultBaseURL: string | undefined, models: AiModel[]): Set<string> {
  const urls = [provider.base_url, defaultBaseURL, ...models.map((model) => model.api_url)];
  return new Set(urls.flatMap((url) => (url ? [originOf(url)] : [])).filter((origin): origin is string => origin !== undefined));
}

/** `GET {base URL}/models` for a provider: at the typed URL, else where its models are called. */
export async function discoverModels(providers: Providers, provider: Provider, typedURL: string | undefined): Promise<Discovery> {
  const name = provider.provider_name;
  const adapter = providers.adapterFor(name);
  const own = (await providers.catalog.snapshot()).models.filter((model) => model.provider_name === name);
  const baseURL = typedURL ?? provider.base_url ?? adapter.defaultBaseURL ?? own.find((model) => model.api_url)?.api_url ?? undefined;
  if (baseURL === undefined && isGenericProvider(name)) {
    throw new ValidationError(`api_url: ${name} has no base URL yet; give the URL of its OpenAI-compatible API (such as http://localhost:11434/v1), and ${NO_URL_HELP} to use it`);
  }
  const origin = baseURL === undefined ? undefined : originOf(baseURL);
  const trusted = origin === undefined || keyOrigins(provider, adapter.defaultBaseURL, own).has(origin);

  await providers.pool.ready();
  let apiKey: string | undefined;
  if (trusted && (adapter.requiresKey || providers.pool.hasKeys(name))) {
    const selection = providers.pool.select(name);
    if (!selection.ok) throw new AppError('unavailable', `No usable API key for ${name} (${selection.reason.replace('_', ' ')})`, { retryAfterSeconds: 5 });
    apiKey = selection.key.apiKey;
  }
  try {
    const models = await adapter.listModels({ baseURL, apiKey, signal: AbortSignal.timeout(15_000) });
    return { baseURL, keySent: apiKey !== undefined, models };
  } catch (thrown) {
    const error = toAppError(classifyError(thrown));
    if (trusted || !providers.pool.hasKeys(name)) throw error;
    const why = `no API key was sent, because ${origin} is not where ${name}'s keys go; save this URL as the provider's base URL to send them there`;
    throw new AppError(error.code, `${error.message} (${why})`, { cause: error, ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }) });
  }
}
