import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.js';
import { jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { publicModelSchema } from './schemas.js';

const listRoute = createRoute({
  method: 'get',
  path: '/models',
  tags: ['models'],
  summary: 'The models users can pick: active, on an enabled provider',
  responses: { 200: { description: 'Active models', ...jsonContent(z.array(publicModelSchema)) } },
});

export function modelsRoutes({ providers }: AppDeps) {
  return createRouter().openapi(listRoute, async (c) => {
    const models = await providers.catalog.activeModels();
    return c.json(
      models.map((model) => ({
        model_id: model.model_id,
        model_name: model.model_name,
        provider_name: model.provider_name,
        description: model.description,
        status: model.status,
        is_demo: model.provider_name === 'demo',
      })),
      200,
    );
  });
}
