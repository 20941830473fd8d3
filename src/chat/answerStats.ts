import { z } from '@hono/zod-openapi';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const answerStatsSchema = z
  .object({
    ttft_ms: z.number().int().nullable().openapi({ description: 'From the start of the turn to the answer’s first text' }),
    output_tokens: z.number().int().nullable(),
    tokens_per_second: z.number().nullable().openapi({ description: 'Output tokens per second while the answer streamed (after its first text), as the leaderboard counts them' }),
    cost: z.number().nullable().openapi({ description: 'Input and output tokens at the model’s price; null without a price, and while an anonymous battle hides its models (a price names a model)' }),
    currency: z.string().nullable(),
  })
  .openapi('AnswerStats');
export type AnswerStats = z.infer<typeof answerStatsSchema>;

/** One answer's raw figures: its time, time to first text and tokens, and its model's price if it has one. */
export interface AnswerFigures {
  time_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  price?: { input_per_million: number; output_per_million: number; currency: string } | undefined;
}

/** The figures shown under an answer; the speed is the leaderboard's (src/ratings/modelStats.ts), per answer. */
export function answerStats(figures: AnswerFigures): AnswerStats {
  const { time_ms, ttft_ms, input_tokens, output_tokens, price } = figures;
  const streaming = time_ms !== null && ttft_ms !== null ? time_ms - ttft_ms : 0;
  const priced = price !== undefined && (input_tokens !== null || output_tokens !== null);
  return {
    ttft_ms,
    output_tokens,
    tokens_per_second: output_tokens !== null && output_tokens > 0 && streaming > 0 ? (output_tokens * 1000) / streaming : null,
    cost: priced ? ((input_tokens ?? 0) * price.input_per_million + (output_tokens ?? 0) * price.output_per_million) / 1_000_000 : null,
    currency: priced ? price.currency : null,
  };
}

interface SideRow {
  time_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  input_per_million: string | null;
  output_per_million: string | null;
  currency: string | null;
}

function fromRow(row: SideRow, withPrice: boolean): AnswerStats {
  const price =
    withPrice && row.input_per_million !== null && row.output_per_million !== null && row.currency !== null
      ? { input_per_million: Number(row.input_per_million), output_per_million: Number(row.output_per_million), currency: row.currency }
      : undefined;
  return answerStats({ ...row, price });
}

/**
 * The figures of every battle turn of a thread, by message id. Tokens and time to first text come
 * from comparison_features when computed, else from what the turn stored itself (the upstream's
 * usage and ttft, written with the comparison), so a turn just ended already has them.
 * `hidden(messageId)` says which turns still hide their models: they get no cost.
 */
export async function threadAnswerStats(db: Kysely<Database>, threadId: string, hidden: (messageId: string) => boolean): Promise<Map<string, [AnswerStats, AnswerStats]>> {
  const rows = await db
    .selectFrom('thread_messages as m')
    .innerJoin('comparisons as c', 'c.comparison_id', 'm.comparison_id')
    .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .leftJoin('model_prices as p1', 'p1.model_id', 'c.model1_id')
    .leftJoin('model_prices as p2', 'p2.model_id', 'c.model2_id')
    .select((eb) => [
      'm.message_id',
      'c.model1_time_ms',
      'c.model2_time_ms',
      eb.fn.coalesce('f.model1_ttft_ms', 'c.model1_ttft_ms').as('model1_ttft_ms'),
      eb.fn.coalesce('f.model2_ttft_ms', 'c.model2_ttft_ms').as('model2_ttft_ms'),
      eb.fn.coalesce('f.model1_input_tokens', sql<number>`(c.model1_usage->>'input_tokens')::int`).as('model1_input_tokens'),
      eb.fn.coalesce('f.model2_input_tokens', sql<number>`(c.model2_usage->>'input_tokens')::int`).as('model2_input_tokens'),
      eb.fn.coalesce('f.model1_output_tokens', sql<number>`(c.model1_usage->>'output_tokens')::int`).as('model1_output_tokens'),
      eb.fn.coalesce('f.model2_output_tokens', sql<number>`(c.model2_usage->>'output_tokens')::int`).as('model2_output_tokens'),
      'p1.input_per_million as model1_input_per_million',
      'p1.output_per_million as model1_output_per_million',
      'p1.currency as model1_currency',
      'p2.input_per_million as model2_input_per_million',
      'p2.output_per_million as model2_output_per_million',
      'p2.currency as model2_currency',
    ])
    .where('m.thread_id', '=', threadId)
    .execute();
  return new Map(
    rows.map((row) => {
      const priced = !hidden(row.message_id);
      const side = (n: 1 | 2): SideRow => ({
        time_ms: row[`model${n}_time_ms`],
        ttft_ms: row[`model${n}_ttft_ms`],
        input_tokens: row[`model${n}_input_tokens`],
        output_tokens: row[`model${n}_output_tokens`],
        input_per_million: row[`model${n}_input_per_million`],
        output_per_million: row[`model${n}_output_per_million`],
        currency: row[`model${n}_currency`],
      });
      return [row.message_id, [fromRow(side(1), priced), fromRow(side(2), priced)]];
    }),
  );
}
