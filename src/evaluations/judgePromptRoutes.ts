import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireAuth } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { createJudgePrompt, listJudgePrompts, readableJudgePrompt, updateJudgePrompt } from './judgePrompts.js';
import { idParam, judgePromptInputSchema, judgePromptPatchSchema, judgePromptSchema, toJudgePromptJson } from './schemas.js';

const route = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ ...config, tags: ['evaluations'], security: bearerSecurity });

const routes = {
  list: route({
    method: 'get',
    path: '/judge-prompts',
    summary: 'The built-in judge prompt and the caller’s own, with their newest text',
    responses: { 200: { description: 'Judge prompts', ...jsonContent(z.array(judgePromptSchema)) }, ...errorResponses(401) },
  }),
  create: route({
    method: 'post',
    path: '/judge-prompts',
    summary: 'A judge prompt of your own (version 1)',
    request: { body: { ...jsonContent(judgePromptInputSchema), required: true } },
    responses: { 201: { description: 'Created', ...jsonContent(judgePromptSchema) }, ...errorResponses(400, 401) },
  }),
  get: route({
    method: 'get',
    path: '/judge-prompts/{id}',
    summary: 'One judge prompt',
    request: { params: idParam },
    responses: { 200: { description: 'Judge prompt', ...jsonContent(judgePromptSchema) }, ...errorResponses(400, 401, 404) },
  }),
  update: route({
    method: 'patch',
    path: '/judge-prompts/{id}',
    summary: 'Edit your judge prompt: a changed text is a new version (runs keep the version they used)',
    request: { params: idParam, body: { ...jsonContent(judgePromptPatchSchema), required: true } },
    responses: { 200: { description: 'Updated', ...jsonContent(judgePromptSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
};

export function judgePromptRoutes({ auth, db }: AppDeps) {
  const router = createRouter();
  router.use('/judge-prompts', requireAuth(auth));
  router.use('/judge-prompts/*', requireAuth(auth));
  return router
    .openapi(routes.list, async (c) => c.json((await listJudgePrompts(db, currentUser(c))).map(toJudgePromptJson), 200))
    .openapi(routes.create, async (c) => c.json(toJudgePromptJson(await createJudgePrompt(db, currentUser(c), c.req.valid('json'))), 201))
    .openapi(routes.get, async (c) => c.json(toJudgePromptJson(await readableJudgePrompt(db, currentUser(c), c.req.valid('param').id)), 200))
    .openapi(routes.update, async (c) => c.json(toJudgePromptJson(await updateJudgePrompt(db, currentUser(c), c.req.valid('param').id, c.req.valid('json'))), 200));
}
