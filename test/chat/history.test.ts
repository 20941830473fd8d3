import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversation, readHistory, readOwnHistory, type Side, type Turn } from '../../src/chat/history.js';
import { migrate } from '../../src/db/migrate.js';
import { testLogger } from '../helpers/testLogger.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = testLogger('history');

/**
 * A turn reads only the newest turns its budget can hold, and the model sees exactly what it
 * would with the whole thread read: same turns, same order (created_at, NULLs last, then
 * message_id, ties included), failed sides skipped.
 */
describe.each(DATABASE_KINDS)('history reads on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;

  async function thread(turns: Array<Turn & { created_at: Date | null }>): Promise<string> {
    const threadId = randomUUID();
    await database.handle.db.insertInto('threads').values({ thread_id: threadId, user_id: userId, title: 'History' }).execute();
    for (let start = 0; start < turns.length; start += 500) {
      await database.handle.db
        .insertInto('thread_messages')
        .values(turns.slice(start, start + 500).map((turn) => ({ thread_id: threadId, ...turn, created_at: turn.created_at ?? sql<Date>`NULL` })))
        .execute();
    }
    return threadId;
  }

  /** The whole thread in its order, as the reads did before. */
  const everyTurn = (threadId: string) =>
    database.handle.db
      .selectFrom('thread_messages')
      .select(['prompt_text', 'model1_response', 'model2_response'])
      .where('thread_id', '=', threadId)
      .orderBy('created_at')
      .orderBy('message_id')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.handle.pool, logger);
    userId = randomUUID();
    await database.handle.db.insertInto('users').values({ user_id: userId, email: 'history@example.com' }).execute();
  });
  afterAll(async () => {
    await database.close();
  });

  it('reads one page of a long thread with 2 KB answers, and builds the same conversation', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const turns = Array.from({ length: 600 }, (_, index) => ({
      prompt_text: `question ${index}`,
      model1_response: `${index} `.padEnd(2048, 'a'),
      model2_response: `${index} `.padEnd(2048, 'b'),
      created_at: new Date(base + index * 1000),
    }));
    const threadId = await thread(turns);
    const read = await readHistory(database.handle.db, threadId, ['model1', 'model2'], 'next', 24_000);
    expect(read.length).toBeLessThanOrEqual(16);
    const all = await everyTurn(threadId);
    for (const side of ['model1', 'model2'] as const) {
      const expected = buildConversation(all, side, 'next', 24_000);
      expect(expected.length).toBeGreaterThan(10);
      expect(buildConversation(read, side, 'next', 24_000)).toEqual(expected);
    }
  });

  it('builds the same conversation as a full read for any budget, prompt and thread shape', async () => {
    // Short turns, some failed on one side, clustered timestamps (ties) and a few NULLs, so
    // budgets from nothing to more than the thread need one page, several, or all of it.
    const base = Date.parse('2026-02-01T00:00:00Z');
    const turnArbitrary = fc.record({
      prompt_text: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { freq: 10 }),
      model1_response: fc.option(fc.string({ minLength: 1, maxLength: 80 }), { freq: 6 }),
      model2_response: fc.option(fc.string({ minLength: 1, maxLength: 80 }), { freq: 6 }),
      created_at: fc.option(
        fc.integer({ min: 0, max: 20 }).map((second) => new Date(base + second * 1000)),
        { freq: 12 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(turnArbitrary, { maxLength: 120 }),
        fc.integer({ min: 0, max: 15_000 }),
        fc.string({ maxLength: 40 }),
        fc.constantFrom<Side[]>(['model1'], ['model1', 'model2']),
        async (turns, budget, prompt, sides) => {
          // PostgreSQL text cannot hold NUL.
          const clean = turns.map((turn) => ({
            ...turn,
            prompt_text: turn.prompt_text?.replaceAll('\0', '') || null,
            model1_response: turn.model1_response?.replaceAll('\0', '') || null,
            model2_response: turn.model2_response?.replaceAll('\0', '') || null,
          }));
          const threadId = await thread(clean);
          const all = await everyTurn(threadId);
          const read = await readHistory(database.handle.db, threadId, sides, prompt, budget);
          for (const side of sides) expect(buildConversation(read, side, prompt, budget)).toEqual(buildConversation(all, side, prompt, budget));
          // The owner's read, whose first page comes with the ownership check, reads the same turns.
          expect(await readOwnHistory(database.handle.db, { threadId, userId }, sides, prompt, budget)).toEqual({ threadId, turns: read });
        },
      ),
      { seed: 16, numRuns: 40 },
    );
  });

  it('reads nothing older than it needs when the budget is spent on the newest turn', async () => {
    const threadId = await thread(
      Array.from({ length: 40 }, (_, index) => ({ prompt_text: `q${index}`, model1_response: 'x'.repeat(100), model2_response: null, created_at: new Date(Date.UTC(2026, 2, 1, 0, 0, index)) })),
    );
    const read = await readHistory(database.handle.db, threadId, ['model1'], 'p', 50);
    expect(read).toHaveLength(16);
    expect(read.at(-1)?.prompt_text).toBe('q39');
    expect(Number((await sql<{ n: string }>`select count(*) as n from thread_messages where thread_id = ${threadId}`.execute(database.handle.db)).rows[0]?.n)).toBe(40);
  });

  it("reads the owner's thread only: anyone else's, or none, is not found; an empty one has no turns", async () => {
    const threadId = await thread([{ prompt_text: 'q', model1_response: 'a', model2_response: null, created_at: new Date() }]);
    const read = (userId: string, id = threadId) => readOwnHistory(database.handle.db, { threadId: id, userId }, ['model1'], 'p', 1000);
    expect((await read(userId)).turns).toEqual([{ message_id: expect.any(String), prompt_text: 'q', model1_response: 'a', model2_response: null }]);
    await expect(read(randomUUID())).rejects.toMatchObject({ code: 'not_found', message: 'Thread not found' });
    await expect(read(userId, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    expect(await read(userId, await thread([]))).toEqual({ threadId: expect.any(String), turns: [] });
  });
});
