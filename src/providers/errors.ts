import { APICallError } from 'ai';
import { AppError } from '../errors.js';

/**
 * What went wrong with an upstream call, in the categories of DESIGN.md's key-pool table.
 * `unavailable` is ours: no key or provider could take the call (all cooling, none configured).
 */
export const FAILURE_CATEGORIES = [
  'rate_limit',
  'auth',
  'quota',
  'server',
  'timeout',
  'network',
  'bad_request',
  'aborted',
  'unavailable',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** Categories after which another key or provider may succeed. */
const RETRYABLE = new Set<FailureCategory>(['rate_limit', 'auth', 'quota', 'server', 'timeout', 'network']);

export class ProviderError extends Error {
  readonly category: FailureCategory;
  /** The specific kind, stored as `last_error_type`: `http_429`, `ETIMEDOUT`, `context_length_exceeded`… */
  readonly type: string;
  readonly statusCode: number | undefined;
  /** How long the upstream asked us to wait (Retry-After or x-ratelimit-reset-*), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    category: FailureCategory,
    type: string,
    message: string,
    options: { statusCode?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.category = category;
    this.type = type;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
  }

  get isRetryable(): boolean {
    return RETRYABLE.has(this.category);
  }
}

/** Go-style durations as Groq sends them in x-ratelimit-reset-*: "2m59.56s", "7.66s", "120ms". */
export function parseDurationMs(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let matched = '';
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(amount) * (units[unit ?? ''] ?? 0);
    matched += `${amount}${unit}`;
  }
  return matched.length > 0 && matched === trimmed ? total : undefined;
}

/** Retry-After (seconds or an HTTP date), else the longest x-ratelimit-reset-* header. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const retryAfter = lower['retry-after'];
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']
    .map((name) => (lower[name] ? parseDurationMs(lower[name]) : undefined))
    .filter((ms): ms is number => ms !== undefined);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

const QUOTA_PATTERN = /insufficient[_ ](credit|quota|balance|funds)|quota exceeded|exceeded your current quota|billing|payment required/i;
const CONTEXT_PATTERN = /context[_ ]length|maximum context|too many tokens|context window|prompt is too long|reduce the length/i;
const POLICY_PATTERN = /content[_ ]policy|content[_ ]filter|safety|moderation/i;

function classifyHttp(error: APICallError): ProviderError {
  const status = error.statusCode ?? 0;
  const body = error.responseBody ?? '';
  const options = { statusCode: status, cause: error, retryAfterMs: retryAfterMs(error.responseHeaders) };
  const detail = upstreamMessage(body) ?? error.message;
  if (status === 429 || status === 498) return new ProviderError('rate_limit', `http_${status}`, `Rate limited by the provider: ${detail}`, options);
  if (status === 402 || QUOTA_PATTERN.test(body)) return new ProviderError('quota', `http_${status}`, `Provider quota or credit exhausted: ${detail}`, options);
  if (status === 401 || status === 403) return new ProviderError('auth', `http_${status}`, `The provider rejected the API key: ${detail}`, options);
  if (status >= 500) return new ProviderError('server', `http_${status}`, `Provider error ${status}: ${detail}`, options);
  if (status === 413 || CONTEXT_PATTERN.test(body)) {
    return new ProviderError('bad_request', 'context_length_exceeded', `The conversation is too long for this model: ${detail}`, options);
  }
  if (status === 404) return new ProviderError('bad_request', 'model_not_found', `The provider does not know this model: ${detail}`, options);
  if (POLICY_PATTERN.test(body)) return new ProviderError('bad_request', 'content_policy', `The provider refused the content: ${detail}`, options);
  return new ProviderError('bad_request', `http_${status}`, `The provider rejected the request (${status}): ${detail}`, options);
}

/** The `error.message` of an OpenAI-style error body, if it has one. */
function upstreamMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof message === 'string' ? message.slice(0, 500) : undefined;
  } catch {
    return body ? body.slice(0, 200) : undefined;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** The first `code` along an error's cause chain (fetch wraps socket errors in a TypeError). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns anything an upstream call threw into a ProviderError. */
export function classifyError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (APICallError.isInstance(error)) {
    if (error.statusCode !== undefined) return classifyHttp(error);
    return classifyError(error.cause ?? new Error(error.message));
  }
  const code = errorCode(error);
  if (code && NETWORK_CODES.has(code)) {
    return new ProviderError('network', code, `Could not reach the provider (${code})`, { cause: error });
  }
  const name = (error as { name?: unknown })?.name;
  const reported = (error as { message?: unknown })?.message;
  if (!(error instanceof Error) && typeof reported === 'string') {
    // An error object the upstream sent inside its stream (`data: {"error": {...}}`).
    return new ProviderError('server', 'stream_error', `The provider reported an error mid-stream: ${reported.slice(0, 300)}`, { cause: error });
  }
  if (name === 'AbortError') return new ProviderError('aborted', 'aborted', 'The request was cancelled', { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  if (/fetch failed|socket|terminated|other side closed/i.test(message)) {
    return new ProviderError('network', code ?? 'connection_lost', `Connection to the provider failed: ${message}`, { cause: error });
  }
  // Anything else is the upstream sending what we cannot read (malformed SSE, invalid JSON).
  return new ProviderError('server', 'malformed_response', `The provider sent an unreadable response: ${message.slice(0, 200)}`, { cause: error });
}

/** For answers that are not streamed: the client's fault is a 400, no usable key a 503, the rest a 502. */
export function toAppError(error: ProviderError): AppError {
  const retryAfterSeconds = error.retryAfterMs !== undefined ? error.retryAfterMs / 1000 : undefined;
  if (error.category === 'bad_request') return new AppError('bad_request', error.message, { cause: error });
  if (error.category === 'unavailable' || error.category === 'rate_limit' || error.category === 'quota') {
    return new AppError('unavailable', error.message, { cause: error, retryAfterSeconds: retryAfterSeconds ?? 5 });
  }
  return new AppError('upstream_error', error.message, { cause: error });
}
