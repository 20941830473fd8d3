import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError } from '../errors.js';
import { createLogger } from '../logger.js';
import { errorHandler, notFoundHandler } from './errorHandler.js';
import { createRouter } from './router.js';

const echo = createRoute({
  method: 'post',
  path: '/echo',
  request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), count: z.number().int().min(1) }) } } } },
  responses: { 200: { description: 'echo' } },
});

function testApp() {
  const app = createRouter()
    .openapi(echo, (c) => c.json(c.req.valid('json'), 200))
    .get('/conflict', () => {
      throw new ConflictError('Already voted');
    })
    .get('/busy', () => {
      throw new AppError('unavailable', 'Every key is cooling down', { retryAfterSeconds: 4.2 });
    })
    .get('/crash', () => {
      throw new Error('secret internals');
    });
  app.notFound(notFoundHandler);
  app.onError(errorHandler(createLogger('silent')));
  return app;
}

type ErrorBody = { error: { code: string; message: string } };
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

const post = (body: string) => testApp().request('/echo', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('the error envelope', () => {
  it('names the field that failed validation', async () => {
    const response = await post(JSON.stringify({ email: 'not-an-email', count: 1 }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^email: /);
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const response = await post('{"email":');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('bad_request');
  });

  it('passes typed errors through with their status and Retry-After', async () => {
    const conflict = await testApp().request('/conflict');
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: 'conflict', message: 'Already voted' } });
    const busy = await testApp().request('/busy');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
  });

  it('hides the message of unexpected errors', async () => {
    const response = await testApp().request('/crash');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await testApp().request('/nowhere');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });
});
