import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { jsonContent } from '../../src/http/json.js';
import { apiTypesStatus } from '../../scripts/apiTypes/apiTypes.js';
import { createDocumentApp } from '../../scripts/apiTypes/openapiDocument.js';

// Generating means building the app and running openapi-typescript: a few seconds each.
describe('the web app’s generated API types', { timeout: 60_000 }, () => {
  it('are what the current routes generate (else: npm run api:types)', async () => {
    const status = await apiTypesStatus();
    expect(status.fresh, 'web/src/api/openapi.ts is stale: run npm run api:types and commit it').toBe(true);
  });

  it('are reported stale when a route changes', async () => {
    const app = createDocumentApp();
    app.openapi(
      createRoute({
        method: 'get',
        path: '/api/stale-check',
        responses: { 200: { description: 'A route the committed file does not know', ...jsonContent(z.object({ answer: z.number() }).openapi('StaleCheck')) } },
      }),
      (c) => c.json({ answer: 42 }, 200),
    );
    const status = await apiTypesStatus(app);
    expect(status.fresh).toBe(false);
    expect(status.expected).toContain('"/api/stale-check"');
    expect(status.expected).toContain('export type StaleCheck = components[\'schemas\'][\'StaleCheck\'];');
  });
});
