import { createRoute, z } from '@hono/zod-openapi';
import { SUPABASE_OAUTH_PROVIDERS } from '../config.js';
import type { AppDeps } from '../http/context.js';
import { jsonContent, orNull } from '../http/json.js';
import { createRouter } from '../http/router.js';

const authConfigSchema = z
  .object({
    mode: z.enum(['local', 'supabase']),
    supabase: orNull(
      z
        .object({
          url: z.string().openapi({ example: 'https://abcd.supabase.co' }),
          anon_key: z.string().openapi({ description: 'The project’s public anon (publishable) key; row-level security keeps it away from the tables' }),
          oauth_providers: z.array(z.enum(SUPABASE_OAUTH_PROVIDERS)),
        })
        .openapi('SupabaseAuthConfig'),
    ),
  })
  .openapi('AuthConfig');

const route = createRoute({
  method: 'get',
  path: '/auth/config',
  tags: ['auth'],
  summary: 'How to sign in: local accounts, or Supabase Auth with the project URL, anon key and OAuth providers; no sign-in needed',
  responses: { 200: { description: 'Sign-in configuration', ...jsonContent(authConfigSchema) } },
});

/** Public: the web app reads it before anyone signs in, to pick its sign-in form. */
export function authConfigRoutes({ config }: AppDeps) {
  const answer: z.infer<typeof authConfigSchema> =
    config.AUTH_MODE === 'supabase' && config.SUPABASE_URL && config.SUPABASE_ANON_KEY
      ? { mode: 'supabase', supabase: { url: config.SUPABASE_URL, anon_key: config.SUPABASE_ANON_KEY, oauth_providers: config.SUPABASE_OAUTH_PROVIDERS } }
      : { mode: 'local', supabase: null };
  return createRouter().openapi(route, (c) => c.json(answer, 200));
}
