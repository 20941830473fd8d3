import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, isoOrNull, jsonContent, timestampSchema } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { storableString } from '../http/storableText.js';
import { isKnownSetting, KNOWN_SETTINGS } from './settings.js';

const settingSchema = z
  .object({
    key: z.string(),
    value: z.string().nullable(),
    known: z.boolean(),
    description: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi('Setting');

const publicSettingsSchema = z
  .object({
    public_sharing: z.boolean(),
    max_prompt_chars: z.number().int(),
    anonymous_battles_enabled: z.boolean(),
    signup_enabled: z.boolean(),
    signup_invite_only: z.boolean().openapi({ description: 'Sign-up needs an invite_code' }),
    default_model1: z.string().nullable(),
    default_model2: z.string().nullable(),
  })
  .openapi('PublicSettings');

const publicRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['settings'],
  summary: 'The settings the web app needs (sharing, prompt limit, defaults); no sign-in needed',
  responses: { 200: { description: 'Settings', ...jsonContent(publicSettingsSchema) } },
});

const listRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['admin'],
  security: bearerSecurity,
  summary: 'Every system setting; known ones carry a description',
  responses: { 200: { description: 'Settings', ...jsonContent(z.array(settingSchema)) }, ...errorResponses(401, 403) },
});

const putRoute = createRoute({
  method: 'put',
  path: '/settings/{key}',
  tags: ['admin'],
  security: bearerSecurity,
  summary: 'Set a setting; known keys are validated (booleans "true"/"false", numbers, model ids), others stored as text',
  request: {
    params: z.object({ key: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'must be lower-case letters, digits, _ . -') }),
    body: { ...jsonContent(z.object({ value: z.union([storableString().max(10_000), z.number(), z.boolean()]).transform(String) })), required: true },
  },
  responses: { 200: { description: 'Stored', ...jsonContent(settingSchema) }, ...errorResponses(400, 401, 403) },
});

function toSettingJson(row: { key: string; value: string | null; created_at: Date | null; updated_at: Date | null }) {
  return {
    key: row.key,
    value: row.value,
    known: isKnownSetting(row.key),
    description: isKnownSetting(row.key) ? KNOWN_SETTINGS[row.key].description : null,
    created_at: isoOrNull(row.created_at),
    updated_at: isoOrNull(row.updated_at),
  };
}

export function publicSettingsRoutes({ settings }: AppDeps) {
  return createRouter().openapi(publicRoute, async (c) => {
    const current = await settings.get();
    return c.json({ ...current, default_model1: current.default_model1 ?? null, default_model2: current.default_model2 ?? null }, 200);
  });
}

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminSettingsRoutes({ settings }: AppDeps) {
  return createRouter()
    .openapi(listRoute, async (c) => c.json((await settings.list()).map(toSettingJson), 200))
    .openapi(putRoute, async (c) => c.json(toSettingJson(await settings.put(c.req.valid('param').key, c.req.valid('json').value)), 200));
}
