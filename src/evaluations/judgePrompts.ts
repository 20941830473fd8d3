import { sql, type Kysely } from 'kysely';
import type { SessionUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { templateProblem } from './judgeTemplate.js';

/** The built-in judge prompt (migration 0015), modelled on Arena-Hard's. */
export const DEFAULT_JUDGE_PROMPT_ID = '6a0d7c1e-3f1b-4c5e-9a51-000000000001';

export interface JudgePromptText {
  system_prompt: string;
  prompt_template: string;
}

export interface ResolvedJudgePrompt extends JudgePromptText {
  judge_prompt_id: string;
  version: number;
}

export interface JudgePromptSummary {
  judge_prompt_id: string;
  user_id: string | null;
  name: string;
  latest_version: number;
  built_in: boolean;
  created_at: Date;
  updated_at: Date;
  system_prompt: string;
  prompt_template: string;
}

function check(text: JudgePromptText): void {
  if (text.system_prompt.trim() === '') throw new ValidationError('system_prompt: must not be blank');
  const problem = templateProblem(text.prompt_template);
  if (problem) throw new ValidationError(`prompt_template: ${problem}`);
}

function summaries(db: Kysely<Database>) {
  return db
    .selectFrom('judge_prompts as j')
    .innerJoin('judge_prompt_versions as v', (join) => join.onRef('v.judge_prompt_id', '=', 'j.judge_prompt_id').onRef('v.version', '=', 'j.latest_version'))
    .select(['j.judge_prompt_id', 'j.user_id', 'j.name', 'j.latest_version', 'j.created_at', 'j.updated_at', 'v.system_prompt', 'v.prompt_template'])
    .select(sql<boolean>`j.user_id IS NULL`.as('built_in'));
}

/** The built-in prompts and the caller's own, built-in first. */
export function listJudgePrompts(db: Kysely<Database>, user: SessionUser): Promise<JudgePromptSummary[]> {
  return summaries(db)
    .where((eb) => eb.or([eb('j.user_id', 'is', null), eb('j.user_id', '=', user.user_id)]))
    .orderBy(sql`j.user_id IS NULL`, 'desc')
    .orderBy('j.created_at')
    .execute();
}

/** A prompt the caller may use: built in, their own, or anyone's for an admin. */
export async function readableJudgePrompt(db: Kysely<Database>, user: SessionUser, id: string): Promise<JudgePromptSummary> {
  const row = await summaries(db).where('j.judge_prompt_id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== null && row.user_id !== user.user_id && user.role !== 'admin')) throw new NotFoundError('Judge prompt not found');
  return row;
}

export async function createJudgePrompt(db: Kysely<Database>, user: SessionUser, input: JudgePromptText & { name: string }): Promise<JudgePromptSummary> {
  check(input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('judge_prompts').values({ user_id: user.user_id, name: input.name }).returning('judge_prompt_id').executeTakeFirstOrThrow();
    await trx.insertInto('judge_prompt_versions').values({ judge_prompt_id: row.judge_prompt_id, version: 1, system_prompt: input.system_prompt, prompt_template: input.prompt_template }).execute();
    return row.judge_prompt_id;
  });
  return readableJudgePrompt(db, user, id);
}

/** An edit makes a new version; runs keep the version they used. Built-in prompts are not edited: copy one. */
export async function updateJudgePrompt(
  db: Kysely<Database>,
  user: SessionUser,
  id: string,
  input: { name?: string | undefined; system_prompt?: string | undefined; prompt_template?: string | undefined },
): Promise<JudgePromptSummary> {
  const current = await readableJudgePrompt(db, user, id);
  if (current.built_in) throw new ForbiddenError('The built-in judge prompt cannot be changed; create your own from it');
  if (current.user_id !== user.user_id) throw new ForbiddenError('Only the owner of a judge prompt can change it');
  const next = { system_prompt: input.system_prompt ?? current.system_prompt, prompt_template: input.prompt_template ?? current.prompt_template };
  check(next);
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('judge_prompts').select('latest_version').where('judge_prompt_id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const changed = next.system_prompt !== current.system_prompt || next.prompt_template !== current.prompt_template;
    const version = changed ? locked.latest_version + 1 : locked.latest_version;
    if (changed) await trx.insertInto('judge_prompt_versions').values({ judge_prompt_id: id, version, ...next }).execute();
    await trx
      .updateTable('judge_prompts')
      .set({ latest_version: version, updated_at: sql<Date>`now()`, ...(input.name !== undefined && { name: input.name }) })
      .where('judge_prompt_id', '=', id)
      .execute();
  });
  return readableJudgePrompt(db, user, id);
}

/** The exact text of one version (the latest when none is named). */
export async function judgePromptVersion(db: Kysely<Database>, id: string, version: number): Promise<ResolvedJudgePrompt> {
  const row = await db
    .selectFrom('judge_prompt_versions')
    .select(['judge_prompt_id', 'version', 'system_prompt', 'prompt_template'])
    .where('judge_prompt_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Judge prompt version not found');
  return row;
}
