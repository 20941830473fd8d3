import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ValidationError } from '../errors.js';
import { currentUser, requireAuth } from '../http/auth.js';
import type { AppDeps, AppEnv } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { drillDown } from './drilldown.js';
import { exportJson, judgmentsCsv, resultsCsv } from './exports.js';
import { plainInput } from './plainInput.js';
import { textStream } from './promptSetRoutes.js';
import {
  createEvaluationSchema,
  drillPageSchema,
  drillQuery,
  evaluationExportQuery,
  evaluationSchema,
  evaluationViewSchema,
  idParam,
  scopeQuery,
  toEvaluationJson,
  toViewJson,
} from './schemas.js';

const route = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ ...config, tags: ['evaluations'], security: bearerSecurity });
const viewResponse = { description: 'The run with its progress and (once done) results', ...jsonContent(evaluationViewSchema) };
const TERMINAL = new Set(['done', 'failed', 'cancelled']);
/** How often the event stream sends progress. */
const EVENT_INTERVAL_MS = 1_000;

const action = (name: 'pause' | 'resume' | 'cancel', summary: string) =>
  route({ method: 'post', path: `/evaluations/{id}/${name}`, summary, request: { params: idParam }, responses: { 200: viewResponse, ...errorResponses(400, 401, 404, 409) } });

const routes = {
  list: route({
    method: 'get',
    path: '/evaluations',
    summary: 'The caller’s evaluations (admins: everyone’s with all=true), newest first',
    request: { query: scopeQuery },
    responses: { 200: { description: 'Runs', ...jsonContent(z.array(evaluationSchema)) }, ...errorResponses(400, 401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/evaluations',
    summary: 'Start an evaluation: answers from every model, each pair judged in both orders (queued while the caller has eval_max_running_per_user running)',
    request: { body: { ...jsonContent(createEvaluationSchema), required: true } },
    responses: { 201: viewResponse, ...errorResponses(400, 401) },
  }),
  get: route({
    method: 'get',
    path: '/evaluations/{id}',
    summary: 'A run: status, progress per stage with an ETA, and results once done (partial=true: from what is judged so far)',
    request: { params: idParam, query: z.object({ partial: z.enum(['true', 'false']).optional() }) },
    responses: { 200: viewResponse, ...errorResponses(400, 401, 404) },
  }),
  events: route({
    method: 'get',
    path: '/evaluations/{id}/events',
    summary: 'Server-sent events: `progress` (the run as GET returns it) every second, and `end` with the results when it stops',
    request: { params: idParam },
    responses: { 200: { description: 'Events', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(400, 401, 404) },
  }),
  pause: action('pause', 'Pause: no new calls start; calls in flight finish and are kept'),
  resume: action('resume', 'Resume a paused (or failed) run where it stopped; failed items are tried again'),
  cancel: action('cancel', 'Cancel for good; what was stored stays for other runs to reuse'),
  remove: route({
    method: 'delete',
    path: '/evaluations/{id}',
    summary: 'Delete a run (cancelled first if live); its answers and verdicts stay for reuse',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 404) },
  }),
  prompts: route({
    method: 'get',
    path: '/evaluations/{id}/prompts',
    summary: 'Drill-down: prompts in order, each with every answer and both verdicts of each pair with the judge’s reasoning',
    request: { params: idParam, query: drillQuery },
    responses: { 200: { description: 'A page of prompts', ...jsonContent(drillPageSchema) }, ...errorResponses(400, 401, 404) },
  }),
  export: route({
    method: 'get',
    path: '/evaluations/{id}/export',
    summary: 'Download: JSON (the run, results and every prompt with answers and verdicts) or CSV (the results table, or one row per judgment)',
    request: { params: idParam, query: evaluationExportQuery },
    responses: {
      200: { description: 'The file', content: { 'application/json': { schema: z.string() }, 'text/csv': { schema: z.string() } } },
      ...errorResponses(400, 401, 404),
    },
  }),
};

export function evaluationRoutes({ auth, db, evaluations }: AppDeps) {
  const router = createRouter();
  router.use('/evaluations', requireAuth(auth));
  router.use('/evaluations/*', requireAuth(auth));

  // Streams are not typed JSON answers: documented in the registry, served by plain handlers.
  router.openAPIRegistry.registerPath(routes.events);
  router.get('/evaluations/:id/events', async (c) => {
    const { id } = plainInput(idParam, c.req.param(), 'param');
    const user = currentUser(c);
    await evaluations.readable(user, id);
    return streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      while (open) {
        const view = await evaluations.view(user, id);
        const names = await evaluations.modelNames();
        const ended = TERMINAL.has(view.evaluation.status);
        await stream.writeSSE({ event: ended ? 'end' : 'progress', data: JSON.stringify(toViewJson(view, names)) });
        if (ended) return;
        await stream.sleep(EVENT_INTERVAL_MS);
      }
    });
  });
  router.openAPIRegistry.registerPath(routes.export);
  router.get('/evaluations/:id/export', async (c) => {
    const { id } = plainInput(idParam, c.req.param(), 'param');
    const query = plainInput(evaluationExportQuery, c.req.query(), 'query');
    const view = await evaluations.view(currentUser(c), id, true);
    const names = await evaluations.modelNames();
    c.header('content-disposition', `attachment; filename="evaluation-${id}${query.format === 'csv' ? `-${query.content}.csv` : '.json'}"`);
    if (query.format === 'json') {
      c.header('content-type', 'application/json; charset=utf-8');
      return c.body(textStream(exportJson(db, view, names)), 200);
    }
    c.header('content-type', 'text/csv; charset=utf-8');
    return query.content === 'results' ? c.body(resultsCsv(view), 200) : c.body(textStream(judgmentsCsv(db, view, names)), 200);
  });

  return router
    .openapi(routes.list, async (c) => {
      const names = await evaluations.modelNames();
      return c.json((await evaluations.list(currentUser(c), c.req.valid('query').all)).map((run) => toEvaluationJson(run, names)), 200);
    })
    .openapi(routes.create, async (c) => {
      const user = currentUser(c);
      const run = await evaluations.create(user, c.req.valid('json'));
      return c.json(toViewJson(await evaluations.view(user, run.evaluation_id), await evaluations.modelNames()), 201);
    })
    .openapi(routes.get, async (c) => {
      const view = await evaluations.view(currentUser(c), c.req.valid('param').id, c.req.valid('query').partial === 'true');
      return c.json(toViewJson(view, await evaluations.modelNames()), 200);
    })
    .openapi(routes.pause, async (c) => c.json(toViewJson(await evaluations.pause(currentUser(c), c.req.valid('param').id), await evaluations.modelNames()), 200))
    .openapi(routes.resume, async (c) => c.json(toViewJson(await evaluations.resume(currentUser(c), c.req.valid('param').id), await evaluations.modelNames()), 200))
    .openapi(routes.cancel, async (c) => c.json(toViewJson(await evaluations.cancel(currentUser(c), c.req.valid('param').id), await evaluations.modelNames()), 200))
    .openapi(routes.remove, async (c) => {
      await evaluations.remove(currentUser(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(routes.prompts, async (c) => {
      const run = await evaluations.readable(currentUser(c), c.req.valid('param').id);
      const { offset, limit } = c.req.valid('query');
      const total = await evaluations.promptCount(run);
      return c.json({ offset, total, prompts: await drillDown(db, run, offset, limit) }, 200);
    });
}
