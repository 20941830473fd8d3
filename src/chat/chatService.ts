import { randomUUID } from 'node:crypto';
import type { SessionUser } from '../auth/users.js';
import type { AiModel, ComparisonMode } from '../db/schema.js';
import { AppError, ForbiddenError, ValidationError } from '../errors.js';
import { ProviderError, toAppError } from '../providers/errors.js';
import type { FixedWindowRateLimiter } from '../rateLimiter.js';
import type { LabSettings, SettingsStore } from '../settings/settings.js';
import { activeModel, admitChat } from './admission.js';
import { anonymousPool, pickAnonymousPair } from './arena.js';
import { storeTurn, voteCountsByModel } from './comparisons.js';
import { type ComparisonAnswer, type DualTurnDeps, runDualTurn } from './dualTurn.js';
import { buildConversation, readOwnHistory, titleFromPrompt, type Side, type Turn } from './history.js';
import { runSide, type SideResult } from './side.js';
import { storedOrExplained } from './turnFailure.js';
import { type Emit, modelInfo, safeEmit, sideEndEvent } from './turnEvents.js';

export type { Emit } from './turnEvents.js';

export interface CompareInput {
  prompt: string;
  model1_id?: string | undefined;
  model2_id?: string | undefined;
  thread_id?: string | undefined;
  mode?: ComparisonMode | undefined;
}

/** How long the vote-count weights of anonymous pairing are reused. */
const VOTE_COUNT_TTL_MS = 30_000;

export interface ChatServiceDeps extends DualTurnDeps {
  settings: SettingsStore;
  limiter: FixedWindowRateLimiter;
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
    return [await activeModel(this.deps.providers, id1, 'model1_id'), await activeModel(this.deps.providers, id2, 'model2_id')];
  }

  /** The caller's thread checked and its history read in one statement (NotFound for anyone else's). */
  private ownHistory(user: SessionUser, threadId: string, sides: Side[], prompt: string): Promise<{ threadId: string; turns: Turn[] }> {
    return readOwnHistory(this.deps.db, { threadId, userId: user.user_id }, sides, prompt, this.deps.historyBudgetChars);
  }

  /**
   * Checks a dual chat and picks its models; every refusal (4xx) happens here, before anything
   * is streamed. The returned function runs it.
   */
  async prepareComparison(user: SessionUser, input: CompareInput): Promise<(signal: AbortSignal, emit?: Emit) => Promise<ComparisonAnswer>> {
    const settings = await admitChat(this.deps, user, input.prompt);
    const mode: ComparisonMode = input.mode ?? 'named';
    const existing = input.thread_id ? await this.ownHistory(user, input.thread_id, ['model1', 'model2'], input.prompt) : undefined;
    const [model1, model2] = await this.pickModels(input, settings, existing?.threadId);
    const plan = { user, prompt: input.prompt, mode, model1, model2, existingThreadId: existing?.threadId, turns: existing?.turns ?? [] };
    return (signal, emit) => runDualTurn(this.deps, plan, signal, emit);
  }

  /**
   * Checks a single-chat turn in an existing thread; the returned function runs it. A turn that
   * produced no text at all is not stored: JSON callers get the error as an HTTP status, SSE
   * callers as an `error` event.
   */
  async prepareMessage(user: SessionUser, threadId: string, input: { prompt: string; model_id: string }) {
    await admitChat(this.deps, user, input.prompt);
    const thread = await this.ownHistory(user, threadId, ['model1'], input.prompt);
    const model = await activeModel(this.deps.providers, input.model_id, 'model_id');
    return (signal: AbortSignal, emit?: Emit) => this.runMessage({ user, threadId: thread.threadId, prompt: input.prompt, model, turns: thread.turns }, signal, emit);
  }

  private async runMessage(
    plan: { user: SessionUser; threadId: string; prompt: string; model: AiModel; turns: Turn[] },
    signal: AbortSignal,
    emit: Emit | undefined,
  ) {
    const { user, model, turns, prompt, threadId } = plan;
    const messageId = randomUUID();
    const send = safeEmit(this.deps.logger, emit, signal);

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
    await send(sideEndEvent('model1', side));

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
