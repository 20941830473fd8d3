import { z } from '@hono/zod-openapi';
import { sql, type Kysely } from 'kysely';
import type { Database, Thread } from '../db/schema.js';
import { PAIR_REVEALED } from './reveal.js';
import { threadSchema, toThreadJson } from './schemas.js';

/** Enough of a prompt to recognise a conversation in a list. */
const PREVIEW_CHARS = 160;

export const threadSummarySchema = threadSchema
  .extend({
    kind: z.enum(['battle', 'chat']).nullable().openapi({ description: 'battle: two models side by side; chat: one model; null: no message yet' }),
    preview: z.string().nullable().openapi({ description: `The first prompt, cut to ${PREVIEW_CHARS} characters` }),
    models: z.array(z.string()).openapi({ description: 'Names of the models that answered; an anonymous battle’s stay out until a vote reveals them' }),
    author: z.string().nullable().openapi({ description: 'Public listing only: the author’s display name, if they set one (never an email)' }),
  })
  .openapi('ThreadSummary');
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

/**
 * The threads of a list with what a reader needs to tell them apart, in one query for the whole
 * page of threads rather than one per thread. Model names follow the same reveal rule as the
 * thread itself: an anonymous battle not yet voted names nobody.
 */
export async function summarizeThreads(db: Kysely<Database>, threads: Thread[], options: { withAuthor: boolean }): Promise<ThreadSummary[]> {
  if (threads.length === 0) return [];
  const ids = threads.map((thread) => thread.thread_id);
  const [messages, authors] = await Promise.all([
    db
      .selectFrom('thread_messages as m')
      .leftJoin('comparisons as c', 'c.comparison_id', 'm.comparison_id')
      .leftJoin('ai_models as a', 'a.model_id', 'm.model1_id')
      .leftJoin('ai_models as b', 'b.model_id', 'm.model2_id')
      .select((eb) => [
        'm.thread_id',
        sql<string | null>`left(m.prompt_text, ${PREVIEW_CHARS})`.as('preview'),
        eb.ref('m.model2_id').as('model2_id'),
        eb.ref('m.comparison_id').as('comparison_id'),
        eb.ref('a.model_name').as('model1_name'),
        eb.ref('b.model_name').as('model2_name'),
        sql<boolean>`(c.mode IS DISTINCT FROM 'anonymous' OR ${PAIR_REVEALED})`.as('named'),
      ])
      .where('m.thread_id', 'in', ids)
      .orderBy('m.created_at')
      .orderBy('m.message_id')
      .execute(),
    options.withAuthor
      ? db
          .selectFrom('users')
          .select(['user_id', 'full_name'])
          .where('user_id', 'in', threads.flatMap((thread) => (thread.user_id ? [thread.user_id] : [])))
          .execute()
      : Promise.resolve([]),
  ]);
  const byThread = new Map<string, typeof messages>();
  for (const message of messages) byThread.set(message.thread_id, [...(byThread.get(message.thread_id) ?? []), message]);
  const names = new Map(authors.map((user) => [user.user_id, user.full_name?.trim() || null]));
  return threads.map((thread) => {
    const own = byThread.get(thread.thread_id) ?? [];
    const first = own[0];
    const models = new Set(own.flatMap((message) => (message.named ? [message.model1_name, message.model2_name] : [])).filter((name): name is string => Boolean(name)));
    return {
      ...toThreadJson(thread),
      kind: first ? (first.model2_id !== null || first.comparison_id !== null ? 'battle' : 'chat') : null,
      preview: first?.preview ?? null,
      models: [...models],
      author: options.withAuthor && thread.user_id ? (names.get(thread.user_id) ?? null) : null,
    };
  });
}
