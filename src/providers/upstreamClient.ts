import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { APICallError } from 'ai';
import { Agent, request, type Dispatcher } from 'undici';

/**
 * Keep-alive connections to upstreams, shared by every adapter. Unlimited per origin: a pool
 * smaller than the number of streams in flight would queue answers behind each other.
 */
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

/** Enough of an error body to classify it (quota, context length…) and quote its message. */
const ERROR_BODY_LIMIT = 64 * 1024;

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * One upstream HTTP call with undici's `request` on Node streams: no fetch Response, no web
 * streams on the relay's path. Errors keep undici's codes (`UND_ERR_SOCKET`, `ECONNREFUSED` …),
 * which the gateway classifies as network failures; an abort destroys the socket.
 */
export function upstreamRequest(
  url: string,
  options: { method: 'GET' | 'POST'; apiKey: string | undefined; body?: string; signal: AbortSignal },
): Promise<UpstreamResponse> {
  const headers: Record<string, string> = options.body === undefined ? {} : { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  return request(url, { method: options.method, headers, body: options.body ?? null, signal: options.signal, dispatcher });
}

/** Up to `limit` characters of a body; the rest is not read (the socket is then closed). */
export async function readText(body: Readable, limit = ERROR_BODY_LIMIT): Promise<string> {
  let text = '';
  const decoder = new StringDecoder('utf8');
  for await (const chunk of body) {
    text += decoder.write(chunk as Buffer);
    if (text.length >= limit) break;
  }
  return text.slice(0, limit);
}

/**
 * A non-2xx answer as the AI SDK reports one, so that `classifyError` files every provider's
 * failures (and those of a provider that comes through the AI SDK) in the same categories.
 */
export async function httpError(url: string, response: UpstreamResponse): Promise<APICallError> {
  const responseBody = await readText(response.body);
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new APICallError({
    message: `${response.statusCode} ${STATUS_CODES[response.statusCode] ?? ''}`.trim(),
    url,
    requestBodyValues: undefined,
    statusCode: response.statusCode,
    responseHeaders,
    responseBody,
  });
}
