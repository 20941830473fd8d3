import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/users.js';
import type { AiModel, ComparisonMode, Database, SideError } from '../db/schema.js';
import { AppError, ForbiddenError, ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ProviderError, toAppError } from '../providers/errors.js';
import type { Providers } from '../providers/service.js';
import type { FixedWindowRateLimiter } from '../rateLimiter.js';
import type { LabSettings, SettingsStore } from '../settings/settings.js';
import { anonymousPool, pickAnonymousPair } from './arena.js';
import { storeTurn, voteCountsByModel } from './comparisons.js';
import type { ChatEvent } from './events.js';
import { buildConversation, readHistory, titleFromPrompt, type Side, type Turn } from './history.js';
import { runSide, type SideResult } from './side.js';
import { getOwnThread } from './threads.js';
import { storedOrExplained } from './turnFailure.js';

export type Emit = (event: ChatEvent) => Promise<void>;

export interface CompareInput {
  prompt: string;
  model1_id?: string | undefined;
  model2_id?: string | undefined;
  thread_id?: string | undefined;
  mode?: ComparisonMode | undefined;
}

export interface ComparisonAnswer {
  comparison_id: string;
  message_id: string;
  thread_id: string;
  mode: ComparisonMode;
  model1_id: string | null;
  model2_id: string | null;
  model1_response: string;
  model2_response: string;
  model1_time_ms: number;
  model2_time_ms: number;
  errors?: { model1?: SideError; model2?: SideError };
}

/** How long the vote-count weights of anonymous pairing are reused. */
const VOTE_COUNT_TTL_MS = 30_000;

export interface ChatServiceDeps {
  db: Kysely<Database>;
  providers: Providers;
  settings: SettingsStore;
  limiter: FixedWindowRateLimiter;
  historyBudgetChars: number;
  logger: Logger;
  /** Told of each stored comparison, to derive what the leaderboard needs off the request path. */
  onComparisonStored?: (comparisonId: string) => void;
}

/** The model's public face in events and answers. */
function modelInfo(model: AiModel) {
  return { model_id: model.model_id, model_name: model.model_name, provider_name: model.provider_name, description: model.description, is_demo: model.provider_name === 'demo' };
}

/** A side that failed with nothing streamed, as the error a JSON answer should carry. */
function sideFailure(side: SideResult): AppError {
  const category = side.error?.category ?? 'server';
  const error = new ProviderError(category as ProviderError['category'], category, side.error?.message ?? 'The model failed', { retryAfterMs: side.retryAfterMs });
  return toAppError(error);
}

/**
 * Single chat and dual chat (the arena): checks, model choice, concurrent streaming through the
 * gateway, and storage. Events go to `emit` (SSE); the answer is returned either way.
 */
export class ChatService {
  private voteCounts: { at: number; counts: Promise<Map<string, number>> } | undefined;

  constructor(private readonly deps: ChatServiceDeps) {}

  private async admit(user: SessionUser, prompt: string): Promise<LabSettings> {
    const settings = await this.deps.settings.get();
    if (prompt.length > settings.max_prompt_chars) {
      throw new AppError('payload_too_large', `The prompt has ${prompt.length} characters; the limit is ${settings.max_prompt_chars} (setting max_prompt_chars)`);
    }
    const hit = this.deps.limiter.hit(user.user_id);
    if (!hit.allowed) throw new AppError('rate_limited', 'Too many chat requests; slow down a little', { retryAfterSeconds: hit.retryAfterSeconds });
    return settings;
  }

  private async activeModel(modelId: string, field: string): Promise<AiModel> {
    const model = await this.deps.providers.catalog.model(modelId);
    if (!model) throw new ValidationError(`${field}: no model with this id`);
    const unusable = await this.deps.providers.catalog.whyUnusable(model);
    if (unusable) throw new ValidationError(`${field}: ${model.model_name} ${unusable} and cannot be used`);
    return model;
  }

  private cachedVoteCounts(): Promise<Map<string, number>> {
    const now = Date.now();
    if (!this.voteCounts || now - this.voteCounts.at > VOTE_COUNT_TTL_MS) {
      this.voteCounts = { at: now, counts: voteCountsByModel(this.deps.db) };
    }
    return this.voteCounts.counts;
  }

