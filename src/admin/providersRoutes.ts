import { createRoute, z } from '@hono/zod-openapi';
import { noteAudit } from '../audit/middleware.js';
import { AppError } from '../errors.js';
import { currentUser } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { discoverModels } from '../providers/discovery.js';
import { providerHealth } from '../providers/health.js';
import {
  addKey,
  createProvider,
  deleteKey,
  deleteProvider,
  listKeys,
  listProviders,
  updateKey,
  updateProvider,
} from '../providers/registry.js';
import {
  addKeySchema,
  createProviderSchema,
  keySchema,
  providerSchema,
  toKeyJson,
  toProviderJson,
  updateKeySchema,
  updateProviderSchema,
} from '../providers/schemas.js';

const nameParam = z.object({ name: z.string().min(1).max(63) });
const keyParam = z.object({ key_id: z.uuid() });
const route = <R extends Parameters<typeof createRoute>[0]>(config: R) =>
  createRoute({ ...config, tags: ['admin'], security: bearerSecurity });

const routes = {
  list: route({
    method: 'get',
    path: '/providers',
    summary: 'Providers, by priority',
    responses: { 200: { description: 'Providers', ...jsonContent(z.array(providerSchema)) }, ...errorResponses(401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/providers',
    summary: 'Add a provider (any name other than groq, bytez and demo is a generic OpenAI-compatible API)',
    request: { body: { ...jsonContent(createProviderSchema), required: true } },
    responses: { 201: { description: 'Created', ...jsonContent(providerSchema) }, ...errorResponses(400, 401, 403, 409) },
  }),
  update: route({
    method: 'patch',
    path: '/providers/{name}',
    summary: 'Enable, disable or re-prioritise a provider',
    request: { params: nameParam, body: { ...jsonContent(updateProviderSchema), required: true } },
    responses: { 200: { description: 'Updated', ...jsonContent(providerSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  remove: route({
    method: 'delete',
    path: '/providers/{name}',
    summary: 'Delete a provider and its keys',
    request: { params: nameParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }),
  listKeys: route({
    method: 'get',
    path: '/providers/{name}/keys',
    summary: 'A provider’s API keys with their health (never the key itself)',
    request: { params: nameParam },
    responses: { 200: { description: 'Keys', ...jsonContent(z.array(keySchema)) }, ...errorResponses(401, 403) },
  }),
  addKey: route({
    method: 'post',
    path: '/providers/{name}/keys',
    summary: 'Add an API key; it is stored encrypted and shown only by its mask from then on',
    request: { params: nameParam, body: { ...jsonContent(addKeySchema), required: true } },
    responses: { 201: { description: 'Added', ...jsonContent(keySchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateKey: route({
    method: 'patch',
    path: '/keys/{key_id}',
    summary: 'Re-enable or disable a key, or clear its cooldown',
    request: { params: keyParam, body: { ...jsonContent(updateKeySchema), required: true } },
    responses: { 200: { description: 'Updated', ...jsonContent(keySchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteKey: route({
    method: 'delete',
    path: '/keys/{key_id}',
    summary: 'Delete a key',
    request: { params: keyParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }),
  health: route({
    method: 'get',
    path: '/health',
    summary: 'Per provider and key: health, calls, failures, last error, cooldown remaining',
    responses: {
      200: {
        description: 'Health',
        ...jsonContent(
          z.array(
            z.object({
              provider: providerSchema,
              summary: z.object({
                total: z.number(),
                healthy: z.number(),
                failing: z.number(),
                cooling: z.number(),
                inactive: z.number(),
                undecryptable: z.number(),
                calls: z.number(),
              }),
              keys: z.array(
                keySchema
                  .extend({
                    decryptable: z.boolean(),
                    health: z.enum(['healthy', 'failing', 'cooling', 'inactive', 'undecryptable']),
                    cooldown_remaining_ms: z.number(),
                  })
                  .openapi('KeyHealth'),
              ),
            }).openapi('ProviderHealth'),
          ),
        ),
      },
      ...errorResponses(401, 403),
    },
  }),
  discover: route({
    method: 'post',
    path: '/providers/{name}/discover',
    summary:
      'List the models the provider’s API offers (GET {base URL}/models), marking those already registered: at api_url if given, else where its models are called. A stored API key is sent only to the provider’s own hosts',
    request: {
      params: nameParam,
      body: { ...jsonContent(z.object({ api_url: z.url({ protocol: /^https?$/ }).optional() })), required: false },
    },
    responses: {
      200: {
        description: 'Models offered upstream',
        ...jsonContent(
          z
            .object({
              provider_name: z.string(),
              base_url: z.string().nullable().openapi({ description: 'Where the models were listed (null: the adapter’s own, as for the demo)' }),
              key_sent: z.boolean().openapi({ description: 'Whether a stored API key went with the request: only to the provider’s base URL, its adapter’s default or its models’ api_url hosts' }),
              models: z.array(z.object({ model_name: z.string(), registered: z.boolean() })),
            })
            .openapi('DiscoveredModels'),
        ),
      },
      ...errorResponses(400, 401, 403, 404, 502, 503),
    },
  }),
};

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminProvidersRoutes({ db, providers }: AppDeps) {
  const changed = async () => {
    providers.catalog.invalidate();
    await providers.pool.refresh();
  };
  return createRouter()
    .openapi(routes.list, async (c) => c.json((await listProviders(db)).map(toProviderJson), 200))
    .openapi(routes.create, async (c) => {
      const row = await createProvider(db, c.req.valid('json'));
      await changed();
      return c.json(toProviderJson(row), 201);
    })
    .openapi(routes.update, async (c) => {
      const row = await updateProvider(db, c.req.valid('param').name, c.req.valid('json'));
      await changed();
      return c.json(toProviderJson(row), 200);
    })
    .openapi(routes.remove, async (c) => {
      await deleteProvider(db, c.req.valid('param').name);
      await changed();
      return c.body(null, 204);
    })
    .openapi(routes.listKeys, async (c) => c.json((await listKeys(db, c.req.valid('param').name)).map(toKeyJson), 200))
    .openapi(routes.addKey, async (c) => {
      const row = await addKey(db, providers.cipher, c.req.valid('param').name, c.req.valid('json').api_key, currentUser(c).user_id);
      await changed();
      return c.json(toKeyJson(row), 201);
    })
    .openapi(routes.updateKey, async (c) => {
      const row = await updateKey(db, c.req.valid('param').key_id, c.req.valid('json'));
      await changed();
      return c.json(toKeyJson(row), 200);
    })
    .openapi(routes.deleteKey, async (c) => {
      noteAudit(c, { details: { result: await deleteKey(db, c.req.valid('param').key_id) } });
      await changed();
      return c.body(null, 204);
    })
    .openapi(routes.health, async (c) => {
      const view = await providerHealth(db, providers.cipher);
      return c.json(
        view.map((entry) => ({
          provider: toProviderJson(entry.provider),
          summary: entry.summary,
          keys: entry.keys.map((key) => ({
            ...toKeyJson(key),
            decryptable: key.decryptable,
            health: key.health,
            cooldown_remaining_ms: key.cooldown_remaining_ms,
          })),
        })),
        200,
      );
    })
    .openapi(routes.discover, async (c) => {
      const name = c.req.valid('param').name;
      const provider = (await listProviders(db)).find((row) => row.provider_name === name);
      if (!provider) throw new AppError('not_found', `Provider ${name} not found`);
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      const found = await discoverModels(providers, provider, body?.api_url);
      const registered = new Set((await providers.catalog.snapshot()).models.filter((model) => model.provider_name === name).map((model) => model.model_name));
      return c.json(
        {
          provider_name: name,
          base_url: found.baseURL ?? null,
          key_sent: found.keySent,
          models: found.models.map((model_name) => ({ model_name, registered: registered.has(model_name) })),
        },
        200,
      );
    });
}
