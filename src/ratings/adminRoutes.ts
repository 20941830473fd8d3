import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { EXCLUSION_REASONS } from './votes.js';

const modelRef = z.object({ model_id: z.string(), model_name: z.string() }).nullable();

const excludedVoteSchema = z
  .object({
    vote_id: z.uuid(),
    comparison_id: z.uuid().nullable(),
    user_id: z.uuid().nullable(),
    created_at: z.string().nullable(),
    model1: modelRef,
    model2: modelRef,
    outcome: z.string().nullable(),
    blind: z.boolean(),
    reason: z.enum(EXCLUSION_REASONS),
  })
  .openapi('ExcludedVote');

const listRoute = createRoute({
  method: 'get',
  path: '/leaderboard/excluded',
  tags: ['admin'],
  summary: 'Votes a hygiene rule leaves out of the ratings (identity_leak: out of the blind set only), newest first',
  security: bearerSecurity,
  request: {
    query: z.object({
      reason: z.enum(EXCLUSION_REASONS).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: {
    200: { description: 'A page of excluded votes', ...jsonContent(z.object({ votes: z.array(excludedVoteSchema), total: z.number().int() }).openapi('ExcludedVotes')) },
    ...errorResponses(400, 401, 403),
  },
});

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminLeaderboardRoutes({ leaderboard, providers }: AppDeps) {
  return createRouter().openapi(listRoute, async (c) => {
    const [page, snapshot] = await Promise.all([leaderboard.excludedVotes(c.req.valid('query')), providers.catalog.snapshot()]);
    const names = new Map(snapshot.models.map((model) => [model.model_id, model.model_name]));
    const ref = (id: string | null) => (id ? { model_id: id, model_name: names.get(id) ?? id } : null);
    return c.json(
      {
        total: page.total,
        votes: page.votes.map(({ model1_id, model2_id, created_at, ...vote }) => ({ ...vote, created_at: created_at ? created_at.toISOString() : null, model1: ref(model1_id), model2: ref(model2_id) })),
      },
      200,
    );
  });
}
