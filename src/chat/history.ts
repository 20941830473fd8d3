import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import type { ChatMessage } from '../providers/adapter.js';

export type Side = 'model1' | 'model2';

/** An earlier turn of a thread, as stored. */
export interface Turn {
  prompt_text: string | null;
  model1_response: string | null;
  model2_response: string | null;
}

/** The newest turns that fit a side's budget, newest first, and whether the budget ran out before the turns did. */
function fitting(newestFirst: Iterable<Turn>, side: Side, prompt: string, budgetChars: number): { kept: Array<[string, string]>; full: boolean } {
  const kept: Array<[string, string]> = [];
  let used = prompt.length;
  for (const turn of newestFirst) {
    const answer = side === 'model1' ? turn.model1_response : turn.model2_response;
    if (!turn.prompt_text || !answer) continue;
    const size = turn.prompt_text.length + answer.length;
    if (used + size > budgetChars) return { kept, full: true };
    used += size;
    kept.push([turn.prompt_text, answer]);
  }
  return { kept, full: false };
}

function* reversed<T>(items: T[]): Generator<T> {
  for (let index = items.length - 1; index >= 0; index--) yield items[index] as T;
}

/**
 * The conversation a model sees: the thread's earlier turns (its own side's answers) and the new
 * prompt, within `budgetChars`; the oldest turns are dropped first. Turns where this side
 * answered nothing are left out, so a failed turn does not confuse the next one.
 */
export function buildConversation(turns: Turn[], side: Side, prompt: string, budgetChars: number): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const [question, answer] of reversed(fitting(reversed(turns), side, prompt, budgetChars).kept)) {
    messages.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
  }
  messages.push({ role: 'user', content: prompt });
  return messages;
}

/** Turns read per query at first; each further query reads twice as many as the last. */
const FIRST_PAGE = 16;

type StoredTurn = Turn & { message_id: string };
type Page = (offset: number, limit: number) => Promise<StoredTurn[]>;

const TURN_COLUMNS = ['message_id', 'prompt_text', 'model1_response', 'model2_response'] as const;

function newestPage(db: Kysely<Database>, threadId: string): Page {
  return (offset, limit) =>
    db
      .selectFrom('thread_messages')
      .select(TURN_COLUMNS)
      .where('thread_id', '=', threadId)
      // The exact reverse of the thread's order (created_at ascending, NULLs last; then message_id).
      .orderBy('created_at', 'desc')
      .orderBy('message_id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
}

/**
 * Pages of the newest turns, read until every side's budget has run out; `firstPage` is the
 * first read, made by the caller (an ownership check may ride on it).
 */
async function readPages(page: Page, firstPage: StoredTurn[], sides: Side[], prompt: string, budgetChars: number): Promise<Turn[]> {
  const newestFirst: Turn[] = [];
  // A turn stored meanwhile shifts the offsets by one: a row read twice is recognised by its id.
  const seen = new Set<string>();
  let rows = firstPage;
  let offset = 0;
  let limit = FIRST_PAGE;
  for (;;) {
    offset += rows.length;
    for (const turn of rows) {
      if (seen.has(turn.message_id)) continue;
      seen.add(turn.message_id);
      newestFirst.push(turn);
    }
    if (rows.length < limit || sides.every((side) => fitting(newestFirst, side, prompt, budgetChars).full)) break;
    limit *= 2;
    rows = await page(offset, limit);
  }
  return newestFirst.reverse();
}

/**
 * The earlier turns of a thread (oldest first, as `buildConversation` takes them), but only as
 * many of the newest as the sides' budgets can hold: a turn of a long thread costs what a turn of
 * a short one does.
 */
export async function readHistory(db: Kysely<Database>, threadId: string, sides: Side[], prompt: string, budgetChars: number): Promise<Turn[]> {
  const page = newestPage(db, threadId);
  return readPages(page, await page(0, FIRST_PAGE), sides, prompt, budgetChars);
}

/**
 * `readHistory` of the caller's own thread, whose ownership is checked by the same statement
 * that reads the first page (threads ⟕ LATERAL its newest turns): a chat turn's checks and its
 * history cost one round trip. Anyone else's thread is "not found", as getOwnThread says. The
 * thread id comes back as the database spells it.
 */
export async function readOwnHistory(
  db: Kysely<Database>,
  thread: { threadId: string; userId: string },
  sides: Side[],
  prompt: string,
  budgetChars: number,
): Promise<{ threadId: string; turns: Turn[] }> {
  const rows = await db
    .selectFrom('threads as t')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('thread_messages')
          .select([...TURN_COLUMNS, 'created_at'])
          .whereRef('thread_messages.thread_id', '=', 't.thread_id')
          .orderBy('created_at', 'desc')
          .orderBy('message_id', 'desc')
          .limit(FIRST_PAGE)
          .as('m'),
      (join) => join.onTrue(),
    )
    .select(['t.thread_id', 't.user_id', 'm.message_id', 'm.prompt_text', 'm.model1_response', 'm.model2_response'])
    .where('t.thread_id', '=', thread.threadId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.message_id', 'desc')
    .execute();
  const found = rows[0];
  if (!found || found.user_id !== thread.userId) throw new NotFoundError('Thread not found');
  const firstPage = rows.flatMap(({ message_id, prompt_text, model1_response, model2_response }) => (message_id === null ? [] : [{ message_id, prompt_text, model1_response, model2_response }]));
  return { threadId: found.thread_id, turns: await readPages(newestPage(db, found.thread_id), firstPage, sides, prompt, budgetChars) };
}

/** A thread title from its first prompt: one line, at most ~60 characters, cut at a word. */
export function titleFromPrompt(prompt: string, max = 60): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line || 'New chat';
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
