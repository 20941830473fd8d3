import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { PREPARED } from '../../src/db/prepared.js';

const preparedTexts = async (handle: DatabaseHandle) =>
  (await handle.pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY statement')).rows.map((row) => row.statement);

describe('marked queries on the embedded database', { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({});
  });
  afterAll(() => handle?.close());

  it('run as prepared statements, planned once and answering each call with its own values', async () => {
    const marked = `${PREPARED}SELECT $1::int * 2 AS doubled`;
    expect((await handle.pool.query(marked, [2])).rows).toEqual([{ doubled: 4 }]);
    expect((await handle.pool.query(marked, [21])).rows).toEqual([{ doubled: 42 }]);
    await handle.pool.query('SELECT $1::int + 1 AS unmarked', [1]);
    expect(await preparedTexts(handle)).toEqual([marked]);
  });

  it('keep working after the pool replaced its client (the session, and what it prepared, outlive it)', async () => {
    const marked = `${PREPARED}SELECT $1::text || '!' AS shout`;
    expect((await handle.pool.query(marked, ['a'])).rows).toEqual([{ shout: 'a!' }]);
    const client = await handle.pool.connect();
    client.release(true); // ends the connection: the pool opens a new one for the next query
    expect((await handle.pool.query(marked, ['b'])).rows).toEqual([{ shout: 'b!' }]);
  });
});

describe('marked queries on PostgreSQL', () => {
  it('are plain queries: a transaction-mode pooler keeps no prepared statement', async () => {
    const { createTestDatabase } = await import('../helpers/testDatabase.js');
    const database = await createTestDatabase('postgres');
    try {
      const handle = await openDatabase({ url: database.url });
      try {
        expect((await handle.pool.query(`${PREPARED}SELECT $1::int AS one`, [1])).rows).toEqual([{ one: 1 }]);
        expect(await preparedTexts(handle)).toEqual([]);
      } finally {
        await handle.close();
      }
    } finally {
      await database.close();
    }
  });
});
