import { z } from '@hono/zod-openapi';
import type { ModelPrice } from '../db/schema.js';
import { timestampSchema } from '../http/json.js';

/** Per million tokens; zod refuses NaN and ±Infinity (a JSON 1e999 parses to Infinity). */
const perMillion = z.number().nonnegative().max(1_000_000).openapi({ example: 0.59 });

export const setPriceSchema = z
  .object({
    input_per_million: perMillion,
    output_per_million: perMillion,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, such as USD or EUR')
      .optional()
      .openapi({ example: 'USD' }),
  })
  .openapi('NewModelPrice');

export const priceSchema = z
  .object({
    model_id: z.uuid(),
    input_per_million: z.number(),
    output_per_million: z.number(),
    currency: z.string(),
    updated_by: z.string().nullable(),
    updated_at: timestampSchema,
  })
  .openapi('ModelPrice');

export type PriceJson = z.infer<typeof priceSchema>;

export function toPriceJson(row: ModelPrice): PriceJson {
  return {
    model_id: row.model_id,
    input_per_million: Number(row.input_per_million),
    output_per_million: Number(row.output_per_million),
    currency: row.currency,
    updated_by: row.updated_by,
    updated_at: row.updated_at.toISOString(),
  };
}
