import { sql, type Kysely } from 'kysely';
import type { Database, Evaluation, EvaluationStatus } from '../db/schema.js';
import { ConflictError } from '../errors.js';

/**
 * Status changes of a run. Each is one guarded UPDATE (`WHERE status IN (...)`), so two instances
 * (or a click and a finishing run) cannot both move one run: the loser sees no row and is told so.
 * Leaving `running` adds the span since `resumed_at` to `active_ms`, so time paused is not counted.
 */

const ACCUMULATE = sql<number>`active_ms + CASE WHEN status = 'running' AND resumed_at IS NOT NULL
  THEN (extract(epoch FROM now() - resumed_at) * 1000)::bigint ELSE 0 END`;

async function move(
  db: Kysely<Database>,
  evaluationId: string,
  from: EvaluationStatus[],
  to: EvaluationStatus,
  extra: { error?: string | null; results?: string; bumpAttempt?: boolean } = {},
): Promise<Evaluation | undefined> {
  return db
    .updateTable('evaluations')
    .set({
      status: to,
      active_ms: ACCUMULATE,
      updated_at: sql<Date>`now()`,
      ...(to === 'running' && { resumed_at: sql<Date>`now()`, started_at: sql<Date>`coalesce(started_at, now())` }),
      ...(to !== 'running' && { resumed_at: null }),
      ...((to === 'done' || to === 'failed' || to === 'cancelled') && { finished_at: sql<Date>`now()` }),
      ...(extra.bumpAttempt && { attempt: sql<number>`attempt + 1` }),
      ...(extra.error !== undefined && { error: extra.error }),
      ...(extra.results !== undefined && { results: extra.results }),
    })
    .where('evaluation_id', '=', evaluationId)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

function refused(action: string, evaluation: Pick<Evaluation, 'status'>): ConflictError {
  return new ConflictError(`Cannot ${action} an evaluation that is ${evaluation.status}`);
}

export async function pauseRun(db: Kysely<Database>, current: Evaluation): Promise<Evaluation> {
  const moved = await move(db, current.evaluation_id, ['running', 'queued'], 'paused');
  if (!moved) throw refused('pause', current);
  return moved;
}

/** Back in the queue with a new attempt number: jobs of the earlier attempt do nothing, failed items are retried. */
export async function resumeRun(db: Kysely<Database>, current: Evaluation): Promise<Evaluation> {
  const moved = await move(db, current.evaluation_id, ['paused', 'failed'], 'queued', { bumpAttempt: true, error: null });
  if (!moved) throw refused('resume', current);
  return moved;
}

export async function cancelRun(db: Kysely<Database>, current: Evaluation): Promise<Evaluation> {
  const moved = await move(db, current.evaluation_id, ['running', 'queued', 'paused'], 'cancelled');
  if (!moved) throw refused('cancel', current);
  return moved;
}

/** Ends a running run with its results (done) or its reason (failed); undefined if it was no longer running. */
export function endRun(db: Kysely<Database>, evaluationId: string, outcome: { results: unknown } | { error: string }): Promise<Evaluation | undefined> {
  return 'results' in outcome
    ? move(db, evaluationId, ['running'], 'done', { results: JSON.stringify(outcome.results) })
    : move(db, evaluationId, ['running'], 'failed', { error: outcome.error });
}

/**
 * Starts the user's oldest queued runs while fewer than `limit` run. Under a per-user
 * transaction-scoped advisory lock, so instances admitting at once cannot exceed the limit.
 * Returns the runs it started.
 */
export async function admitQueued(db: Kysely<Database>, userId: string, limit: number): Promise<Evaluation[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`dualmind.evaluations.${userId}`}, 0))`.execute(trx);
    const running = await trx.selectFrom('evaluations').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('status', '=', 'running').executeTakeFirstOrThrow();
    const room = limit - Number(running.n);
    if (room <= 0) return [];
    const queued = await trx.selectFrom('evaluations').select('evaluation_id').where('user_id', '=', userId).where('status', '=', 'queued').orderBy('created_at').orderBy('evaluation_id').limit(room).execute();
    const started: Evaluation[] = [];
    for (const { evaluation_id } of queued) {
      const moved = await move(trx, evaluation_id, ['queued'], 'running');
      if (moved) started.push(moved);
    }
    return started;
  });
}

/** Users with queued runs (to admit them at start-up). */
export async function usersWithQueuedRuns(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('evaluations').select('user_id').distinct().where('status', '=', 'queued').execute();
  return rows.map((row) => row.user_id);
}

/** Wall time spent running so far. */
export function activeMs(evaluation: Pick<Evaluation, 'active_ms' | 'status' | 'resumed_at'>, now = Date.now()): number {
  const running = evaluation.status === 'running' && evaluation.resumed_at ? Math.max(0, now - evaluation.resumed_at.getTime()) : 0;
  return Number(evaluation.active_ms) + running;
}
