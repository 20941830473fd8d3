import { sql, type Kysely, type RawBuilder } from 'kysely';
import { executePrepared } from '../db/prepared.js';
import type { Database, Evaluation, StoredVerdict } from '../db/schema.js';

/**
 * The items of a run, derived on demand from what is stored rather than kept as rows of their
 * own: its answers are (answer model × prompt), its judgments (ordered pair × prompt), both
 * looked up by their unique keys. An item whose row failed in an earlier attempt (or another
 * run) is pending again; one that failed in this attempt is failed.
 */

/** The models that answer: the contestants, and the baseline in vs_baseline mode. */
export function answerModels(evaluation: Pick<Evaluation, 'model_ids' | 'baseline_model_id' | 'mode'>): string[] {
  return evaluation.mode === 'vs_baseline' && evaluation.baseline_model_id ? [...evaluation.model_ids, evaluation.baseline_model_id] : [...evaluation.model_ids];
}

/** Every ordered pair judged: each model against the baseline, or each pair of models; both orders. */
export function judgedOrders(evaluation: Pick<Evaluation, 'model_ids' | 'baseline_model_id' | 'mode'>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (evaluation.mode === 'vs_baseline' && evaluation.baseline_model_id) {
    for (const model of evaluation.model_ids) pairs.push([evaluation.baseline_model_id, model]);
  } else {
    evaluation.model_ids.forEach((x, i) => evaluation.model_ids.slice(i + 1).forEach((y) => pairs.push([x, y])));
  }
  return pairs.flatMap(([x, y]) => [
    [x, y],
    [y, x],
  ]);
}

export function attemptTag(evaluation: Pick<Evaluation, 'evaluation_id' | 'attempt'>): string {
  return `${evaluation.evaluation_id}:${evaluation.attempt}`;
}

type Run = Pick<Evaluation, 'evaluation_id' | 'attempt' | 'prompt_set_id' | 'prompt_set_version' | 'model_ids' | 'baseline_model_id' | 'mode' | 'settings_hash' | 'judge_model_id' | 'judge_prompt_id' | 'judge_prompt_version'>;

/**
 * The CTEs `ans` (one row per answer item) and `jud` (one row per judgment item) of a run.
 * `ans.state`/`jud.state`: done, failed (in this attempt), blocked (a judgment whose answer
 * failed), pending.
 */
function itemsCte(run: Run): RawBuilder<unknown> {
  const tag = attemptTag(run);
  const orders = judgedOrders(run);
  return sql`
    items AS (
      SELECT i.position, i.prompt_hash, i.question_hash, i.category
      FROM prompt_set_items i
      WHERE i.prompt_set_id = ${run.prompt_set_id} AND i.version = ${run.prompt_set_version}
    ),
    ans AS (
      SELECT i.position, i.prompt_hash, i.question_hash, i.category, m.model_id, a.answer_id, a.evaluation_id,
        a.input_tokens, a.output_tokens, a.time_ms,
        (coalesce(a.input_tokens, 0) * mp.input_per_million + coalesce(a.output_tokens, 0) * mp.output_per_million) / 1e6 AS cost,
        CASE
          WHEN a.answer_id IS NULL THEN 'pending'
          WHEN a.error IS NULL THEN 'done'
          WHEN a.attempt_tag = ${tag} THEN 'failed'
          ELSE 'pending'
        END AS state
      FROM items i
      CROSS JOIN unnest(${answerModels(run)}::uuid[]) AS m(model_id)
      LEFT JOIN eval_answers a ON a.model_id = m.model_id AND a.prompt_hash = i.prompt_hash AND a.settings_hash = ${run.settings_hash}
      LEFT JOIN model_prices mp ON mp.model_id = m.model_id
    ),
    orders AS (
      SELECT o.first_id, o.second_id
      FROM unnest(${orders.map((order) => order[0])}::uuid[], ${orders.map((order) => order[1])}::uuid[]) AS o(first_id, second_id)
    ),
    jud AS (
      SELECT x.position, x.prompt_hash, x.question_hash, x.category, o.first_id, o.second_id, j.judgment_id, j.verdict, j.evaluation_id,
        j.input_tokens, j.output_tokens, j.time_ms,
        (coalesce(j.input_tokens, 0) * jp.input_per_million + coalesce(j.output_tokens, 0) * jp.output_per_million) / 1e6 AS cost,
        CASE
          WHEN x.state = 'failed' OR y.state = 'failed' THEN 'blocked'
          WHEN x.state <> 'done' OR y.state <> 'done' THEN 'waiting'
          WHEN j.judgment_id IS NULL THEN 'pending'
          WHEN j.verdict <> 'failed' THEN 'done'
          WHEN j.attempt_tag = ${tag} THEN 'failed'
          ELSE 'pending'
        END AS state
      FROM orders o
      JOIN ans x ON x.model_id = o.first_id
      JOIN ans y ON y.model_id = o.second_id AND y.position = x.position
      LEFT JOIN eval_judgments j ON j.judge_model_id = ${run.judge_model_id} AND j.judge_prompt_id = ${run.judge_prompt_id}
        AND j.judge_prompt_version = ${run.judge_prompt_version} AND j.question_hash = x.question_hash
        AND j.answer_a_id = x.answer_id AND j.answer_b_id = y.answer_id
      LEFT JOIN model_prices jp ON jp.model_id = ${run.judge_model_id}
    )`;
}

