import { createRoute, z } from '@hono/zod-openapi';
import { currentUser } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { pricesByModel } from '../prices/prices.js';
import { priceSchema, toPriceJson } from '../prices/schemas.js';
import { createModel, deleteModel, listModels, updateModel } from '../providers/registry.js';
import { createModelSchema, modelSchema, toModelJson, updateModelSchema } from '../providers/schemas.js';

const idParam = z.object({ id: z.uuid() });
/** The admin list also shows each model's price (null: none set). A union, not .nullable(): on a named schema zod-openapi drops the null from the document. */
const adminModelSchema = modelSchema.extend({ price: z.union([priceSchema, z.null()]) }).openapi('AdminModel');
const route = <R extends Parameters<typeof createRoute>[0]>(config: R) =>
  createRoute({ ...config, tags: ['admin'], security: bearerSecurity });

const routes = {
  list: route({
    method: 'get',
    path: '/models',
    summary: 'Every model, whatever its status, with its price',
    responses: { 200: { description: 'Models', ...jsonContent(z.array(adminModelSchema)) }, ...errorResponses(401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/models',
    summary: 'Register a model (api_url: the OpenAI-compatible base URL, for generic providers)',
    request: { body: { ...jsonContent(createModelSchema), required: true } },
    responses: { 201: { description: 'Created', ...jsonContent(modelSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  update: route({
    method: 'patch',
    path: '/models/{id}',
    summary: 'Edit a model; status active / inactive / deprecated (only active models are offered)',
    request: { params: idParam, body: { ...jsonContent(updateModelSchema), required: true } },
    responses: { 200: { description: 'Updated', ...jsonContent(modelSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  remove: route({
    method: 'delete',
    path: '/models/{id}',
    summary: 'Delete a model that has no comparisons or votes',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
  }),
};

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminModelsRoutes({ db, providers }: AppDeps) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const [models, prices] = await Promise.all([listModels(db), pricesByModel(db)]);
      return c.json(
        models.map((model) => {
          const price = prices.get(model.model_id);
          return { ...toModelJson(model), price: price ? toPriceJson(price) : null };
        }),
        200,
      );
    })
    .openapi(routes.create, async (c) => {
      const row = await createModel(db, c.req.valid('json'), currentUser(c).user_id);
      providers.catalog.invalidate();
      return c.json(toModelJson(row), 201);
    })
    .openapi(routes.update, async (c) => {
      const row = await updateModel(db, c.req.valid('param').id, c.req.valid('json'));
      providers.catalog.invalidate();
      return c.json(toModelJson(row), 200);
    })
    .openapi(routes.remove, async (c) => {
      await deleteModel(db, c.req.valid('param').id);
      providers.catalog.invalidate();
      return c.body(null, 204);
    });
}
