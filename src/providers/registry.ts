import { sql, type Kysely } from 'kysely';
import type { AiModel, Database, Provider } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { maskKey, type KeyCipher } from './keyCrypto.js';
import { isGenericProvider, NO_URL_HELP } from './providerKinds.js';

/**
 * The admin's operations on providers, models and keys. Every write stamps `updated_at`
 * (and `created_by` on creation); callers refresh the catalog and the key pool afterwards.
 */

/** A key row as the API shows it: never `api_key`. */
export const KEY_COLUMNS = [
  'key_id',
  'provider_name',
  'display_mask',
  'is_active',
  'failure_count',
  'total_calls',
  'last_used_at',
  'last_error_type',
  'last_error_category',
  'last_error_at',
  'cooldown_until',
  'created_at',
] as const;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}
/** 23503 foreign_key_violation; PostgreSQL 18 (PGlite) reports ON DELETE RESTRICT as 23001. */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23503' || code === '23001';
}

export function listProviders(db: Kysely<Database>): Promise<Provider[]> {
  return db.selectFrom('providers').selectAll().orderBy('priority', 'desc').orderBy('provider_name').execute();
}

export async function createProvider(
  db: Kysely<Database>,
  input: { provider_name: string; display_name?: string | undefined; is_enabled?: boolean | undefined; priority?: number | undefined; base_url?: string | null | undefined },
): Promise<Provider> {
  try {
    return await db
      .insertInto('providers')
      .values({
        provider_name: input.provider_name,
        display_name: input.display_name ?? null,
        base_url: input.base_url ?? null,
        ...(input.is_enabled !== undefined && { is_enabled: input.is_enabled }),
        ...(input.priority !== undefined && { priority: input.priority }),
        updated_at: sql<Date>`now()`,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`Provider ${input.provider_name} already exists`);
    throw error;
  }
}

export async function updateProvider(
  db: Kysely<Database>,
  name: string,
  patch: { display_name?: string | null | undefined; is_enabled?: boolean | undefined; priority?: number | undefined; base_url?: string | null | undefined },
): Promise<Provider> {
  if (patch.base_url === null) await assertNoModelNeedsBaseURL(db, name);
  const row = await db
    .updateTable('providers')
    .set({
      ...(patch.display_name !== undefined && { display_name: patch.display_name }),
      ...(patch.is_enabled !== undefined && { is_enabled: patch.is_enabled }),
      ...(patch.priority !== undefined && { priority: patch.priority }),
      ...(patch.base_url !== undefined && { base_url: patch.base_url }),
      updated_at: sql<Date>`now()`,
    })
    .where('provider_name', '=', name)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Provider ${name} not found`);
  return row;
}

/** Clearing a base URL that active models are called at would leave them active but unusable. */
async function assertNoModelNeedsBaseURL(db: Kysely<Database>, providerName: string): Promise<void> {
  if (!isGenericProvider(providerName)) return;
  const relying = await db
    .selectFrom('ai_models')
    .select('model_name')
    .where('provider_name', '=', providerName)
    .where('status', '=', 'active')
    .where('api_url', 'is', null)
    .orderBy('model_name')
    .execute();
  if (relying.length > 0) {
    throw new ConflictError(`base_url: the active models ${relying.map((model) => model.model_name).join(', ')} are called at it; give them an api_url or deactivate them first`);
  }
}

/**
 * An active model must be callable: a generic provider's model needs its own api_url or the
 * provider's base_url (a model saved inactive may wait for one).
 */
async function assertCallable(db: Kysely<Database>, model: { provider_name: string | null; api_url: string | null; status: string | null }): Promise<void> {
  if (model.status !== 'active' || model.api_url || !isGenericProvider(model.provider_name)) return;
  const provider = await db.selectFrom('providers').select('base_url').where('provider_name', '=', model.provider_name ?? '').executeTakeFirst();
  if (!provider?.base_url) {
    throw new ValidationError(`api_url: ${model.provider_name} is an OpenAI-compatible provider with no base URL, so this model needs one: ${NO_URL_HELP}, or save the model inactive`);
  }
}

/** Deletes a provider and its keys (the keys' foreign key cascades). */
export async function deleteProvider(db: Kysely<Database>, name: string): Promise<void> {
  const result = await db.deleteFrom('providers').where('provider_name', '=', name).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new NotFoundError(`Provider ${name} not found`);
}

export function listModels(db: Kysely<Database>): Promise<AiModel[]> {
  return db.selectFrom('ai_models').selectAll().orderBy('provider_name').orderBy('model_name').execute();
}

export interface ModelInput {
  model_name: string;
  provider_name: string;
  api_url?: string | null | undefined;
  description?: string | null | undefined;
  status?: string | undefined;
}

/** `createdBy` is null for rows made outside a signed-in request (the admin CLI). */
export async function createModel(db: Kysely<Database>, input: ModelInput, createdBy: string | null): Promise<AiModel> {
  const provider = await db.selectFrom('providers').select('provider_name').where('provider_name', '=', input.provider_name).executeTakeFirst();
  if (!provider) throw new NotFoundError(`Provider ${input.provider_name} not found: create it first`);
  const existing = await db
    .selectFrom('ai_models')
    .select('model_id')
    .where('model_name', '=', input.model_name)
    .where('provider_name', '=', input.provider_name)
    .executeTakeFirst();
  if (existing) throw new ConflictError(`${input.provider_name} already has a model ${input.model_name}`);
  await assertCallable(db, { provider_name: input.provider_name, api_url: input.api_url ?? null, status: input.status ?? 'active' });
  return db
    .insertInto('ai_models')
    .values({
      model_name: input.model_name,
      provider_name: input.provider_name,
      api_url: input.api_url ?? null,
      description: input.description ?? null,
      ...(input.status !== undefined && { status: input.status }),
      created_by: createdBy,
      updated_at: sql<Date>`now()`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateModel(db: Kysely<Database>, modelId: string, patch: { [K in keyof ModelInput]?: ModelInput[K] | undefined }): Promise<AiModel> {
  const current = await db.selectFrom('ai_models').select(['provider_name', 'api_url', 'status']).where('model_id', '=', modelId).executeTakeFirst();
  if (!current) throw new NotFoundError('Model not found');
  await assertCallable(db, {
    provider_name: patch.provider_name ?? current.provider_name,
    api_url: patch.api_url !== undefined ? patch.api_url : current.api_url,
    status: patch.status ?? current.status,
  });
  const row = await db
    .updateTable('ai_models')
    .set({
      ...(patch.model_name !== undefined && { model_name: patch.model_name }),
      ...(patch.provider_name !== undefined && { provider_name: patch.provider_name }),
      ...(patch.api_url !== undefined && { api_url: patch.api_url }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.status !== undefined && { status: patch.status }),
      updated_at: sql<Date>`now()`,
    })
    .where('model_id', '=', modelId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Model not found');
  return row;
}

/** A model with comparisons or votes cannot be deleted (they feed the leaderboard): deprecate it. */
export async function deleteModel(db: Kysely<Database>, modelId: string): Promise<void> {
  try {
    const result = await db.deleteFrom('ai_models').where('model_id', '=', modelId).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw new NotFoundError('Model not found');
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new ConflictError('This model has comparisons or votes; set its status to deprecated instead of deleting it');
    }
    throw error;
  }
}

export function listKeys(db: Kysely<Database>, providerName: string) {
  return db.selectFrom('provider_api_keys').select(KEY_COLUMNS).where('provider_name', '=', providerName).orderBy('created_at').execute();
}

export async function addKey(db: Kysely<Database>, cipher: KeyCipher, providerName: string, apiKey: string, createdBy: string | null) {
  const provider = await db.selectFrom('providers').select('provider_name').where('provider_name', '=', providerName).executeTakeFirst();
  if (!provider) throw new NotFoundError(`Provider ${providerName} not found`);
  return db
    .insertInto('provider_api_keys')
    .values({
      provider_name: providerName,
      api_key: cipher.encrypt(apiKey.trim()),
      display_mask: maskKey(apiKey),
      created_by: createdBy,
      updated_at: sql<Date>`now()`,
    })
    .returning(KEY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Re-enables or disables a key, or ends its cooldown (and its failure streak) at once. */
export async function updateKey(db: Kysely<Database>, keyId: string, patch: { is_active?: boolean | undefined; clear_cooldown?: boolean | undefined }) {
  const row = await db
    .updateTable('provider_api_keys')
    .set({
      ...(patch.is_active !== undefined && { is_active: patch.is_active }),
      ...(patch.is_active === true && { failure_count: 0 }),
      ...(patch.clear_cooldown && { cooldown_until: null, failure_count: 0 }),
      updated_at: sql<Date>`now()`,
    })
    .where('key_id', '=', keyId)
    .returning(KEY_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Key not found');
  return row;
}

/** Returns what identifies the deleted key (its mask, never the key) for the audit log. */
export async function deleteKey(db: Kysely<Database>, keyId: string) {
  const deleted = await db.deleteFrom('provider_api_keys').where('key_id', '=', keyId).returning(['key_id', 'provider_name', 'display_mask']).executeTakeFirst();
  if (!deleted) throw new NotFoundError('Key not found');
  return deleted;
}

/** Every key with its provider and whether this server can decrypt it (for the health view). */
export function allKeysWithCiphertext(db: Kysely<Database>) {
  return db.selectFrom('provider_api_keys').select([...KEY_COLUMNS, 'api_key']).orderBy('provider_name').orderBy('created_at').execute();
}
