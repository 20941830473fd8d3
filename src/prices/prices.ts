import { sql, type Kysely } from 'kysely';
import type { Database, ModelPrice } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

export interface PriceInput {
  input_per_million: number;
  output_per_million: number;
  currency?: string | undefined;
}

async function requireModel(db: Kysely<Database>, modelId: string): Promise<void> {
  const model = await db.selectFrom('ai_models').select('model_id').where('model_id', '=', modelId).executeTakeFirst();
  if (!model) throw new NotFoundError('Model not found');
}

/** Sets (or replaces) a model's price, in one statement. */
export async function setPrice(db: Kysely<Database>, modelId: string, price: PriceInput, userId: string): Promise<ModelPrice> {
  await requireModel(db, modelId);
  const values = {
    input_per_million: String(price.input_per_million),
    output_per_million: String(price.output_per_million),
    currency: price.currency ?? 'USD',
    updated_by: userId,
  };
  // The model may be deleted between the check and the write: its foreign key then refuses the row.
  try {
    return await db
      .insertInto('model_prices')
      .values({ model_id: modelId, ...values })
      .onConflict((conflict) => conflict.column('model_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw new NotFoundError('Model not found');
    throw error;
  }
}

export async function clearPrice(db: Kysely<Database>, modelId: string): Promise<void> {
  await requireModel(db, modelId);
  const deleted = await db.deleteFrom('model_prices').where('model_id', '=', modelId).executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw new NotFoundError('This model has no price to clear');
}

/** Every price, by model id. */
export async function pricesByModel(db: Kysely<Database>): Promise<Map<string, ModelPrice>> {
  const rows = await db.selectFrom('model_prices').selectAll().execute();
  return new Map(rows.map((row) => [row.model_id, row]));
}
