import { createRoute, z } from '@hono/zod-openapi';
import { UnauthorizedError } from '../errors.js';
import { optionalAuth } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

const filterQuery = z.object({
  method: z.enum(['bt', 'elo']).default('bt'),
  blind: booleanQuery.default(false),
  since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' }).optional(),
  mine: booleanQuery.default(false),
});

const rowSchema = z
  .object({
    rank: z.number().int(),
    model_id: z.string(),
    model_name: z.string(),
    provider_name: z.string().nullable(),
    rating: z.number(),
    ci_lower: z.number().nullable(),
    ci_upper: z.number().nullable(),
    votes: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    ties: z.number().int(),
    win_rate: z.number().nullable(),
    avg_time_ms: z.number().nullable(),
    comparable: z.boolean(),
  })
  .openapi('LeaderboardRow');

const leaderboardRoute = createRoute({
  method: 'get',
  path: '/leaderboard',
  tags: ['leaderboard'],
  summary: 'Ratings from the votes: Bradley–Terry with bootstrap 95% intervals (bt) or online Elo (elo)',
  request: { query: filterQuery },
  responses: {
    200: {
      description: 'Leaderboard',
      ...jsonContent(z.object({ method: z.enum(['bt', 'elo']), votes: z.number().int(), computed_at: z.string(), models: z.array(rowSchema) }).openapi('Leaderboard')),
    },
    ...errorResponses(400, 401),
  },
});

const matrixRoute = createRoute({
  method: 'get',
  path: '/leaderboard/matrix',
  tags: ['leaderboard'],
  summary: 'Pairwise win rates (ties left out) and battle counts, models in leaderboard order',
  request: { query: filterQuery.omit({ method: true }) },
  responses: {
    200: {
      description: 'Matrices',
      ...jsonContent(
        z
          .object({
            models: z.array(z.object({ model_id: z.string(), model_name: z.string() })),
            win_rate: z.array(z.array(z.number().nullable())),
            battles: z.array(z.array(z.number().int())),
          })
          .openapi('WinRateMatrix'),
      ),
    },
    ...errorResponses(400, 401),
  },
});

/** Readable signed out while public_sharing is on; `mine=true` always needs the caller. */
export function leaderboardRoutes({ auth, settings, leaderboard }: AppDeps) {
  const router = createRouter();
  router.use('/leaderboard', optionalAuth(auth));
  router.use('/leaderboard/*', optionalAuth(auth));
  const filterFor = async (query: { blind: boolean; since?: string | undefined; mine: boolean }, userId: string | undefined) => {
    if (query.mine && !userId) throw new UnauthorizedError('Sign in to see your own leaderboard');
    if (!userId && !(await settings.get()).public_sharing) throw new UnauthorizedError('Sign in to see the leaderboard');
    return { blind: query.blind, since: query.since ? new Date(query.since) : undefined, userId: query.mine ? userId : undefined };
  };
  return router
    .openapi(leaderboardRoute, async (c) => {
      const query = c.req.valid('query');
      return c.json(await leaderboard.leaderboard(query.method, await filterFor(query, c.get('user')?.user_id)), 200);
    })
    .openapi(matrixRoute, async (c) => c.json(await leaderboard.matrix(await filterFor(c.req.valid('query'), c.get('user')?.user_id)), 200));
}
