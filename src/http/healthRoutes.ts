import { createRoute, z } from '@hono/zod-openapi';
import { isMigrated } from '../db/migrate.js';
import { AppError } from '../errors.js';
import type { AppDeps } from './context.js';
import { createRouter } from './router.js';

const statusSchema = z.object({ status: z.literal('ok') }).openapi('Status');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: statusSchema } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: the database answers and every migration is applied',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: statusSchema } } },
    503: { description: 'Not ready' },
  },
});

export function healthRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => {
      let migrated: boolean;
      try {
        migrated = await isMigrated(deps.pool, deps.migrations);
      } catch (error) {
        throw new AppError('unavailable', 'Database unreachable', { cause: error });
      }
      if (!migrated) throw new AppError('unavailable', 'Database migrations are not applied yet');
      return c.json({ status: 'ok' as const }, 200);
    });
}