export interface PendingWork {
  /** `position`: the prompt's first place in the set. */
  answers: Array<{ model_id: string; prompt_hash: string; position: number }>;
  judgments: Array<{ first_id: string; second_id: string; position: number; question_hash: string }>;
}

/**
 * What can run now: answers not stored (or failed in an earlier attempt), and judgments whose two
 * answers are stored and whose verdict is not. Duplicates (a prompt twice in a set) collapse.
 */
export async function pendingWork(db: Kysely<Database>, run: Run): Promise<PendingWork> {
  return { answers: await pendingAnswers(db, run), judgments: await pendingJudgments(db, run) };
}

/**
 * The judgments one answer made possible once stored: its model against each model whose answer
 * to the same prompt is stored too, in both orders where judged, at the prompt's first place in
 * the set (per question: a prompt may come twice with different references). Read after the
 * answer's write committed, so of two answers stored at once the later one's read sees both. A
 * judgment already made is included (its job finds it stored and does nothing); what runs after
 * every answer must stay small, and the run's whole pending work is a join over all its items.
 */
export async function judgmentsReadyWith(db: Kysely<Database>, run: Run, answer: { model_id: string; prompt_hash: string }): Promise<PendingWork['judgments']> {
  const orders = judgedOrders(run).filter((order) => order.includes(answer.model_id));
  if (orders.length === 0) return [];
  const { rows } = await executePrepared(db, sql<{ position: number; question_hash: string; model_id: string }>`
    SELECT i.position, i.question_hash, a.model_id
    FROM prompt_set_items i
    JOIN eval_answers a ON a.prompt_hash = i.prompt_hash AND a.settings_hash = ${run.settings_hash} AND a.error IS NULL
      AND a.model_id = ANY(${[...new Set(orders.flat())]}::uuid[])
    WHERE i.prompt_set_id = ${run.prompt_set_id} AND i.version = ${run.prompt_set_version} AND i.prompt_hash = ${answer.prompt_hash}`.compile(db));
  const stored = new Set(rows.map((row) => row.model_id));
  const firstPlace = new Map<string, number>();
  for (const { question_hash, position } of rows) firstPlace.set(question_hash, Math.min(firstPlace.get(question_hash) ?? position, position));
  return orders
    .filter((order) => order.every((model) => stored.has(model)))
    .flatMap(([first_id, second_id]) => [...firstPlace].map(([question_hash, position]) => ({ first_id, second_id, position, question_hash })));
}

async function pendingAnswers(db: Kysely<Database>, run: Run): Promise<PendingWork['answers']> {
  const { rows } = await sql<{ model_id: string; prompt_hash: string; position: number }>`
    WITH ${itemsCte(run)}
    SELECT model_id, prompt_hash, min(position) AS position FROM ans WHERE state = 'pending' GROUP BY model_id, prompt_hash
    -- In the set's order: they are sent a thousand at a time, and the first prompts' go first.
    ORDER BY min(position), model_id`.execute(db);
  return rows;
}

