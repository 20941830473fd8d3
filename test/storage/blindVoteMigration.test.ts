import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { aggregateVotes } from '../../src/ratings/votes.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');

/**
 * Migration 0008 on a deployment that already holds votes: every existing vote gets the blind-vote
 * rule applied in vote order, none is deleted, and the running totals are rebuilt split by blind
 * and failed. Votes written afterwards by any tool get the rule from the trigger.
 */
describe.each(DATABASE_KINDS)('migration 0008 (blind votes) over existing votes on %s', (kind) => {
  let database: TestDatabase;
  const id = () => randomUUID();
  const [a, b, c, user] = [id(), id(), id(), id()];
  const expected = new Map<string, boolean>();
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

  const sql = (text: string, values: unknown[] = []) => database.handle.pool.query(text, values);
  const thread = async () => {
    const threadId = id();
    await sql('INSERT INTO threads (thread_id, user_id) VALUES ($1, $2)', [threadId, user]);
    return threadId;
  };
  /** A turn (comparison and message when in a thread) at `minute`, with a vote at `votedAt` when given. */
  const turn = async (options: { threadId?: string; mode: string | null; pair: [string, string | null]; minute: number; votedAt?: number; blind?: boolean; error?: boolean }) => {
    const comparisonId = options.pair[1] ? id() : null;
    if (comparisonId) {
      await sql('INSERT INTO comparisons (comparison_id, user_id, model1_id, model2_id, mode, created_at, model1_response, model2_response, model1_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        comparisonId,
        user,
        options.pair[0],
        options.pair[1],
        options.mode,
        at(options.minute),
        'one',
        'two',
        options.error ? '{"category":"server","message":"down"}' : null,
      ]);
    }
    if (options.threadId) {
      await sql('INSERT INTO thread_messages (thread_id, model1_id, model2_id, comparison_id, created_at) VALUES ($1, $2, $3, $4, $5)', [options.threadId, options.pair[0], options.pair[1], comparisonId, at(options.minute)]);
    }
    if (comparisonId && options.votedAt !== undefined) {
      const voteId = id();
      await sql('INSERT INTO model_votes (vote_id, user_id, comparison_id, winner_model_id, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [voteId, user, comparisonId, options.pair[0], 'model1', at(options.votedAt)]);
      expected.set(voteId, options.blind ?? false);
    }
    return comparisonId;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const migrations = loadMigrations();
    await migrate(database.handle.pool, logger, migrations.filter((migration) => migration.version < '0008'));
    await sql('INSERT INTO users (user_id) VALUES ($1)', [user]);
    await sql(`INSERT INTO ai_models (model_id, model_name) VALUES ($1, 'a'), ($2, 'b'), ($3, 'c')`, [a, b, c]);

    // An anonymous thread voted out of order: the earliest vote is the blind one.
    const anonymous = await thread();
    await turn({ threadId: anonymous, mode: 'anonymous', pair: [a, b], minute: 1, votedAt: 20 });
    await turn({ threadId: anonymous, mode: 'anonymous', pair: [a, b], minute: 2, votedAt: 10, blind: true });
    await turn({ threadId: anonymous, mode: 'anonymous', pair: [a, b], minute: 3, votedAt: 30 });
    // A named turn with one of the models before the anonymous one: named.
    const named = await thread();
    await turn({ threadId: named, mode: 'named', pair: [a, c], minute: 1 });
    await turn({ threadId: named, mode: 'anonymous', pair: [a, b], minute: 2, votedAt: 5 });
    // A single chat with another model does not reveal the pair; one with a model of the pair does.
    const otherChat = await thread();
    await turn({ threadId: otherChat, mode: null, pair: [c, null], minute: 1 });
    await turn({ threadId: otherChat, mode: 'anonymous', pair: [a, b], minute: 2, votedAt: 5, blind: true });
    const sameChat = await thread();
    await turn({ threadId: sameChat, mode: null, pair: [b, null], minute: 1 });
    await turn({ threadId: sameChat, mode: 'anonymous', pair: [a, b], minute: 2, votedAt: 5 });
    // A named turn after the vote changes nothing.
    const later = await thread();
    await turn({ threadId: later, mode: 'anonymous', pair: [b, c], minute: 1, votedAt: 2, blind: true });
    await turn({ threadId: later, mode: 'named', pair: [b, c], minute: 3 });
    // Without a thread (imported, or its thread deleted); named; legacy rows without a mode; a failed battle.
    await turn({ mode: 'anonymous', pair: [a, c], minute: 1, votedAt: 2, blind: true });
    await turn({ mode: 'named', pair: [a, c], minute: 1, votedAt: 2 });
    await turn({ mode: null, pair: [a, c], minute: 1, votedAt: 2 });
    await turn({ mode: 'anonymous', pair: [b, c], minute: 1, votedAt: 2, blind: true, error: true });

    await migrate(database.handle.pool, logger, migrations);
  });
  afterAll(async () => {
    await database.close();
  });

  it('applies the rule to every existing vote and deletes none', async () => {
    const rows = (await sql('SELECT vote_id, blind FROM model_votes')).rows as Array<{ vote_id: string; blind: boolean }>;
    expect(rows).toHaveLength(expected.size);
    expect(new Map(rows.map((row) => [row.vote_id, row.blind]))).toEqual(expected);
  });

  it('rebuilds the running totals by blind and failed, equal to a recount', async () => {
    for (const blind of [false, true]) {
      const totals = await aggregateVotes(database.handle.db, { blind, since: undefined, userId: undefined });
      const recount = await aggregateVotes(database.handle.db, { blind, since: new Date(0), userId: undefined });
      const sorted = (rows: typeof totals.rows) => [...rows].sort((p, q) => `${p.a}${p.b}${p.outcome}`.localeCompare(`${q.a}${q.b}${q.outcome}`));
      expect(sorted(totals.rows)).toEqual(sorted(recount.rows));
      expect(totals.excluded).toEqual(recount.excluded);
    }
    const everything = await aggregateVotes(database.handle.db, { blind: false, since: undefined, userId: undefined });
    expect(everything.excluded).toEqual({ failed: 1, identity_leak: 0, duplicate: 0, daily_cap: 0 });
    expect(everything.rows.reduce((sum, row) => sum + row.votes, 0)).toBe(expected.size - 1);
    const blind = await aggregateVotes(database.handle.db, { blind: true, since: undefined, userId: undefined });
    expect(blind.rows.reduce((sum, row) => sum + row.votes, 0)).toBe([...expected.values()].filter(Boolean).length - 1);
  });

  it('applies the rule to votes written afterwards by any tool', async () => {
    const fresh = await thread();
    const first = await turn({ threadId: fresh, mode: 'anonymous', pair: [c, a], minute: 40 });
    const second = await turn({ threadId: fresh, mode: 'anonymous', pair: [c, a], minute: 41 });
    await sql(`INSERT INTO model_votes (comparison_id, outcome) VALUES ($1, 'tie')`, [second]);
    await sql(`INSERT INTO model_votes (comparison_id, outcome) VALUES ($1, 'tie')`, [first]);
    const rows = (await sql('SELECT comparison_id, blind FROM model_votes WHERE comparison_id = ANY($1::uuid[])', [[first, second]])).rows as Array<{ comparison_id: string; blind: boolean }>;
    expect(new Map(rows.map((row) => [row.comparison_id, row.blind]))).toEqual(
      new Map([
        [second, true],
        [first, false],
      ]),
    );
  });
});
