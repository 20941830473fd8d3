import { sql, type Kysely, type Transaction } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { SessionUser } from '../auth/users.js';
import type { Database, PromptSet } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { questionHash, sha256 } from './hashing.js';
import type { PromptRow } from './promptImport.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters, and short statements for PGlite. */
const BATCH = 1_000;

export interface VersionSummary {
  version: number;
  prompt_count: number;
  created_at: Date;
}

export interface PromptSetSummary {
  prompt_set_id: string;
  user_id: string;
  name: string;
  latest_version: number;
  prompt_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface StoredPrompt {
  position: number;
  id: string;
  prompt: string;
  category: string | null;
  reference: string | null;
}

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += BATCH) out.push(rows.slice(start, start + BATCH));
  return out;
}

async function writeVersion(trx: Transaction<Database>, setId: string, version: number, userId: string, rows: readonly PromptRow[]): Promise<void> {
  await trx.insertInto('prompt_set_versions').values({ prompt_set_id: setId, version, prompt_count: rows.length, created_by: userId }).execute();
  const hashed = rows.map((row, index) => ({ row, index, hash: sha256(row.prompt) }));
  for (const batch of batches(hashed)) {
    const texts = new Map(batch.map((entry) => [entry.hash, entry.row.prompt]));
    await trx
      .insertInto('eval_prompts')
      .values([...texts].map(([prompt_hash, prompt_text]) => ({ prompt_hash, prompt_text })))
      .onConflict((conflict) => conflict.column('prompt_hash').doNothing())
      .execute();
    await trx
      .insertInto('prompt_set_items')
      .values(
        batch.map(({ row, index, hash }) => ({
          prompt_set_id: setId,
          version,
          position: index + 1,
          item_key: row.id ?? String(index + 1),
          prompt_hash: hash,
          category: row.category ?? null,
          reference: row.reference ?? null,
          question_hash: questionHash(row.prompt, row.reference ?? null),
        })),
      )
      .execute();
  }
}

/** A new set with its first version, in one transaction. */
export async function createPromptSet(db: Kysely<Database>, user: SessionUser, name: string, rows: readonly PromptRow[]): Promise<PromptSetSummary> {
  return db.transaction().execute(async (trx) => {
    const set = await trx.insertInto('prompt_sets').values({ user_id: user.user_id, name }).returningAll().executeTakeFirstOrThrow();
    await writeVersion(trx, set.prompt_set_id, 1, user.user_id, rows);
    return { ...set, prompt_count: rows.length };
  });
}

/** An edit: the next version of the caller's set (the set row locked, so two edits get two numbers). */
export async function addPromptSetVersion(db: Kysely<Database>, user: SessionUser, setId: string, rows: readonly PromptRow[], name?: string): Promise<PromptSetSummary> {
  return db.transaction().execute(async (trx) => {
    const set = await trx.selectFrom('prompt_sets').selectAll().where('prompt_set_id', '=', setId).forUpdate().executeTakeFirst();
    if (!set || (set.user_id !== user.user_id && user.role !== 'admin')) throw new NotFoundError('Prompt set not found');
    if (set.user_id !== user.user_id) throw new ForbiddenError('Only the owner of a prompt set can change it');
    const version = set.latest_version + 1;
    await writeVersion(trx, setId, version, user.user_id, rows);
    const updated = await trx
      .updateTable('prompt_sets')
      .set({ latest_version: version, updated_at: sql<Date>`now()`, ...(name !== undefined && { name }) })
      .where('prompt_set_id', '=', setId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...updated, prompt_count: rows.length };
  });
}

/** The set if the caller may read it (its owner, or an admin); else 404. */
export async function readableSet(db: Kysely<Database>, user: SessionUser, setId: string): Promise<PromptSet> {
  const set = await db.selectFrom('prompt_sets').selectAll().where('prompt_set_id', '=', setId).executeTakeFirst();
  if (!set || (set.user_id !== user.user_id && user.role !== 'admin')) throw new NotFoundError('Prompt set not found');
  return set;
}