async function pendingJudgments(db: Kysely<Database>, run: Run): Promise<PendingWork['judgments']> {
  const { rows } = await sql<PendingWork['judgments'][number]>`
    WITH ${itemsCte(run)}
    SELECT DISTINCT ON (first_id, second_id, question_hash) first_id, second_id, position, question_hash
    FROM jud WHERE state = 'pending'
    ORDER BY first_id, second_id, question_hash, position`.execute(db);
  return rows;
}

export interface StageCounts {
  total: number;
  done: number;
  failed: number;
  /** Judgments that cannot be made because an answer failed. */
  blocked: number;
  /** Done by an earlier run (or attempt) and reused. */
  reused: number;
  input_tokens: number;
  output_tokens: number;
  /** Upstream time of the items done, in ms. */
  time_ms: number;
  /** What the done items cost at the models' prices (items of unpriced models count 0). */
  cost: number;
  /** Every done item's model has a price. */
  priced: boolean;
}

export interface ItemCounts {
  answers: StageCounts;
  judgments: StageCounts & { unparsed: number };
  /** Rows this run produced itself (for the rate behind the ETA). */
  produced: number;
}

/** One query over every item of the run. */
export async function itemCounts(db: Kysely<Database>, run: Run): Promise<ItemCounts> {
  const { rows } = await sql<Record<string, string | number | boolean | null>>`
    WITH ${itemsCte(run)},
    a AS (
      SELECT count(*) AS total,
        count(*) FILTER (WHERE state = 'done') AS done,
        count(*) FILTER (WHERE state = 'failed') AS failed,
        count(*) FILTER (WHERE state = 'done' AND evaluation_id IS DISTINCT FROM ${run.evaluation_id}) AS reused,
        count(*) FILTER (WHERE answer_id IS NOT NULL AND evaluation_id = ${run.evaluation_id}) AS produced,
        coalesce(sum(input_tokens) FILTER (WHERE state = 'done'), 0) AS input_tokens,
        coalesce(sum(output_tokens) FILTER (WHERE state = 'done'), 0) AS output_tokens,
        coalesce(sum(time_ms) FILTER (WHERE state = 'done'), 0) AS time_ms,
        coalesce(sum(cost) FILTER (WHERE state = 'done'), 0) AS cost,
        coalesce(bool_and(cost IS NOT NULL) FILTER (WHERE state = 'done'), true) AS priced
      FROM ans
    ),
    j AS (
      SELECT count(*) AS total,
        count(*) FILTER (WHERE state = 'done') AS done,
        count(*) FILTER (WHERE state = 'failed') AS failed,
        count(*) FILTER (WHERE state = 'blocked') AS blocked,
        count(*) FILTER (WHERE state = 'done' AND verdict = 'unparsed') AS unparsed,
        count(*) FILTER (WHERE state = 'done' AND evaluation_id IS DISTINCT FROM ${run.evaluation_id}) AS reused,
        count(*) FILTER (WHERE judgment_id IS NOT NULL AND evaluation_id = ${run.evaluation_id}) AS produced,
        coalesce(sum(input_tokens) FILTER (WHERE state = 'done'), 0) AS input_tokens,
        coalesce(sum(output_tokens) FILTER (WHERE state = 'done'), 0) AS output_tokens,
        coalesce(sum(time_ms) FILTER (WHERE state = 'done'), 0) AS time_ms,
        coalesce(sum(cost) FILTER (WHERE state = 'done'), 0) AS cost,
        coalesce(bool_and(cost IS NOT NULL) FILTER (WHERE state = 'done'), true) AS priced
      FROM jud
    )
    SELECT a.total AS a_total, a.done AS a_done, a.failed AS a_failed, a.reused AS a_reused, a.produced AS a_produced,
      a.input_tokens AS a_in, a.output_tokens AS a_out, a.time_ms AS a_time, a.cost AS a_cost, a.priced AS a_priced,
      j.total AS j_total, j.done AS j_done, j.failed AS j_failed, j.blocked AS j_blocked, j.unparsed AS j_unparsed,
      j.reused AS j_reused, j.produced AS j_produced, j.input_tokens AS j_in, j.output_tokens AS j_out, j.time_ms AS j_time,
      j.cost AS j_cost, j.priced AS j_priced
    FROM a, j`.execute(db);
  const row = rows[0] ?? {};
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    answers: {
      total: n('a_total'),
      done: n('a_done'),
      failed: n('a_failed'),
      blocked: 0,
      reused: n('a_reused'),
      input_tokens: n('a_in'),
      output_tokens: n('a_out'),
      time_ms: n('a_time'),
      cost: n('a_cost'),
      priced: row.a_priced === true,
    },
    judgments: {
      total: n('j_total'),
      done: n('j_done'),
      failed: n('j_failed'),
      blocked: n('j_blocked'),
      unparsed: n('j_unparsed'),
      reused: n('j_reused'),
      input_tokens: n('j_in'),
      output_tokens: n('j_out'),
      time_ms: n('j_time'),
      cost: n('j_cost'),
      priced: row.j_priced === true,
    },
    produced: n('a_produced') + n('j_produced'),
  };
}

