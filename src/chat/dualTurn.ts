import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/users.js';
import type { AiModel, ComparisonMode, Database, SideError } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Providers } from '../providers/service.js';
import { storeTurn } from './comparisons.js';
import { buildConversation, titleFromPrompt, type Side, type Turn } from './history.js';
import { runSide, type SideResult } from './side.js';
import { storedOrExplained } from './turnFailure.js';
import { type Emit, modelInfo, safeEmit, sideEndEvent } from './turnEvents.js';

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

export interface DualTurnDeps {
  db: Kysely<Database>;
  providers: Providers;
  historyBudgetChars: number;
  logger: Logger;
  /** Told of each stored comparison, to derive what the leaderboard needs off the request path. */
  onComparisonStored?: (comparisonId: string) => void;
}

/** A checked dual-chat turn, ready to run. */
export interface DualTurnPlan {
  user: SessionUser;
  prompt: string;
  mode: ComparisonMode;
  model1: AiModel;
  model2: AiModel;
  existingThreadId: string | undefined;
  /** The thread's earlier turns the models see. */
  turns: Turn[];
  /** Sides answered before and kept (a regeneration of the other side): sent at once and stored as they were. */
  kept?: Partial<Record<Side, SideResult>>;
}

/**
 * Runs one dual-chat turn: both sides concurrently through the gateway (or a kept side replayed),
 * each side's events as they come, then the comparison and its message stored in one statement.
 */
export async function runDualTurn(deps: DualTurnDeps, plan: DualTurnPlan, signal: AbortSignal, emit: Emit | undefined): Promise<ComparisonAnswer> {
  const { user, prompt, mode, model1, model2, turns, kept = {} } = plan;
  const ids = { comparison_id: randomUUID(), message_id: randomUUID(), thread_id: plan.existingThreadId ?? randomUUID() };
  const anonymous = mode === 'anonymous';
  const send = safeEmit(deps.logger, emit, signal);

  await send({
    event: 'meta',
    data: { ...ids, mode, model1: anonymous ? null : modelInfo(model1), model2: anonymous ? null : modelInfo(model2) },
  });

  const startedAt = performance.now();
  const run = async (side: Side, model: AiModel): Promise<SideResult> => {
    const keptSide = kept[side];
    const result =
      keptSide ??
      (await runSide({
        gateway: deps.providers.gateway,
        model,
        messages: buildConversation(turns, side, prompt, deps.historyBudgetChars),
        signal,
        startedAt,
        anonymous,
        onText: (text) => send({ event: 'delta', data: { side, text } }),
      }));
    if (keptSide && keptSide.text) await send({ event: 'delta', data: { side, text: keptSide.text } });
    await send(sideEndEvent(side, result));
    return result;
  };
  const [side1, side2] = await Promise.all([run('model1', model1), run('model2', model2)]);

  await storedOrExplained(
    deps.logger,
    storeTurn(deps.db, {
      thread: { thread_id: ids.thread_id, user_id: user.user_id, title: titleFromPrompt(prompt), isNew: !plan.existingThreadId },
      message_id: ids.message_id,
      prompt_text: prompt,
      model1_id: model1.model_id,
      model1: side1,
      comparison: { comparison_id: ids.comparison_id, model2_id: model2.model_id, model2: side2, mode },
    }),
  );
  deps.onComparisonStored?.(ids.comparison_id);
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
