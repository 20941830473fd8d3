import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classifyError, parseDurationMs, ProviderError, retryAfterMs } from './errors.js';

const httpError = (statusCode: number, responseBody = '', responseHeaders: Record<string, string> = {}) =>
  new APICallError({ message: `HTTP ${statusCode}`, url: 'http://upstream/v1/chat/completions', requestBodyValues: {}, statusCode, responseBody, responseHeaders });

describe('parseDurationMs', () => {
  it.each([
    ['7.66s', 7660],
    ['2m59.56s', 179_560],
    ['120ms', 120],
    ['1h2m', 3_720_000],
    ['3', 3000],
    ['soon', undefined],
    ['5s later', undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseDurationMs(value)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it('prefers Retry-After in seconds or as a date', () => {
    expect(retryAfterMs({ 'Retry-After': '12' })).toBe(12_000);
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 10:00:30 GMT' }, now)).toBe(30_000);
  });

  it('falls back to the longest x-ratelimit-reset-* header', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset-requests': '2m59.56s', 'x-ratelimit-reset-tokens': '7.66s' })).toBe(179_560);
    expect(retryAfterMs({})).toBeUndefined();
  });
});

describe('classifyError', () => {
  it.each([
    [httpError(429, '{"error":{"message":"Rate limit reached"}}', { 'retry-after': '3' }), 'rate_limit', 'http_429', true],
    [httpError(498, '{"error":{"message":"Flex tier capacity exceeded"}}'), 'rate_limit', 'http_498', true],
    [httpError(401), 'auth', 'http_401', true],
    [httpError(403), 'auth', 'http_403', true],
    [httpError(402), 'quota', 'http_402', true],
    [httpError(400, '{"error":{"message":"insufficient_quota: You exceeded your current quota"}}'), 'quota', 'http_400', true],
    [httpError(500), 'server', 'http_500', true],
    [httpError(504), 'server', 'http_504', true],
    [httpError(400, '{"error":{"code":"context_length_exceeded","message":"maximum context length is 8192 tokens"}}'), 'bad_request', 'context_length_exceeded', false],
    [httpError(413), 'bad_request', 'context_length_exceeded', false],
    [httpError(404), 'bad_request', 'model_not_found', false],
    [httpError(400, '{"error":{"message":"Output blocked by content_filter"}}'), 'bad_request', 'content_policy', false],
    [httpError(422), 'bad_request', 'http_422', false],
  ])('%s → %s', (error, category, type, retryable) => {
    const classified = classifyError(error);
    expect({ category: classified.category, type: classified.type, retryable: classified.isRetryable }).toEqual({ category, type, retryable });
  });

  it('reads Retry-After off a rate limit', () => {
    expect(classifyError(httpError(429, '', { 'retry-after': '3' })).retryAfterMs).toBe(3000);
  });

  it('finds socket error codes along the cause chain', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(classifyError(refused)).toMatchObject({ category: 'network', type: 'ECONNREFUSED' });
    const wrapped = new APICallError({ message: 'Cannot connect to API', url: 'x', requestBodyValues: {}, cause: refused });
    expect(classifyError(wrapped)).toMatchObject({ category: 'network', type: 'ECONNREFUSED' });
  });

  it('reads an error object sent inside the stream as a server fault', () => {
    expect(classifyError({ message: 'Internal server error', type: 'server_error', code: 500 })).toMatchObject({ category: 'server', type: 'stream_error' });
  });

  it('treats an unreadable body as a server fault and keeps ProviderErrors as they are', () => {
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ category: 'server', type: 'malformed_response' });
    const own = new ProviderError('timeout', 'ETIMEDOUT', 'slow');
    expect(classifyError(own)).toBe(own);
  });
});
