import { createRoute, z } from '@hono/zod-openapi';
import { currentUser } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { clearPrice, setPrice } from '../prices/prices.js';
import { priceSchema, setPriceSchema, toPriceJson } from '../prices/schemas.js';

const idParam = z.object({ id: z.uuid() });

const routes = {
  set: createRoute({
    method: 'put',
    path: '/models/{id}/price',
    tags: ['admin'],
    security: bearerSecurity,
    summary: 'Set a model’s price per million input and output tokens (currency: ISO 4217, USD by default)',
    request: { params: idParam, body: { ...jsonContent(setPriceSchema), required: true } },
    responses: { 200: { description: 'The price', ...jsonContent(priceSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  clear: createRoute({
    method: 'delete',
    path: '/models/{id}/price',
    tags: ['admin'],
    security: bearerSecurity,
    summary: 'Clear a model’s price: its cost is then unknown',
    request: { params: idParam },
    responses: { 204: { description: 'Cleared' }, ...errorResponses(401, 403, 404) },
  }),
};

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminPricesRoutes({ db, leaderboard }: AppDeps) {
  return createRouter()
    .openapi(routes.set, async (c) => {
      const price = await setPrice(db, c.req.valid('param').id, c.req.valid('json'), currentUser(c).user_id);
      leaderboard.pricesChanged();
      return c.json(toPriceJson(price), 200);
    })
    .openapi(routes.clear, async (c) => {
      await clearPrice(db, c.req.valid('param').id);
      leaderboard.pricesChanged();
      return c.body(null, 204);
    });
}
