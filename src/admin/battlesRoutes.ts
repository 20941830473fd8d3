import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { exportBattles, importBattles } from '../ratings/battles.js';

const exportRoute = createRoute({
  method: 'get',
  path: '/export/battles',
  tags: ['admin'],
  security: bearerSecurity,
  summary: 'Every vote as JSON lines in FastChat’s battle format (model_a, model_b, winner, tstamp, anony), for LMArena’s notebooks',
  responses: { 200: { description: 'application/x-ndjson', content: { 'application/x-ndjson': { schema: z.string() } } }, ...errorResponses(401, 403) },
});

const importRoute = createRoute({
  method: 'post',
  path: '/import/battles',
  tags: ['admin'],
  security: bearerSecurity,
  summary: 'Load battles in the same format (one JSON object per line, application/x-ndjson); unknown models are created inactive',
  // No request schema on purpose: a validator would buffer the whole file; the body is streamed line by line.
  responses: {
    200: {
      description: 'What was imported',
      ...jsonContent(
        z.object({ imported: z.number(), skipped: z.number(), models_created: z.array(z.string()), errors: z.array(z.string()) }).openapi('BattleImport'),
      ),
    },
    ...errorResponses(400, 401, 403, 413),
  },
});

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminBattlesRoutes({ db, leaderboard, providers, analyser }: AppDeps) {
  const router = createRouter();
  // A streamed body is not a typed JSON answer: documented here, served by a plain handler.
  router.openAPIRegistry.registerPath(exportRoute);
  router.get(exportRoute.path, (c) => {
      c.header('content-type', 'application/x-ndjson; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="battles.jsonl"');
      const encoder = new TextEncoder();
      return c.body(ReadableStream.from(exportBattles(db)).pipeThrough(new TransformStream<string, Uint8Array>({ transform: (line, out) => out.enqueue(encoder.encode(line)) })), 200);
  });
  return router.openapi(importRoute, async (c) => {
      const body = c.req.raw.body;
      if (!body) throw new ValidationError('body: send the battles, one JSON object per line');
      const report = await importBattles(db, body, analyser);
      leaderboard.invalidate();
      providers.catalog.invalidate();
      return c.json(report, 200);
    });
}
