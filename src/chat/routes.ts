import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AiModel } from '../db/schema.js';
import { AppError, NotFoundError } from '../errors.js';
import { currentUser, optionalAuth, requireAuth } from '../http/auth.js';
import type { AppDeps, AppEnv } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { eventStream } from '../http/sseWriter.js';
import type { Logger } from '../logger.js';
import { threadAnswerStats } from './answerStats.js';
import type { ComparisonAnswer } from './dualTurn.js';
import type { Emit } from './turnEvents.js';
import { type ChatEvent, chatEventSchema } from './events.js';
import { canRead, castVote, findComparison, modelsHidden } from './comparisons.js';
import {
  comparisonAnswerSchema,
  comparisonSchema,
  compareSchema,
  createThreadSchema,
  idParam,
  messageSchema,
  type ModelRef,
  outcomeSchema,
  pageQuery,
  publicThreadSchema,
  regenerateSchema,
  sendMessageSchema,
  threadSchema,
  threadSummarySchema,
  threadWithMessagesSchema,
  toComparisonJson,
  toMessageJson,
  toPublicThreadJson,
  toThreadJson,
  toThreadSummaryJson,
  toVoteJson,
  updateThreadSchema,
  voteAnswerSchema,
} from './schemas.js';
import { createThread, deleteThread, getOwnThread, getSharedThread, listPublicThreads, listThreads, threadMessages, updateThread } from './threads.js';
import { turnFailedEvent } from './turnFailure.js';

const route = <R extends Parameters<typeof createRoute>[0]>(config: R, secured = true) =>
  createRoute({ ...config, tags: ['chat'], ...(secured && { security: bearerSecurity }) });

const sse = { 'text/event-stream': { schema: chatEventSchema } };