  /**
   * The hidden pair of a thread's anonymous battle: every anonymous turn of a thread continues
   * it, before and after its vote, with the same models on the same sides ("New round" in the web
   * app is a new thread). A new pair is drawn only when one of the two is no longer active.
   */
  private async openBattle(threadId: string): Promise<[AiModel, AiModel] | undefined> {
    const last = await this.deps.db
      .selectFrom('thread_messages as m')
      .innerJoin('comparisons as c', 'c.comparison_id', 'm.comparison_id')
      .select(['c.model1_id', 'c.model2_id'])
      .where('m.thread_id', '=', threadId)
      .where('c.mode', '=', 'anonymous')
      .orderBy('m.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return undefined;
    const active = await this.deps.providers.catalog.activeModels();
    const model1 = active.find((model) => model.model_id === last.model1_id);
    const model2 = active.find((model) => model.model_id === last.model2_id);
    return model1 && model2 ? [model1, model2] : undefined;
  }

  private async pickModels(input: CompareInput, settings: LabSettings, threadId: string | undefined): Promise<[AiModel, AiModel]> {
    if (input.mode === 'anonymous') {
      if (!settings.anonymous_battles_enabled) throw new ForbiddenError('Anonymous battles are turned off on this lab');
      if (input.model1_id || input.model2_id) throw new ValidationError('model1_id: the server picks the models of an anonymous battle; leave them out');
      const ongoing = threadId ? await this.openBattle(threadId) : undefined;
      if (ongoing) return ongoing;
      const pair = pickAnonymousPair(anonymousPool(await this.deps.providers.catalog.activeModels(), settings.keep_demo_models), await this.cachedVoteCounts());
      if (!pair) throw new AppError('unavailable', 'An anonymous battle needs at least two different active models', { retryAfterSeconds: 60 });
      return pair;
    }
    const id1 = input.model1_id ?? settings.default_model1;
    const id2 = input.model2_id ?? settings.default_model2;
    if (!id1) throw new ValidationError('model1_id: required in a named battle');
    if (!id2) throw new ValidationError('model2_id: required in a named battle');
    if (id1 === id2) throw new ValidationError('model2_id: pick two different models');
    return [await this.activeModel(id1, 'model1_id'), await this.activeModel(id2, 'model2_id')];
  }

  private async earlierTurns(threadId: string | undefined, sides: Side[], prompt: string): Promise<Turn[]> {
    if (!threadId) return [];
    return readHistory(this.deps.db, threadId, sides, prompt, this.deps.historyBudgetChars);
  }

  /** Emits unless the client is gone: a closed stream must not stop the turn from being stored. */
  private safeEmit(emit: Emit | undefined, signal: AbortSignal): Emit {
    return async (event) => {
      if (!emit || signal.aborted) return;
      try {
        await emit(event);
      } catch (error) {
        this.deps.logger.debug({ err: error }, 'event not delivered');
      }
    };
  }

  /**
   * Checks a dual chat and picks its models; every refusal (4xx) happens here, before anything
   * is streamed. The returned function runs it.
   */
  async prepareComparison(user: SessionUser, input: CompareInput): Promise<(signal: AbortSignal, emit?: Emit) => Promise<ComparisonAnswer>> {
    const settings = await this.admit(user, input.prompt);
    const mode: ComparisonMode = input.mode ?? 'named';
    const existing = input.thread_id ? await getOwnThread(this.deps.db, input.thread_id, user.user_id) : undefined;
    const [model1, model2] = await this.pickModels(input, settings, existing?.thread_id);
    const turns = await this.earlierTurns(existing?.thread_id, ['model1', 'model2'], input.prompt);
    return (signal, emit) => this.runComparison({ user, input, mode, model1, model2, existingThreadId: existing?.thread_id, turns }, signal, emit);
  }

  private async runComparison(
    plan: { user: SessionUser; input: CompareInput; mode: ComparisonMode; model1: AiModel; model2: AiModel; existingThreadId: string | undefined; turns: Turn[] },
    signal: AbortSignal,
    emit: Emit | undefined,
  ): Promise<ComparisonAnswer> {
    const { user, input, mode, model1, model2, turns } = plan;
    const ids = { comparison_id: randomUUID(), message_id: randomUUID(), thread_id: plan.existingThreadId ?? randomUUID() };
    const anonymous = mode === 'anonymous';
    const send = this.safeEmit(emit, signal);

    await send({
      event: 'meta',
      data: { ...ids, mode, model1: anonymous ? null : modelInfo(model1), model2: anonymous ? null : modelInfo(model2) },
    });

    const startedAt = performance.now();
    const run = async (side: Side, model: AiModel) => {
      const result = await runSide({
        gateway: this.deps.providers.gateway,
        model,
        messages: buildConversation(turns, side, input.prompt, this.deps.historyBudgetChars),
        signal,
        startedAt,
        anonymous,
        onText: (text) => send({ event: 'delta', data: { side, text } }),
      });
      if (result.error) await send({ event: 'error', data: { side, ...result.error } });
      else await send({ event: 'done', data: { side, time_ms: result.time_ms } });
      return result;
    };
    const [side1, side2] = await Promise.all([run('model1', model1), run('model2', model2)]);

    await storedOrExplained(this.deps.logger, storeTurn(this.deps.db, {
      thread: { thread_id: ids.thread_id, user_id: user.user_id, title: titleFromPrompt(input.prompt), isNew: !plan.existingThreadId },
      message_id: ids.message_id,
      prompt_text: input.prompt,
      model1_id: model1.model_id,
      model1: side1,
      comparison: { comparison_id: ids.comparison_id, model2_id: model2.model_id, model2: side2, mode },
    }));
    this.deps.onComparisonStored?.(ids.comparison_id);
    await send({ event: 'end', data: ids });

    const errors = { ...(side1.error && { model1: side1.error }), ...(side2.error && { model2: side2.error }) };
    return {
      ...ids,
      mode,
      model1_id: anonymous ? null : model1.model_id,
      model2_id: anonymous ? null : model2.model_id,
      model1_response: side1.text,
      model2_response: side2.text,
      model1_time_ms: side1.time_ms,
      model2_time_ms: side2.time_ms,
      ...(Object.keys(errors).length > 0 && { errors }),
    };
  }

  /**
   * Checks a single-chat turn in an existing thread; the returned function runs it. A turn that
   * produced no text at all is not stored: JSON callers get the error as an HTTP status, SSE
   * callers as an `error` event.
   */
  async prepareMessage(user: SessionUser, threadId: string, input: { prompt: string; model_id: string }) {
    await this.admit(user, input.prompt);
    // Both at once: the turns are only used once the thread is known to be the user's.
    const [thread, turns] = await Promise.all([getOwnThread(this.deps.db, threadId, user.user_id), this.earlierTurns(threadId, ['model1'], input.prompt)]);
    const model = await this.activeModel(input.model_id, 'model_id');
    return (signal: AbortSignal, emit?: Emit) => this.runMessage({ user, threadId: thread.thread_id, prompt: input.prompt, model, turns }, signal, emit);
  }

  private async runMessage(
    plan: { user: SessionUser; threadId: string; prompt: string; model: AiModel; turns: Turn[] },
    signal: AbortSignal,
    emit: Emit | undefined,
  ) {
    const { user, model, turns, prompt, threadId } = plan;
    const messageId = randomUUID();
    const send = this.safeEmit(emit, signal);

    await send({ event: 'meta', data: { message_id: messageId, thread_id: threadId, model1: modelInfo(model) } });
    const side = await runSide({
      gateway: this.deps.providers.gateway,
      model,
      messages: buildConversation(turns, 'model1', prompt, this.deps.historyBudgetChars),
      signal,
      startedAt: performance.now(),
      anonymous: false,
      onText: (text) => send({ event: 'delta', data: { side: 'model1', text } }),
    });
    if (side.error) await send({ event: 'error', data: { side: 'model1', ...side.error } });
    else await send({ event: 'done', data: { side: 'model1', time_ms: side.time_ms } });

    if (side.text === '') {
      await send({ event: 'end', data: { message_id: null, thread_id: threadId } });
      if (emit) return undefined;
      throw sideFailure(side);
    }
    const message = await storedOrExplained(this.deps.logger, storeTurn(this.deps.db, {
      thread: { thread_id: threadId, user_id: user.user_id, title: titleFromPrompt(prompt), isNew: false },
      message_id: messageId,
      prompt_text: prompt,
      model1_id: model.model_id,
      model1: side,
    }));
    await send({ event: 'end', data: { message_id: messageId, thread_id: threadId } });
    return message;
  }
}
