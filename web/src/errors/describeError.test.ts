import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { describeError, formatWait, sideErrorText } from './describeError';

describe('describeError', () => {
  it('says what went wrong and what to do next for the refusals a user meets', () => {
    expect(describeError(new ApiError(413, 'payload_too_large', 'Request body is larger than 1048576 bytes')).text).toBe(
      'This is too large to send (at most 1 MiB per request). Shorten the text and try again — nothing was lost.',
    );
    expect(describeError(new ApiError(413, 'payload_too_large', 'The prompt has 20001 characters; the limit is 16000 (setting max_prompt_chars)')).text).toBe(
      'Your prompt has 20,001 characters; this lab accepts up to 16,000. Shorten it and send it again — your text is still in the box.',
    );
    expect(describeError(new ApiError(400, 'bad_request', 'model2_id: pick two different models')).text).toBe('Pick two different models: one model cannot answer on both sides.');
    expect(describeError(new ApiError(400, 'bad_request', 'api_url: must be an http(s) URL')).text).toBe('API URL: must be an http(s) URL.');
    expect(describeError(new ApiError(400, 'bad_request', 'some_field: is wrong')).text).toBe('Some field: is wrong.');
  });

  it('gives rate limits and busy models their waiting time and marks them retryable', () => {
    const limited = describeError(new ApiError(429, 'rate_limited', 'Too many chat requests; slow down a little', 42));
    expect(limited).toEqual({ text: 'Too many chat requests; slow down a little. You can try again in 42 s.', retryAfterSeconds: 42, retryable: true });
    expect(describeError(new ApiError(503, 'unavailable', 'fake-llama is unavailable: every key is cooling down', 125)).text).toBe(
      'Fake-llama is unavailable: every key is cooling down. You can try again in 3 min.',
    );
    expect(describeError(new ApiError(429, 'rate_limited', 'Too many login attempts; try again later')).text).toBe('Too many login attempts; try again later. Wait a moment and try again.');
  });

  it('never writes a wait as zero', () => {
    expect(formatWait(0)).toBe('1 s');
    expect(formatWait(0.04)).toBe('1 s');
    expect(formatWait(59.2)).toBe('1 min');
    expect(formatWait(7200)).toBe('2 h');
  });

  it('hides server internals and reads failed sides by their category', () => {
    expect(describeError(new ApiError(500, 'internal', 'Internal server error')).text).toMatch(/^Something went wrong on the server\. Try again/);
    expect(sideErrorText({ category: 'unavailable', message: 'fake-llama is unavailable: Rate limited by the provider: slow down' })).toMatch(/^Every API key for this model is cooling down/);
    expect(sideErrorText({ category: 'unavailable', message: 'every key is cooling down' }, 38_200)).toBe(
      'Every API key for this model is cooling down after the provider’s rate limit. Try again in 39 s, or pick another model.',
    );
    expect(sideErrorText({ category: 'rate_limit', message: 'slow down' }, 0)).toBe('The provider is rate limiting this model. Try again in a minute.');
    expect(sideErrorText({ category: 'auth', message: 'Invalid API Key' })).toMatch(/Admin → API keys/);
    expect(sideErrorText({ category: 'something_new', message: 'the upstream said no' })).toBe('The upstream said no.');
  });
});
