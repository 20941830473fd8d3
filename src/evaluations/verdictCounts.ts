import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Judge verdicts in the leaderboard's shape: a = the model whose answer was shown first. */
export interface JudgeVerdictRow {
  a: string;
  b: string;
  outcome: 'a' | 'b' | 'tie';
  votes: number;
}

/**
 * Every parsed verdict of every run as pair counts, one vote per judgment (strength left out, so
 * a verdict weighs what a human vote weighs), for `GET /api/leaderboard?source=judge|all`.
 * Unparsed and failed verdicts are left out. Verdicts are never model_votes: this is the only
 * way they reach the leaderboard.
 */
export async function judgeVerdictCounts(db: Kysely<Database>, options: { since?: Date | undefined; judgeModelId?: string | undefined } = {}): Promise<JudgeVerdictRow[]> {
  const { rows } = await sql<{ a: string; b: string; outcome: 'a' | 'b' | 'tie'; votes: string }>`
    SELECT x.model_id AS a, y.model_id AS b,
      CASE WHEN j.verdict IN ('A>>B', 'A>B') THEN 'a' WHEN j.verdict IN ('B>A', 'B>>A') THEN 'b' ELSE 'tie' END AS outcome,
      count(*) AS votes
    FROM eval_judgments j
    JOIN eval_answers x ON x.answer_id = j.answer_a_id
    JOIN eval_answers y ON y.answer_id = j.answer_b_id
    WHERE j.verdict NOT IN ('unparsed', 'failed') AND x.model_id <> y.model_id
      AND (${options.since ?? null}::timestamptz IS NULL OR j.created_at >= ${options.since ?? null}::timestamptz)
      AND (${options.judgeModelId ?? null}::uuid IS NULL OR j.judge_model_id = ${options.judgeModelId ?? null}::uuid)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`.execute(db);
  return rows.map((row) => ({ ...row, votes: Number(row.votes) }));
}

/** Changes whenever a verdict is stored: the leaderboard's cache key for views that include them. */
export async function judgeVerdictWatermark(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ n: string; latest: string }>`
    SELECT count(*)::text AS n, coalesce(max(created_at)::text, '') AS latest FROM eval_judgments`.execute(db);
  return `${rows[0]?.n ?? 0}:${rows[0]?.latest ?? ''}`;
}
