import type { SessionUser } from '../auth/users.js';
import type { Comparison } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { activeModel, admitChat } from './admission.js';
import type { ChatServiceDeps } from './chatService.js';
import { canRead, findComparison, modelsHidden } from './comparisons.js';
import { type ComparisonAnswer, runDualTurn } from './dualTurn.js';
import { readHistory, type Side } from './history.js';
import type { SideResult } from './side.js';
import type { Emit } from './turnEvents.js';

export type RegenerateWhich = Side | 'both';

const LETTER: Record<Side, string> = { model1: 'A', model2: 'B' };

/** A stored side as the turn runner's result, so a regeneration can keep it unchanged. */
function storedSide(comparison: Comparison, side: Side): SideResult {
  const usage = comparison[`${side}_usage`];
  return {
    text: comparison[`${side}_response`] ?? '',
    time_ms: comparison[`${side}_time_ms`] ?? 0,
    error: comparison[`${side}_error`] ?? undefined,
    retryAfterMs: undefined,
    ttft_ms: comparison[`${side}_ttft_ms`] ?? undefined,
    usage: usage ?? undefined,
  };
}

/**
 * Regenerate and retry (issue 17 item 6): a side of a thread's latest battle turn, or both, asked
 * again with the same prompt, the same pair on the same sides and the same earlier turns. The
 * result is a NEW comparison (and message) in the same thread, never an edit of the old one: the
 * old turn's vote, if any, stays about the answers it judged, and the new turn takes its own vote
 * under the same blind-vote rule as any follow-up. A side not asked again is kept as it was.
 */
export class Regenerations {
  constructor(private readonly deps: ChatServiceDeps) {}

  async prepare(user: SessionUser, comparisonId: string, which: RegenerateWhich): Promise<(signal: AbortSignal, emit?: Emit) => Promise<ComparisonAnswer>> {
    const { db, providers } = this.deps;
    const record = await findComparison(db, comparisonId);
    const settings = await this.deps.settings.get();
    if (!record || record.comparison.user_id !== user.user_id) {
      if (record && canRead(record, user.user_id, settings.public_sharing)) throw new ForbiddenError('Only the person who ran this comparison can regenerate it');
      throw new NotFoundError('Comparison not found');
    }
    const { comparison, thread } = record;
    if (!thread) throw new ConflictError('This battle’s conversation was deleted; start a new one');
    if (comparison.prompt_text === null || comparison.model1_id === null || comparison.model2_id === null) {
      throw new ConflictError('This comparison has no prompt or models to ask again (it was imported)');
    }
    const latest = await db
      .selectFrom('thread_messages')
      .select('comparison_id')
      .where('thread_id', '=', thread.thread_id)
      .orderBy('created_at', 'desc')
      .orderBy('message_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest?.comparison_id !== comparisonId) throw new ConflictError('Only the latest turn of a conversation can be regenerated');
    const mode = comparison.mode === 'anonymous' ? 'anonymous' : 'named';
    if (mode === 'anonymous' && !settings.anonymous_battles_enabled) throw new ForbiddenError('Anonymous battles are turned off on this lab');
    await admitChat(this.deps, user, comparison.prompt_text);

    const hidden = modelsHidden(record);
    const asked: Side[] = which === 'both' ? ['model1', 'model2'] : [which];
    // A side asked again needs its model active now; a kept side's model may have retired since.
    const sideModel = (side: Side) => {
      const id = comparison[`${side}_id`] ?? '';
      if (!asked.includes(side)) return providers.catalog.model(id);
      return activeModel(providers, id, 'side', hidden ? `side: model ${LETTER[side]} of this battle is no longer available; start a new round` : undefined);
    };
    const [model1, model2] = await Promise.all([sideModel('model1'), sideModel('model2')]);
    if (!model1 || !model2) throw new ConflictError('A model of this battle was deleted; start a new round');

    // The turn asked again is the thread's latest: the models see the turns before it.
    const turns = (await readHistory(db, thread.thread_id, ['model1', 'model2'], comparison.prompt_text, this.deps.historyBudgetChars)).slice(0, -1);
    const kept = Object.fromEntries((['model1', 'model2'] as const).filter((side) => !asked.includes(side)).map((side) => [side, storedSide(comparison, side)]));
    const plan = { user, prompt: comparison.prompt_text, mode, model1, model2, existingThreadId: thread.thread_id, turns, kept } as const;
    return (signal, emit) => runDualTurn(this.deps, plan, signal, emit);
  }
}
