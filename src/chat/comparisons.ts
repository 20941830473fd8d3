import { sql, type Kysely } from 'kysely';
import type { Comparison, ComparisonMode, Database, ModelVote, SideError, ThreadMessage, VoteOutcome } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { SideResult } from './side.js';
import { PAIR_REVEALED } from './reveal.js';
import { isShared } from './threads.js';

export interface TurnToStore {
  /** `title` names a new thread, or an existing one that has no title yet. */
  thread: { thread_id: string; user_id: string; title: string; isNew: boolean };
  message_id: string;
  prompt_text: string;
  model1_id: string;
  model1: SideResult;
  /** Present for a dual chat: the comparison stored beside the message. */
  comparison?: { comparison_id: string; model2_id: string; model2: SideResult; mode: ComparisonMode };
}

const errorJson = (side: SideResult | undefined) => (side?.error ? JSON.stringify(side.error) : null);
const usageJson = (side: SideResult) => (side.usage ? JSON.stringify(side.usage) : null);

/**
 * Stores a turn in one statement (data-modifying CTEs, so one round trip and atomic like a
 * transaction): the thread when it is new (or its first title), the comparison of a dual chat,
 * and the thread_messages row that points to it, so no message ever points to a missing
 * comparison. Foreign keys are checked at the end of the statement, after all three rows exist.
 */