/** Nothing left to do: every item is done, failed in this attempt, or blocked. */
export function finished(counts: ItemCounts): boolean {
  return (
    counts.answers.done + counts.answers.failed === counts.answers.total &&
    counts.judgments.done + counts.judgments.failed + counts.judgments.blocked === counts.judgments.total
  );
}

export interface JudgedGame {
  position: number;
  category: string | null;
  first_id: string;
  second_id: string;
  verdict: StoredVerdict;
}

/** Every stored verdict of the run (unparsed ones included), for scoring. */
export async function judgedGames(db: Kysely<Database>, run: Run): Promise<JudgedGame[]> {
  const { rows } = await sql<JudgedGame>`
    WITH ${itemsCte(run)}
    SELECT position, category, first_id, second_id, verdict FROM jud WHERE state = 'done' ORDER BY position, first_id, second_id`.execute(db);
  return rows;
}

/** Tokens and upstream time of the answers each model gave in this run (reused ones included). */
export interface ModelUsage {
  model_id: string;
  answers: number;
  input_tokens: number;
  output_tokens: number;
  time_ms: number;
  /** null when the model has no price. */
  cost: number | null;
}

export async function answerUsage(db: Kysely<Database>, run: Run): Promise<ModelUsage[]> {
  const { rows } = await sql<Record<keyof ModelUsage, string | null>>`
    WITH ${itemsCte(run)}
    SELECT model_id, count(*) AS answers, coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(time_ms), 0) AS time_ms, sum(cost) AS cost
    FROM ans WHERE state = 'done' GROUP BY model_id`.execute(db);
  return rows.map((row) => ({
    model_id: row.model_id as string,
    answers: Number(row.answers),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    time_ms: Number(row.time_ms),
    cost: row.cost === null ? null : Number(row.cost),
  }));
}

/** What the judge spent on the run's verdicts (reused ones included). */
export async function judgeUsage(db: Kysely<Database>, run: Run): Promise<Omit<ModelUsage, 'answers'> & { judgments: number }> {
  const { rows } = await sql<Record<string, string | null>>`
    WITH ${itemsCte(run)}
    SELECT count(*) AS judgments, coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(time_ms), 0) AS time_ms, sum(cost) AS cost
    FROM jud WHERE state = 'done'`.execute(db);
  const row = rows[0] ?? {};
  return {
    model_id: run.judge_model_id,
    judgments: Number(row.judgments ?? 0),
    input_tokens: Number(row.input_tokens ?? 0),
    output_tokens: Number(row.output_tokens ?? 0),
    time_ms: Number(row.time_ms ?? 0),
    cost: row.cost === null || row.cost === undefined ? null : Number(row.cost),
  };
}

/** The text of every answer the run judged, by model and prompt (for style features). */
export async function answerTexts(db: Kysely<Database>, run: Run): Promise<Array<{ model_id: string; position: number; answer_text: string }>> {
  const { rows } = await sql<{ model_id: string; position: number; answer_text: string }>`
    WITH ${itemsCte(run)}
    SELECT ans.model_id, ans.position, a.answer_text
    FROM ans JOIN eval_answers a ON a.answer_id = ans.answer_id
    WHERE ans.state = 'done'`.execute(db);
  return rows;
}