export async function versionOf(db: Kysely<Database>, set: PromptSet, version: number | undefined): Promise<VersionSummary> {
  const row = await db
    .selectFrom('prompt_set_versions')
    .select(['version', 'prompt_count', 'created_at'])
    .where('prompt_set_id', '=', set.prompt_set_id)
    .where('version', '=', version ?? set.latest_version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Prompt set ${set.name} has no version ${version}`);
  return row;
}

export function listVersions(db: Kysely<Database>, setId: string): Promise<VersionSummary[]> {
  return db.selectFrom('prompt_set_versions').select(['version', 'prompt_count', 'created_at']).where('prompt_set_id', '=', setId).orderBy('version', 'desc').execute();
}

/** The caller's sets (or, for an admin asking for all, everyone's), newest first, with their latest size. */
export function listPromptSets(db: Kysely<Database>, user: SessionUser, all: boolean): Promise<PromptSetSummary[]> {
  if (all && user.role !== 'admin') throw new ForbiddenError('Only admins can list every prompt set');
  let query = db
    .selectFrom('prompt_sets as s')
    .innerJoin('prompt_set_versions as v', (join) => join.onRef('v.prompt_set_id', '=', 's.prompt_set_id').onRef('v.version', '=', 's.latest_version'))
    .select(['s.prompt_set_id', 's.user_id', 's.name', 's.latest_version', 'v.prompt_count', 's.created_at', 's.updated_at'])
    .orderBy('s.updated_at', 'desc')
    .orderBy('s.prompt_set_id');
  if (!all) query = query.where('s.user_id', '=', user.user_id);
  return query.execute();
}

/** Prompts of one version in order, with their texts; `range` pages through them. */
export function promptsOf(db: Kysely<Database>, setId: string, version: number, range?: { offset: number; limit: number }): Promise<StoredPrompt[]> {
  let query = db
    .selectFrom('prompt_set_items as i')
    .innerJoin('eval_prompts as p', 'p.prompt_hash', 'i.prompt_hash')
    .select(['i.position', 'i.item_key as id', 'p.prompt_text as prompt', 'i.category', 'i.reference'])
    .where('i.prompt_set_id', '=', setId)
    .where('i.version', '=', version)
    .orderBy('i.position');
  if (range) query = query.offset(range.offset).limit(range.limit);
  return query.execute();
}

/** Deletes the caller's set with all its versions; refused (409) while a run uses it. */
export async function deletePromptSet(db: Kysely<Database>, user: SessionUser, setId: string): Promise<void> {
  const set = await readableSet(db, user, setId);
  if (set.user_id !== user.user_id) throw new ForbiddenError('Only the owner of a prompt set can delete it');
  const used = await db.selectFrom('evaluations').select('evaluation_id').where('prompt_set_id', '=', setId).limit(1).executeTakeFirst();
  if (used) throw new ConflictError('Evaluations use this prompt set; delete them first');
  await db.deleteFrom('prompt_sets').where('prompt_set_id', '=', setId).execute();
}

/** A set name: trimmed, 1–200 characters. */
export function checkSetName(name: string | undefined, field = 'name'): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') throw new ValidationError(`${field}: required`);
  if (trimmed.length > 200) throw new ValidationError(`${field}: must be at most 200 characters`);
  return trimmed;
}

const EXPORT_PAGE = 1_000;

/**
 * A version as a file, a page of prompts at a time: JSON lines (`{id, prompt, category?,
 * reference?}`) or CSV with a header row. Either imports again as the same prompts.
 */
export async function* exportPrompts(db: Kysely<Database>, setId: string, version: number, format: 'jsonl' | 'csv'): AsyncGenerator<string> {
  if (format === 'csv') yield stringify([['id', 'prompt', 'category', 'reference']]);
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await promptsOf(db, setId, version, { offset, limit: EXPORT_PAGE });
    if (format === 'csv') {
      if (page.length > 0) yield stringify(page.map((item) => [item.id, item.prompt, item.category ?? '', item.reference ?? '']));
    } else {
      yield page
        .map((item) => `${JSON.stringify({ id: item.id, prompt: item.prompt, ...(item.category !== null && { category: item.category }), ...(item.reference !== null && { reference: item.reference }) })}\n`)
        .join('');
    }
    if (page.length < EXPORT_PAGE) return;
  }
}
