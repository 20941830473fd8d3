import { describe, expect, it } from 'vitest';
import { deriveAction, openApiPath } from './middleware.js';
import { identifyingFields, redact, REDACTED, storableText } from './redact.js';

describe('redact', () => {
  it('hides every credential-like field, at any depth', () => {
    expect(redact({ api_key: 'gsk_x', apiKey: 'k', password: 'p', new_password: 'n', current_password: 'c', code: 'c0de', reset_code: 'r', client_secret: 's', access_token: 't', name: 'groq', nested: { token: 'x', keep: 1 } })).toEqual({
      api_key: REDACTED,
      apiKey: REDACTED,
      password: REDACTED,
      new_password: REDACTED,
      current_password: REDACTED,
      code: REDACTED,
      reset_code: REDACTED,
      client_secret: REDACTED,
      access_token: REDACTED,
      name: 'groq',
      nested: { token: REDACTED, keep: 1 },
    });
  });

  it('bounds strings, arrays, objects and depth', () => {
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`k${index}`, index]));
    const result = redact({ wide, list: Array.from({ length: 12 }, (_, index) => index), deep: { a: { b: { c: 1 } } }, long: 'y'.repeat(300) }) as Record<string, any>;
    expect(Object.keys(result.wide)).toHaveLength(21);
    expect(result.wide['…']).toBe('10 more fields');
    expect(result.list).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, '… 2 more']);
    expect(result.deep).toEqual({ a: { b: '…' } });
    expect(result.long).toBe(`${'y'.repeat(200)}…`);
  });

  it('makes text storable: NUL and lone surrogates become U+FFFD, pairs stay', () => {
    expect(storableText('a\u0000b\ud800c\udc00d😀')).toBe('a\ufffdb\ufffdc\ufffdd😀');
  });

  it('picks the identifying fields of an answer, never its other content', () => {
    expect(identifyingFields({ key_id: 'k', display_mask: 'gsk_…a1B2', provider_name: 'groq', total_calls: 5, api_key: 'never' })).toEqual({ key_id: 'k', display_mask: 'gsk_…a1B2', provider_name: 'groq' });
    expect(identifyingFields([{ key_id: 'k' }])).toBeUndefined();
    expect(identifyingFields({ other: 1 })).toBeUndefined();
  });
});

describe('actions and routes', () => {
  it.each([
    ['POST', '/api/admin/providers/{name}/keys', 'providers.keys.create'],
    ['PATCH', '/api/admin/keys/{key_id}', 'keys.update'],
    ['DELETE', '/api/admin/users/{id}', 'users.delete'],
    ['PUT', '/api/admin/settings/{key}', 'settings.set'],
    ['POST', '/api/admin/users/{id}/password-reset', 'users.password-reset.create'],
  ])('%s %s → %s', (method, route, action) => {
    expect(deriveAction(method, route)).toBe(action);
  });

  it('names Hono route patterns as the OpenAPI document does', () => {
    expect(openApiPath('/api/admin/providers/:name/keys')).toBe('/api/admin/providers/{name}/keys');
    expect(openApiPath('/api/admin/keys/:key_id{[0-9a-f-]+}')).toBe('/api/admin/keys/{key_id}');
  });
});
