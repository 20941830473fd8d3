import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ComparisonMode, Database, Thread, ThreadMessage } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { PAIR_REVEALED } from './reveal.js';

export const VISIBILITIES = ['private', 'unlisted', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A message as the API shows it: model ids hidden while its anonymous battle awaits the vote that reveals it. */
export type MessageView = ThreadMessage & { models_hidden: boolean; vote_outcome: string | null; mode: ComparisonMode | null };

function requireSharing(visibility: Visibility | undefined, publicSharing: boolean): void {
  if (visibility && visibility !== 'private' && !publicSharing) {
    throw new ForbiddenError('Sharing is turned off on this lab (setting public_sharing): threads stay private');
  }
}

/** How much of a thread's first prompt a list shows. */
const PREVIEW_CHARS = 200;

/** A thread in a list: whether it holds battles (arena) or single-model turns (chat), and the start of its first prompt. */
export type ThreadSummary = Thread & { battle: SqlBool; preview: string | null };

/** Threads with what a list shows of each. */
function summaries(db: Kysely<Database>) {
  return db
    .selectFrom('threads as t')
    .selectAll('t')
    .select((eb) => [
      eb.exists(eb.selectFrom('thread_messages as m').select('m.message_id').whereRef('m.thread_id', '=', 't.thread_id').where('m.comparison_id', 'is not', null)).as('battle'),
      eb
        .selectFrom('thread_messages as m')
        .select(sql<string>`left(m.prompt_text, ${PREVIEW_CHARS})`.as('preview'))
        .whereRef('m.thread_id', '=', 't.thread_id')
        .orderBy('m.created_at')
        .orderBy('m.message_id')
        .limit(1)
        .as('preview'),
    ]);
}

export function listThreads(db: Kysely<Database>, userId: string, page: { limit: number; offset: number }): Promise<ThreadSummary[]> {
  return summaries(db)
    .where('t.user_id', '=', userId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.thread_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The caller's own thread; anyone else's is "not found", so ids reveal nothing. */
export async function getOwnThread(db: Kysely<Database>, threadId: string, userId: string): Promise<Thread> {
  const thread = await db.selectFrom('threads').selectAll().where('thread_id', '=', threadId).executeTakeFirst();
  if (!thread || thread.user_id !== userId) throw new NotFoundError('Thread not found');
  return thread;
}

export async function createThread(
  db: Kysely<Database>,
  userId: string,
  input: { title?: string | undefined; visibility?: Visibility | undefined },
  publicSharing: boolean,
): Promise<Thread> {
  requireSharing(input.visibility, publicSharing);
  return db
    .insertInto('threads')
    .values({ user_id: userId, title: input.title ?? null, visibility: input.visibility ?? 'private' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateThread(
  db: Kysely<Database>,
  threadId: string,
  userId: string,
  patch: { title?: string | undefined; visibility?: Visibility | undefined },
  publicSharing: boolean,
): Promise<Thread> {
  requireSharing(patch.visibility, publicSharing);
  await getOwnThread(db, threadId, userId);
  return db
    .updateTable('threads')
    .set({ ...(patch.title !== undefined && { title: patch.title }), ...(patch.visibility !== undefined && { visibility: patch.visibility }) })
    .where('thread_id', '=', threadId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes the thread and its messages together; comparisons and votes stay for the leaderboard. */
export async function deleteThread(db: Kysely<Database>, threadId: string, userId: string): Promise<void> {
  await getOwnThread(db, threadId, userId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('thread_messages').where('thread_id', '=', threadId).execute();
    await trx.deleteFrom('threads').where('thread_id', '=', threadId).execute();
  });
}

/** A thread's messages in order, with model ids hidden for anonymous battles not yet revealed by a vote. */
export async function threadMessages(db: Kysely<Database>, threadId: string): Promise<MessageView[]> {
  const rows = await db
    .selectFrom('thread_messages as m')
    .leftJoin('comparisons as c', 'c.comparison_id', 'm.comparison_id')
    .selectAll('m')
    .select((eb) => [
      eb.ref('c.mode').as('mode'),
      PAIR_REVEALED.as('revealed'),
      eb.selectFrom('model_votes as v').select('v.outcome').whereRef('v.comparison_id', '=', 'm.comparison_id').limit(1).as('vote_outcome'),
    ])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.created_at')
    .orderBy('m.message_id')
    .execute();
  return rows.map(({ mode, revealed, vote_outcome, ...message }) => {
    const hidden = mode === 'anonymous' && !revealed;
    const view = { ...message, vote_outcome: vote_outcome ?? null, mode: mode ?? null };
    return hidden ? { ...view, model1_id: null, model2_id: null, models_hidden: true } : { ...view, models_hidden: false };
  });
}

/** A gallery card: the summary, its author's display name (never an email) and the models it names. */
export type PublicThread = ThreadSummary & { author: string | null; model_ids: string[] };

/** Public threads that have at least one message, newest first. */
export async function listPublicThreads(db: Kysely<Database>, page: { limit: number; offset: number }): Promise<PublicThread[]> {
  const threads = await summaries(db)
    .leftJoin('users as u', 'u.user_id', 't.user_id')
    .select('u.full_name as author')
    .where('t.visibility', '=', 'public')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM thread_messages m WHERE m.thread_id = t.thread_id)`)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.thread_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (threads.length === 0) return [];
  // Models of anonymous battles not yet revealed by a vote stay unnamed here too.
  const named = await db
    .selectFrom('thread_messages as m')
    .leftJoin('comparisons as c', 'c.comparison_id', 'm.comparison_id')
    .select(['m.thread_id', 'm.model1_id', 'm.model2_id'])
    .distinct()
    .where(
      'm.thread_id',
      'in',
      threads.map((thread) => thread.thread_id),
    )
    .where((eb) => eb.or([eb('c.mode', 'is distinct from', 'anonymous'), PAIR_REVEALED]))
    .execute();
  const models = new Map<string, Set<string>>();
  for (const row of named) {
    const ids = models.get(row.thread_id) ?? new Set<string>();
    for (const id of [row.model1_id, row.model2_id]) if (id) ids.add(id);
    models.set(row.thread_id, ids);
  }
  return threads.map((thread) => ({ ...thread, model_ids: [...(models.get(thread.thread_id) ?? [])] }));
}

/** Whether a signed-out reader, or anyone but the owner, may read this thread. */
export function isShared(thread: Pick<Thread, 'visibility'>, publicSharing: boolean): boolean {
  return publicSharing && (thread.visibility === 'public' || thread.visibility === 'unlisted');
}

/** A public or unlisted thread; a private one is "not found" to everyone here, its owner included. */
export async function getSharedThread(db: Kysely<Database>, threadId: string, publicSharing: boolean): Promise<Thread> {
  const thread = await db.selectFrom('threads').selectAll().where('thread_id', '=', threadId).executeTakeFirst();
  if (!thread || !isShared(thread, publicSharing)) throw new NotFoundError('Thread not found');
  return thread;
}
