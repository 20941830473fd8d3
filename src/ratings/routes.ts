import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError, UnauthorizedError } from '../errors.js';
import { optionalAuth } from '../http/auth.js';
import { clientIp } from '../http/clientIp.js';
import type { AppDeps, AppEnv } from '../http/context.js';
import { errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { FixedWindowRateLimiter } from '../rateLimiter.js';
import { orderRows } from './ranking.js';
import { leaderboardQuery, leaderboardSchema, matrixSchema, overviewSchema, viewQuery } from './schemas.js';
import type { VoteFilter } from './votes.js';

const leaderboardRoute = createRoute({
  method: 'get',
  path: '/leaderboard',
  tags: ['leaderboard'],
  summary: 'Ratings from the votes: Bradley–Terry with bootstrap 95% intervals (bt) or online Elo (elo)',
  request: { query: leaderboardQuery },
  responses: {
    200: { description: 'Leaderboard', ...jsonContent(leaderboardSchema) },
    ...errorResponses(400, 401, 429),
  },
});

const matrixRoute = createRoute({
  method: 'get',
  path: '/leaderboard/matrix',
  tags: ['leaderboard'],
  summary: 'Pairwise win rates (ties left out) and battle counts, models in leaderboard order',
  request: { query: viewQuery.omit({ method: true }) },
  responses: {
    200: { description: 'Matrices', ...jsonContent(matrixSchema) },
    ...errorResponses(400, 401, 429),
  },
});

const overviewRoute = createRoute({
  method: 'get',
  path: '/leaderboard/categories',
  tags: ['leaderboard'],
  summary: 'Every model’s Bradley–Terry rank, rating and votes in every category (overall, rule categories, labelled categories, top languages), as LMArena’s overview',
  request: { query: viewQuery.omit({ method: true }) },
  responses: {
    200: { description: 'Overview', ...jsonContent(overviewSchema) },
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
  const filterFor = async (c: Context<AppEnv>, query: { blind: boolean; since?: string | undefined; mine: boolean; category?: string | undefined; language?: string | undefined }): Promise<VoteFilter> => {
    const userId = c.get('user')?.user_id;
    if (query.mine && !userId) throw new UnauthorizedError('Sign in to see your own leaderboard');
    if (!userId) {
      if (!(await settings.get()).public_sharing) throw new UnauthorizedError('Sign in to see the leaderboard');
      const hit = signedOut.hit(clientIp(c, config.TRUST_PROXY));
      if (!hit.allowed) throw new AppError('rate_limited', 'Too many leaderboard requests from this address; sign in, or try again shortly', { retryAfterSeconds: hit.retryAfterSeconds });
    }
    if (query.category) await leaderboard.checkCategory(query.category);
    return { blind: query.blind, since: query.since ? new Date(query.since) : undefined, userId: query.mine ? userId : undefined, category: query.category, language: query.language };
  };
  return router
    .openapi(leaderboardRoute, async (c) => {
      const query = c.req.valid('query');
      const board = await leaderboard.leaderboard(query.method, await filterFor(c, query), { styleControl: query.style_control, source: query.source });
      return c.json({ ...board, models: orderRows(board.models, query.sort) }, 200);
    })
    .openapi(matrixRoute, async (c) => c.json(await leaderboard.matrix(await filterFor(c, c.req.valid('query'))), 200))
    .openapi(overviewRoute, async (c) => c.json(await leaderboard.overview(await filterFor(c, c.req.valid('query'))), 200));
}
