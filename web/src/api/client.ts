import createClient from 'openapi-fetch';
import type { Error as ErrorBody, paths } from './openapi';

/** An API refusal, carrying the `{error: {code, message}}` envelope in readable form. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From the answer's Retry-After header: how long the server asked us to wait. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where the bearer token comes from: a stored local token, or Supabase's session (refreshed when due). */
export type TokenSource = () => string | null | Promise<string | null>;

let tokenSource: TokenSource = () => null;
let onUnauthorized: (() => void) | null = null;

/** The session modules set this so every call carries the current token. */
export function setTokenSource(source: TokenSource | null): void {
  tokenSource = source ?? (() => null);
}

/** Called when the server rejects our token (expired or revoked): the session ends. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/**
 * The typed client: paths, parameters, bodies and answers all come from the generated
 * `openapi.ts`, so a route whose shape changes on the server breaks the web build, not a page.
 */
export const client = createClient<paths>();

client.use({
  async onRequest({ request }) {
    const token = await tokenSource();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    return request;
  },
  onResponse({ request, response }) {
    // Only a token we sent can have been rejected; a 401 for a call made signed out is no session ending.
    if (response.status === 401 && request.headers.has('authorization')) onUnauthorized?.();
    return response;
  },
});

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body && typeof (body as ErrorBody).error?.message === 'string';
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

function refusal(response: Response, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(response.status, body.error.code, body.error.message, retryAfter(response));
  return new ApiError(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}`.trim());
}

/**
 * Awaits one openapi-fetch call: its data on success; an ApiError with the server's own message
 * on a refusal, or a readable one when the server cannot be reached. Aborts are rethrown as such.
 */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!result.response.ok) throw refusal(result.response, result.error);
  return result.data as T;
}
