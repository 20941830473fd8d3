import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ValidationError } from '../errors.js';
import { currentUser, requireAuth } from '../http/auth.js';
import type { AppDeps, AppEnv } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { collectPrompts, importFormat, readPromptFile } from './promptImport.js';
import { plainInput } from './plainInput.js';
import { addPromptSetVersion, checkSetName, createPromptSet, deletePromptSet, exportPrompts, listPromptSets, listVersions, promptsOf, readableSet, versionOf } from './promptSets.js';
import {
  createPromptSetSchema,
  exportQuery,
  idParam,
  importQuery,
  promptSetDetailSchema,
  promptSetQuery,
  promptSetSchema,
  scopeQuery,
  toPromptSetJson,
  toVersionJson,
  updatePromptSetSchema,
} from './schemas.js';

const route = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ ...config, tags: ['evaluations'], security: bearerSecurity });

const fileBody = {
  description: 'JSON lines (`application/x-ndjson`: one `{"prompt", "id"?, "category"?, "reference"?}` per line) or CSV (`text/csv` with a header row naming those columns)',
  content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } },
};

const routes = {
  list: route({
    method: 'get',
    path: '/prompt-sets',
    summary: 'The caller’s prompt sets (admins: everyone’s with all=true), newest first',
    request: { query: scopeQuery },
    responses: { 200: { description: 'Sets', ...jsonContent(z.array(promptSetSchema)) }, ...errorResponses(400, 401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/prompt-sets',
    summary: 'A new prompt set (version 1) from JSON',
    request: { body: { ...jsonContent(createPromptSetSchema), required: true } },
    responses: { 201: { description: 'Created', ...jsonContent(promptSetSchema) }, ...errorResponses(400, 401, 413) },
  }),
  importNew: route({
    method: 'post',
    path: '/prompt-sets/import',
    summary: 'A new prompt set from a JSON-lines or CSV file, streamed; a bad line is a 400 naming the line and field, and nothing is stored',
    // No body validator: it would buffer the file. The handler streams it.
    request: { query: importQuery, body: { ...fileBody, required: true } },
    responses: { 201: { description: 'Created', ...jsonContent(promptSetSchema) }, ...errorResponses(400, 401, 413) },
  }),
  get: route({
    method: 'get',
    path: '/prompt-sets/{id}',
    summary: 'A prompt set: its versions, and a page of the prompts of one version (the newest by default)',
    request: { params: idParam, query: promptSetQuery },
    responses: { 200: { description: 'Set', ...jsonContent(promptSetDetailSchema) }, ...errorResponses(400, 401, 404) },
  }),
  update: route({
    method: 'put',
    path: '/prompt-sets/{id}',
    summary: 'Edit: the prompts given become the next version (earlier versions stay as they were)',
    request: { params: idParam, body: { ...jsonContent(updatePromptSetSchema), required: true } },
    responses: { 200: { description: 'The new version', ...jsonContent(promptSetSchema) }, ...errorResponses(400, 401, 403, 404, 413) },
  }),
  importVersion: route({
    method: 'post',
    path: '/prompt-sets/{id}/import',
    summary: 'Edit from a file: its prompts become the next version',
    request: { params: idParam, body: { ...fileBody, required: true } },
    responses: { 200: { description: 'The new version', ...jsonContent(promptSetSchema) }, ...errorResponses(400, 401, 403, 404, 413) },
  }),
  export: route({
    method: 'get',
    path: '/prompt-sets/{id}/export',
    summary: 'One version as a JSON-lines or CSV file (imports again as the same prompts)',
    request: { params: idParam, query: exportQuery },
    responses: {
      200: { description: 'The file', content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  remove: route({
    method: 'delete',
    path: '/prompt-sets/{id}',
    summary: 'Delete a set and its versions (409 while evaluations use it)',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
};

/** The file of an import request, parsed as it streams in. */
function readFile(c: Context<AppEnv>) {
  const format = importFormat(c.req.header('content-type'));
  if (!format) throw new ValidationError('content-type: send application/x-ndjson (JSON lines) or text/csv');
  const body = c.req.raw.body;
  if (!body) throw new ValidationError('body: send the prompts');
  return readPromptFile(body, format);
}

/** Streams an async generator of text as the response body. */
export function textStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(lines).pipeThrough(new TransformStream<string, Uint8Array>({ transform: (text, out) => out.enqueue(encoder.encode(text)) }));
}

export function promptSetRoutes({ auth, db }: AppDeps) {
  const router = createRouter();
  router.use('/prompt-sets', requireAuth(auth));
  router.use('/prompt-sets/*', requireAuth(auth));
  router.openAPIRegistry.registerPath(routes.export);
  router.get('/prompt-sets/:id/export', async (c) => {
    const { id } = plainInput(idParam, c.req.param(), 'param');
    const query = plainInput(exportQuery, c.req.query(), 'query');
    const set = await readableSet(db, currentUser(c), id);
    const version = await versionOf(db, set, query.version);
    const csv = query.format === 'csv';
    c.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    c.header('content-disposition', `attachment; filename="prompt-set-v${version.version}.${csv ? 'csv' : 'jsonl'}"`);
    return c.body(textStream(exportPrompts(db, set.prompt_set_id, version.version, query.format)), 200);
  });
  return router
    .openapi(routes.list, async (c) => c.json((await listPromptSets(db, currentUser(c), c.req.valid('query').all)).map((set) => toPromptSetJson(set)), 200))
    .openapi(routes.create, async (c) => {
      const body = c.req.valid('json');
      const set = await createPromptSet(db, currentUser(c), checkSetName(body.name), collectPrompts(body.prompts));
      return c.json(toPromptSetJson(set), 201);
    })
    .openapi(routes.importNew, async (c) => {
      const name = checkSetName(c.req.valid('query').name, 'name (query)');
      const set = await createPromptSet(db, currentUser(c), name, await readFile(c));
      return c.json(toPromptSetJson(set), 201);
    })
    .openapi(routes.get, async (c) => {
      const query = c.req.valid('query');
      const set = await readableSet(db, currentUser(c), c.req.valid('param').id);
      const version = await versionOf(db, set, query.version);
      const [versions, prompts] = await Promise.all([listVersions(db, set.prompt_set_id), promptsOf(db, set.prompt_set_id, version.version, query)]);
      return c.json({ ...toPromptSetJson({ ...set, prompt_count: version.prompt_count }, version.version), versions: versions.map(toVersionJson), prompts, offset: query.offset }, 200);
    })
    .openapi(routes.update, async (c) => {
      const body = c.req.valid('json');
      const name = body.name === undefined ? undefined : checkSetName(body.name);
      const set = await addPromptSetVersion(db, currentUser(c), c.req.valid('param').id, collectPrompts(body.prompts), name);
      return c.json(toPromptSetJson(set), 200);
    })
    .openapi(routes.importVersion, async (c) => {
      const id = c.req.valid('param').id;
      // The set is checked first, so a stranger's id is a 404 before any of the file is read.
      await readableSet(db, currentUser(c), id);
      const set = await addPromptSetVersion(db, currentUser(c), id, await readFile(c));
      return c.json(toPromptSetJson(set), 200);
    })
    .openapi(routes.remove, async (c) => {
      await deletePromptSet(db, currentUser(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