export async function storeTurn(db: Kysely<Database>, turn: TurnToStore): Promise<ThreadMessage> {
  const { comparison, thread } = turn;
  const withThread = thread.isNew
    ? db.with('stored_thread', (q) => q.insertInto('threads').values({ thread_id: thread.thread_id, user_id: thread.user_id, title: thread.title }).returning('thread_id'))
    : db.with('stored_thread', (q) =>
        q.updateTable('threads').set({ title: thread.title }).where('thread_id', '=', thread.thread_id).where('title', 'is', null).returning('thread_id'),
      );
  const withComparison = withThread.with('stored_comparison', (q) =>
    comparison
      ? q
          .insertInto('comparisons')
          .values({
            comparison_id: comparison.comparison_id,
            user_id: thread.user_id,
            prompt_text: turn.prompt_text,
            model1_id: turn.model1_id,
            model2_id: comparison.model2_id,
            model1_response: turn.model1.text,
            model2_response: comparison.model2.text,
            model1_time_ms: turn.model1.time_ms,
            model2_time_ms: comparison.model2.time_ms,
            model1_error: errorJson(turn.model1),
            model2_error: errorJson(comparison.model2),
            model1_usage: usageJson(turn.model1),
            model2_usage: usageJson(comparison.model2),
            model1_ttft_ms: turn.model1.ttft_ms ?? null,
            model2_ttft_ms: comparison.model2.ttft_ms ?? null,
            mode: comparison.mode,
          })
          .returning('comparison_id')
      : q.selectFrom('comparisons').select('comparison_id').where(sql<boolean>`false`),
  );
  return withComparison
    .insertInto('thread_messages')
    .values({
      message_id: turn.message_id,
      thread_id: thread.thread_id,
      prompt_text: turn.prompt_text,
      model1_id: turn.model1_id,
      model2_id: comparison?.model2_id ?? null,
      model1_response: turn.model1.text,
      model2_response: comparison?.model2.text ?? null,
      model1_time_ms: turn.model1.time_ms,
      model2_time_ms: comparison?.model2.time_ms ?? null,
      model1_error: errorJson(turn.model1),
      model2_error: errorJson(comparison?.model2),
      comparison_id: comparison?.comparison_id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ComparisonRecord {
  comparison: Comparison;
  vote: ModelVote | undefined;
  /** The thread its message lives in (gone if the thread was deleted). */
  thread: { thread_id: string; visibility: string | null; user_id: string | null } | undefined;
  /** A vote on this battle (this comparison, or any turn of its thread with the same pair) revealed its models. */
  revealed: boolean;
}

export async function findComparison(db: Kysely<Database>, comparisonId: string): Promise<ComparisonRecord | undefined> {
  const found = await db
    .selectFrom('comparisons as c')
    .selectAll('c')
    .select(PAIR_REVEALED.as('revealed'))
    .where('c.comparison_id', '=', comparisonId)
    .executeTakeFirst();
  if (!found) return undefined;
  const { revealed, ...comparison } = found;
  const [vote, thread] = await Promise.all([
    db.selectFrom('model_votes').selectAll().where('comparison_id', '=', comparisonId).orderBy('created_at').executeTakeFirst(),
    db
      .selectFrom('thread_messages as m')
      .innerJoin('threads as t', 't.thread_id', 'm.thread_id')
      .select(['t.thread_id', 't.visibility', 't.user_id'])
      .where('m.comparison_id', '=', comparisonId)
      .executeTakeFirst(),
  ]);
  return { comparison, vote, thread, revealed: Boolean(revealed) };
}

/** The owner reads a comparison; others only through a shared thread. */
export function canRead(record: ComparisonRecord, userId: string | undefined, publicSharing: boolean): boolean {
  if (userId && record.comparison.user_id === userId) return true;
  return record.thread !== undefined && isShared(record.thread, publicSharing);
}

/** Model ids stay hidden in an anonymous battle until a vote on it reveals them. */
export function modelsHidden(record: Pick<ComparisonRecord, 'comparison' | 'revealed'>): boolean {
  return record.comparison.mode === 'anonymous' && !record.revealed;
}

/** A side that failed, was cut off or came back empty: it cannot win a vote. */
function sideFailed(error: SideError | null, response: string | null): boolean {
  return error !== null || response === '';
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/**
 * The owner's one vote on a comparison. The comparison's thread is locked first, then the
 * comparison: votes on the turns of one thread queue, so the blind-vote rule (migration 0008,
 * applied by a trigger as the vote is written) sees every earlier vote of the thread, and the
 * vote's time, taken under the lock, orders it after them. A second vote on a comparison finds
 * the first and gets 409 (the unique index backs this up).
 */
export async function castVote(
  db: Kysely<Database>,
  comparisonId: string,
  userId: string,
  outcome: VoteOutcome,
  publicSharing: boolean,
): Promise<{ vote: ModelVote; comparison: Comparison }> {
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('threads')
        .select('thread_id')
        .where('thread_id', 'in', (eb) => eb.selectFrom('thread_messages').select('thread_id').where('comparison_id', '=', comparisonId))
        .forUpdate()
        .execute();
      const comparison = await trx.selectFrom('comparisons').selectAll().where('comparison_id', '=', comparisonId).forUpdate().executeTakeFirst();
      if (!comparison) throw new NotFoundError('Comparison not found');
      if (comparison.user_id !== userId) {
        const record = await findComparison(trx, comparisonId);
        if (record && canRead(record, userId, publicSharing)) throw new ForbiddenError('Only the person who ran this comparison can vote on it');
        throw new NotFoundError('Comparison not found');
      }
      const existing = await trx.selectFrom('model_votes').select('vote_id').where('comparison_id', '=', comparisonId).executeTakeFirst();
      if (existing) throw new ConflictError('This comparison already has a vote');
      if (outcome === 'model1' && sideFailed(comparison.model1_error, comparison.model1_response)) {
        throw new ValidationError('winner: model A failed or gave no answer, so it cannot win; vote for B, a tie or both bad');
      }
      if (outcome === 'model2' && sideFailed(comparison.model2_error, comparison.model2_response)) {
        throw new ValidationError('winner: model B failed or gave no answer, so it cannot win; vote for A, a tie or both bad');
      }
      const winner = outcome === 'model1' ? comparison.model1_id : outcome === 'model2' ? comparison.model2_id : null;
      const vote = await trx
        .insertInto('model_votes')
        .values({ user_id: userId, comparison_id: comparisonId, winner_model_id: winner, outcome, created_at: sql<Date>`clock_timestamp()` })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { vote, comparison };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('This comparison already has a vote');
    throw error;
  }
}

/** Votes per model (as either side), which anonymous pairing uses to favour rarely judged models. */
export async function voteCountsByModel(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('model_votes as v')
    .innerJoin('comparisons as c', 'c.comparison_id', 'v.comparison_id')
    .select(['c.model1_id', 'c.model2_id'])
    .select((eb) => eb.fn.countAll<string>().as('votes'))
    .groupBy(['c.model1_id', 'c.model2_id'])
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const id of [row.model1_id, row.model2_id]) if (id) counts.set(id, (counts.get(id) ?? 0) + Number(row.votes));
  }
  return counts;
}