const routes = {
  listThreads: route({
    method: 'get',
    path: '/threads',
    summary: 'The caller’s threads, newest first',
    request: { query: pageQuery },
    responses: { 200: { description: 'Threads', ...jsonContent(z.array(threadSummarySchema)) }, ...errorResponses(400, 401) },
  }),
  createThread: route({
    method: 'post',
    path: '/threads',
    summary: 'Start a thread',
    request: { body: { ...jsonContent(createThreadSchema), required: false } },
    responses: { 201: { description: 'Created', ...jsonContent(threadSchema) }, ...errorResponses(400, 401, 403) },
  }),
  getThread: route({
    method: 'get',
    path: '/threads/{id}',
    summary: 'One of the caller’s threads with its messages in order',
    request: { params: idParam },
    responses: { 200: { description: 'Thread', ...jsonContent(threadWithMessagesSchema) }, ...errorResponses(400, 401, 404) },
  }),
  updateThread: route({
    method: 'patch',
    path: '/threads/{id}',
    summary: 'Rename a thread or change its visibility (unlisted/public need the public_sharing setting)',
    request: { params: idParam, body: { ...jsonContent(updateThreadSchema), required: true } },
    responses: { 200: { description: 'Updated', ...jsonContent(threadSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteThread: route({
    method: 'delete',
    path: '/threads/{id}',
    summary: 'Delete a thread and its messages (comparisons and votes stay for the leaderboard)',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 404) },
  }),
  sendMessage: route({
    method: 'post',
    path: '/threads/{id}/messages',
    summary: 'Single chat: one model answers, with the thread’s earlier turns as context. SSE with Accept: text/event-stream',
    request: { params: idParam, body: { ...jsonContent(sendMessageSchema), required: true } },
    responses: {
      200: { description: 'Server-sent events', content: sse },
      201: { description: 'The stored message', ...jsonContent(messageSchema) },
      ...errorResponses(400, 401, 404, 413, 429, 502, 503),
    },
  }),
  compare: route({
    method: 'post',
    path: '/comparisons',
    summary: 'Dual chat: one prompt to two models at once. SSE with Accept: text/event-stream',
    request: { body: { ...jsonContent(compareSchema), required: true } },
    responses: {
      200: { description: 'Server-sent events', content: sse },
      201: { description: 'Both answers, stored', ...jsonContent(comparisonAnswerSchema) },
      ...errorResponses(400, 401, 403, 404, 413, 429, 503),
    },
  }),
  regenerate: route({
    method: 'post',
    path: '/comparisons/{id}/regenerate',
    summary:
      'Ask a side of the thread’s latest battle turn again, or both: a NEW comparison in the same thread, same prompt and pair, the other side kept as it was. Owner only. SSE with Accept: text/event-stream',
    request: { params: idParam, body: { ...jsonContent(regenerateSchema), required: true } },
    responses: {
      200: { description: 'Server-sent events', content: sse },
      201: { description: 'Both answers of the new turn, stored', ...jsonContent(comparisonAnswerSchema) },
      ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503),
    },
  }),
  getComparison: route({
    method: 'get',
    path: '/comparisons/{id}',
    summary: 'A stored comparison: its owner, or anyone when its thread is shared',
    request: { params: idParam },
    responses: { 200: { description: 'Comparison', ...jsonContent(comparisonSchema) }, ...errorResponses(400, 401, 404) },
  }),
  vote: route({
    method: 'post',
    path: '/comparisons/{id}/vote',
    summary: 'The owner’s one vote; reveals the models of an anonymous battle',
    request: { params: idParam, body: { ...jsonContent(z.object({ winner: outcomeSchema })), required: true } },
    responses: { 201: { description: 'Vote', ...jsonContent(voteAnswerSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  publicThreads: route(
    {
      method: 'get',
      path: '/public/threads',
      summary: 'The public gallery: newest public threads (empty while public_sharing is off)',
      request: { query: pageQuery },
      responses: { 200: { description: 'Threads', ...jsonContent(z.array(publicThreadSchema)) }, ...errorResponses(400) },
    },
    false,
  ),
  shared: route(
    {
      method: 'get',
      path: '/shared/{id}',
      summary: 'A public or unlisted thread with its messages; no sign-in needed',
      request: { params: idParam },
      responses: { 200: { description: 'Thread', ...jsonContent(threadWithMessagesSchema) }, ...errorResponses(400, 404) },
    },
    false,
  ),
};

function wantsEventStream(c: Context<AppEnv>): boolean {
  return c.req.header('accept')?.includes('text/event-stream') ?? false;
}

/**
 * Runs a prepared chat as SSE. The client going away aborts the upstream calls through
 * `signal`; what arrived is still stored. A stream always ends with `end` or `error`: a turn
 * that fails after the stream began (its answers could not be stored) ends with an `error`
 * event without a side, and is logged as JSON.
 */
function streamChat(c: Context<AppEnv>, logger: Logger, run: (signal: AbortSignal, emit: Emit) => Promise<unknown>): Response {
  return eventStream(c, async (send, signal) => {
    const emit = (event: ChatEvent) => send(event.event, JSON.stringify(event.data));
    try {
      await run(signal, emit);
    } catch (thrown) {
      await emit(turnFailedEvent(thrown, c, logger));
    }
  });
}

function modelRef(model: AiModel | undefined): ModelRef | null {
  return model ? { model_id: model.model_id, model_name: model.model_name, provider_name: model.provider_name, is_demo: model.provider_name === 'demo' } : null;
}

export function chatRoutes({ db, auth, chat, regenerations, settings, providers, leaderboard, metrics, logger }: AppDeps) {
  const router = createRouter();
  const signedIn = requireAuth(auth);
  for (const path of ['/threads', '/threads/*', '/comparisons', '/comparisons/*/vote', '/comparisons/*/regenerate']) router.use(path, signedIn);
  router.use('/comparisons/:id', optionalAuth(auth));

  const modelRefs = async () => {
    const byId = new Map((await providers.catalog.snapshot()).models.map((model) => [model.model_id, model]));
    return (id: string | null) => (id ? modelRef(byId.get(id)) : null);
  };
  const threadJson = async (thread: Parameters<typeof toThreadJson>[0]) => {
    const [messages, refs] = await Promise.all([threadMessages(db, thread.thread_id), modelRefs()]);
    const hidden = new Set(messages.filter((message) => message.models_hidden).map((message) => message.message_id));
    const stats = await threadAnswerStats(db, thread.thread_id, (id) => hidden.has(id));
    return { ...toThreadJson(thread), messages: messages.map((message) => toMessageJson(message, refs, stats.get(message.message_id))) };
  };
  const models = async (ids: Array<string | null>) => {
    const refs = await modelRefs();
    return ids.map(refs) as [ModelRef | null, ModelRef | null];
  };

  /** A prepared dual-chat turn, streamed or answered as JSON, and counted. */
  const answerComparison = async (c: Context<AppEnv>, prepared: (signal: AbortSignal, emit?: Emit) => Promise<ComparisonAnswer>) => {
    const run = async (signal: AbortSignal, emit?: Emit) => {
      const answer = await prepared(signal, emit);
      metrics.comparisons.inc({ mode: answer.mode });
      return answer;
    };
    if (wantsEventStream(c)) return streamChat(c, logger, run);
    return c.json(await run(c.req.raw.signal), 201);
  };

  return router
    .openapi(routes.listThreads, async (c) => c.json((await listThreads(db, currentUser(c).user_id, c.req.valid('query'))).map(toThreadSummaryJson), 200))
    .openapi(routes.createThread, async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      const thread = await createThread(db, currentUser(c).user_id, body ?? {}, (await settings.get()).public_sharing);
      return c.json(toThreadJson(thread), 201);
    })
    .openapi(routes.getThread, async (c) => c.json(await threadJson(await getOwnThread(db, c.req.valid('param').id, currentUser(c).user_id)), 200))
    .openapi(routes.updateThread, async (c) => {
      const thread = await updateThread(db, c.req.valid('param').id, currentUser(c).user_id, c.req.valid('json'), (await settings.get()).public_sharing);
      return c.json(toThreadJson(thread), 200);
    })
    .openapi(routes.deleteThread, async (c) => {
      await deleteThread(db, c.req.valid('param').id, currentUser(c).user_id);
      return c.body(null, 204);
    })
    .openapi(routes.sendMessage, async (c) => {
      const run = await chat.prepareMessage(currentUser(c), c.req.valid('param').id, c.req.valid('json'));
      if (wantsEventStream(c)) return streamChat(c, logger, run);
      const message = await run(c.req.raw.signal);
      // Without an event stream a turn that produced nothing throws its error instead.
      if (!message) throw new AppError('internal', 'The turn was not stored');
      return c.json(toMessageJson(message, await modelRefs()), 201);
    })
    .openapi(routes.compare, async (c) => answerComparison(c, await chat.prepareComparison(currentUser(c), c.req.valid('json'))))
    .openapi(routes.regenerate, async (c) => answerComparison(c, await regenerations.prepare(currentUser(c), c.req.valid('param').id, c.req.valid('json').side)))
    .openapi(routes.getComparison, async (c) => {
      const user = c.get('user');
      const record = await findComparison(db, c.req.valid('param').id);
      if (!record || !canRead(record, user?.user_id, (await settings.get()).public_sharing)) throw new NotFoundError('Comparison not found');
      const hidden = modelsHidden(record);
      return c.json(
        toComparisonJson(record.comparison, {
          vote: record.vote,
          thread_id: record.thread?.thread_id ?? null,
          hidden,
          models: await models([record.comparison.model1_id, record.comparison.model2_id]),
        }),
        200,
      );
    })
    .openapi(routes.vote, async (c) => {
      const { vote, comparison } = await castVote(db, c.req.valid('param').id, currentUser(c).user_id, c.req.valid('json').winner, (await settings.get()).public_sharing);
      leaderboard.invalidate();
      metrics.votes.inc({ outcome: vote.outcome ?? 'unknown' });
      const [model1, model2] = await models([comparison.model1_id, comparison.model2_id]);
      return c.json({ vote: toVoteJson(vote), model1, model2 }, 201);
    })
    .openapi(routes.publicThreads, async (c) => {
      if (!(await settings.get()).public_sharing) return c.json([], 200);
      const [threads, refs] = await Promise.all([listPublicThreads(db, c.req.valid('query')), modelRefs()]);
      return c.json(threads.map((thread) => toPublicThreadJson(thread, refs)), 200);
    })
    .openapi(routes.shared, async (c) => c.json(await threadJson(await getSharedThread(db, c.req.valid('param').id, (await settings.get()).public_sharing)), 200));
}
