import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { wholeTableRead } from '../db/wholeTableRead.js';

/** Speed and cost of a model's answers in the arena. */
export interface ModelStats {
  /** Median time from the start of the turn to the answer's first text. */
  median_ttft_ms: number | null;
  /** Median over answers of output tokens per second while the answer streamed (after its first text). */
  output_tokens_per_second: number | null;
  /** Mean price of one answer (input and output tokens at the model's price), in the price's currency; null without a price. */
  mean_cost_per_answer: number | null;
}

/**
 * The comparison aliased `c` may move a model's public figures: it was named, or its vote revealed
 * it. An anonymous battle not voted yet must not: two signed-out reads of the leaderboard around
 * it would tell by whose median time or mean cost moved which models served it (issue 19).
 */
const REVEALED = sql<boolean>`(c.mode IS DISTINCT FROM 'anonymous' OR EXISTS (SELECT 1 FROM model_votes v WHERE v.comparison_id = c.comparison_id))`;

/**
 * Every answer a model gave in a comparison whose facts are known (comparison_features: the
 * upstream's token counts, or the tokenizer's) and whose models are no secret, voted or not, that
 * did not fail: speed and cost are properties of the model, not of the votes a view selects.
 */
export async function modelStats(db: Kysely<Database>): Promise<Map<string, ModelStats>> {
  // Two passes over every comparison and a sort of every answer by model for the medians: at the
  // default work_mem the sorts spilled to temporary files (24 s on 1M comparisons on PGlite, 7.6 s in memory).
  const { rows } = await wholeTableRead(db, (trx) => sql<{ model_id: string; median_ttft_ms: number | null; output_tokens_per_second: number | null; mean_cost_per_answer: string | null }>`
    WITH answers AS (
      SELECT c.model1_id AS model_id, f.model1_ttft_ms AS ttft, c.model1_time_ms AS time_ms, f.model1_input_tokens AS input_tokens, f.model1_output_tokens AS output_tokens
      FROM comparisons c JOIN comparison_features f ON f.comparison_id = c.comparison_id
      WHERE c.model1_id IS NOT NULL AND NOT dualmind_comparison_failed(c) AND ${REVEALED}
      UNION ALL
      SELECT c.model2_id, f.model2_ttft_ms, c.model2_time_ms, f.model2_input_tokens, f.model2_output_tokens
      FROM comparisons c JOIN comparison_features f ON f.comparison_id = c.comparison_id
      WHERE c.model2_id IS NOT NULL AND NOT dualmind_comparison_failed(c) AND ${REVEALED}
    )
    SELECT a.model_id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ttft::float8) AS median_ttft_ms,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a.output_tokens * 1000.0::float8 / (a.time_ms - a.ttft)) FILTER (WHERE a.output_tokens > 0 AND a.time_ms > a.ttft) AS output_tokens_per_second,
      avg((coalesce(a.input_tokens, 0) * p.input_per_million + coalesce(a.output_tokens, 0) * p.output_per_million) / 1000000)
        FILTER (WHERE a.input_tokens IS NOT NULL OR a.output_tokens IS NOT NULL) AS mean_cost_per_answer
    FROM answers a LEFT JOIN model_prices p ON p.model_id = a.model_id
    GROUP BY a.model_id`.execute(trx));
  const number = (value: number | string | null) => (value === null ? null : Number(value));
  return new Map(
    rows.map((row) => [
      row.model_id,
      { median_ttft_ms: number(row.median_ttft_ms), output_tokens_per_second: number(row.output_tokens_per_second), mean_cost_per_answer: number(row.mean_cost_per_answer) },
    ]),
  );
}
