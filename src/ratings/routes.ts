import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError, UnauthorizedError } from '../errors.js';
import { optionalAuth } from '../http/auth.js';
import { clientIp } from '../http/clientIp.js';
import type { AppDeps, AppEnv } from '../http/context.js';
import { errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { FixedWindowRateLimiter } from '../rateLimiter.js';

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

const count = z.number().int();
const excludedSchema = z
  .object({ failed: count, identity_leak: count, duplicate: count, daily_cap: count, demo: count })
  .openapi('LeaderboardExclusions', {
    description:
      'Votes matching the filters that are left out of the ratings, by reason (their rows stay): failed (a side failed, was cut off or came back empty), identity_leak (an answer named a model or its maker: out of the blind set), duplicate (a prompt asked far more often than others, sampled down), daily_cap (beyond the per-user daily cap), demo (votes on the offline demo models once a real model is active)',
  });

const leaderboardRoute = createRoute({
  method: 'get',
  path: '/leaderboard',
  tags: ['leaderboard'],
  summary: 'Ratings from the votes: Bradley–Terry with bootstrap 95% intervals (bt) or online Elo (elo)',
  request: { query: filterQuery },
  responses: {
    200: {
      description: 'Leaderboard',
      ...jsonContent(
        z
          .object({
            method: z.enum(['bt', 'elo']),
            votes: z.number().int().openapi({ description: 'Votes counted, after every filter and exclusion' }),
            since: z.string().nullable().openapi({ description: 'The time window applied: the requested `since` rounded down (to the hour within the last two days, to the UTC day before)' }),
            excluded: excludedSchema,
            computed_at: z.string(),
            models: z.array(rowSchema),
          })
          .openapi('Leaderboard'),
      ),
    },
    ...errorResponses(400, 401, 429),
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
    ...errorResponses(400, 401, 429),
  },
});

/**
 * Readable signed out while public_sharing is on, at most LEADERBOARD_PUBLIC_REQUESTS_PER_MINUTE
 * requests per client address (each new filter value may cost a computation); `mine=true` always
 * needs the caller.
 */
export function leaderboardRoutes({ auth, settings, leaderboard, config }: AppDeps) {
  const router = createRouter();
  router.use('/leaderboard', optionalAuth(auth));
  router.use('/leaderboard/*', optionalAuth(auth));
  const signedOut = new FixedWindowRateLimiter(config.LEADERBOARD_PUBLIC_REQUESTS_PER_MINUTE, 60_000);
  const filterFor = async (c: Context<AppEnv>, query: { blind: boolean; since?: string | undefined; mine: boolean }) => {
    const userId = c.get('user')?.user_id;
    if (query.mine && !userId) throw new UnauthorizedError('Sign in to see your own leaderboard');
    if (!userId) {
      if (!(await settings.get()).public_sharing) throw new UnauthorizedError('Sign in to see the leaderboard');
      const hit = signedOut.hit(clientIp(c, config.TRUST_PROXY));
      if (!hit.allowed) throw new AppError('rate_limited', 'Too many leaderboard requests from this address; sign in, or try again shortly', { retryAfterSeconds: hit.retryAfterSeconds });
    }
    return { blind: query.blind, since: query.since ? new Date(query.since) : undefined, userId: query.mine ? userId : undefined };
  };
  return router
    .openapi(leaderboardRoute, async (c) => {
      const query = c.req.valid('query');
      return c.json(await leaderboard.leaderboard(query.method, await filterFor(c, query)), 200);
    })
    .openapi(matrixRoute, async (c) => c.json(await leaderboard.matrix(await filterFor(c, c.req.valid('query'))), 200));
}
