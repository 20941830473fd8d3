import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { loadMigrations, migrate, MIGRATION_LOCK_KEY, type Migration } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/testDatabase.js';

const logger = createLogger('silent');

interface Statement {
  /** The server connection (backend pid) the statement ran on. */
  pid: number;
  text: string;
}

/**
 * A transaction-mode pooler in miniature, as PgBouncer's `pool_mode = transaction` or Supavisor on
 * port 6543: a client holds a server connection for one transaction, or for one statement outside
 * a transaction, and the next may run on another one. Whether a transaction is open is read from
 * the server's ReadyForQuery status, as PgBouncer does. Idle server connections are handed out in
 * turn, so consecutive statements outside a transaction land on different connections: what the
 * real pooler does under concurrent traffic.
 */
class TransactionPooler {
  readonly statements: Statement[] = [];
  /** Runs before each statement is sent; lets a test act between two statements of migrate(). */
  beforeStatement: (text: string) => Promise<void> = async () => {};
  private readonly idle: pg.Client[];
  private readonly waiting: ((server: pg.Client) => void)[] = [];

  private constructor(private readonly servers: pg.Client[]) {
    this.idle = [...servers];
  }

  static async open(url: string, size: number): Promise<TransactionPooler> {
    const servers = Array.from({ length: size }, () => new pg.Client({ connectionString: url }));
    await Promise.all(servers.map((server) => server.connect()));
    return new TransactionPooler(servers);
  }

  /** The backend pids of the server connections. */
  pids(): number[] {
    return this.servers.map((server) => (server as unknown as { processID: number }).processID);
  }

  /** What the application is given: a pg.Pool whose clients go through this pooler. */
  pool(): pg.Pool {
    return { connect: async () => this.client() } as unknown as pg.Pool;
  }

  close(): Promise<void[]> {
    return Promise.all(this.servers.map((server) => server.end()));
  }

  private acquire(): Promise<pg.Client> {
    const server = this.idle.shift();
    return server ? Promise.resolve(server) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private giveBack(server: pg.Client): void {
    const next = this.waiting.shift();
    if (next) next(server);
    else this.idle.push(server);
  }

  private client() {
    let pinned: pg.Client | undefined;
    return {
      query: async (text: string, values?: unknown[]) => {
        await this.beforeStatement(text);
        const server = pinned ?? (await this.acquire());
        this.statements.push({ pid: (server as unknown as { processID: number }).processID, text });
        try {
          return await server.query(text, values);
        } finally {
          // 'I': no transaction open, the server connection goes back to the pool.
          if (server.getTransactionStatus() === 'I') {
            pinned = undefined;
            this.giveBack(server);
          } else {
            pinned = server;
          }
        }
      },
      release: () => {
        if (!pinned) return;
        const server = pinned;
        pinned = undefined;
        void server.query('ROLLBACK').finally(() => this.giveBack(server));
      },
    };
  }
}

/** Advisory locks held or awaited in the test's database, seen from a connection of its own. */
async function advisoryLocks(url: string): Promise<{ pid: number; objid: number; granted: boolean }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pid, objid::bigint::int AS objid, granted FROM pg_locks
       WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function appliedVersions(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

const versions = loadMigrations().map((migration) => migration.version);

describe('migrations behind a transaction-mode pooler', () => {
  let database: TestDatabase;
  const poolers: TransactionPooler[] = [];
  const open = async (size: number) => {
    const pooler = await TransactionPooler.open(database.url as string, size);
    poolers.push(pooler);
    return pooler;
  };

  afterEach(async () => {
    await Promise.all(poolers.splice(0).map((pooler) => pooler.close()));
    await database?.close();
  });

  it('reproduces the bug it guards against: a session lock released through it stays held', async () => {
    database = await createTestDatabase('postgres');
    const pooler = await open(3);
    const client = await pooler.pool().connect();
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('SELECT 1');
    const { rows } = await client.query('SELECT pg_advisory_unlock($1) AS unlocked', [MIGRATION_LOCK_KEY]);
    client.release();
    expect(rows[0].unlocked).toBe(false);
    expect(await advisoryLocks(database.url as string)).toEqual([{ pid: pooler.pids()[0], objid: MIGRATION_LOCK_KEY, granted: true }]);
  });

  it('applies every migration and leaves no advisory lock held on any server connection', async () => {
    database = await createTestDatabase('postgres');
    const pooler = await open(3);
    expect(await migrate(pooler.pool(), logger)).toEqual(versions);
    // The server connections are still open: a session lock left behind would show here.
    expect(await advisoryLocks(database.url as string)).toEqual([]);
    expect(await appliedVersions(database.handle.pool)).toEqual(versions);

    expect(await migrate(pooler.pool(), logger)).toEqual([]);
    expect(await advisoryLocks(database.url as string)).toEqual([]);

    // The statements did go to several server connections ...
    expect(new Set(pooler.statements.map((statement) => statement.pid)).size).toBeGreaterThan(1);
    // ... but each migration's lock, SQL and version row went to one, inside one transaction.
    for (const migration of loadMigrations()) {
      const at = pooler.statements.findIndex((statement) => statement.text === migration.sql);
      const transaction = pooler.statements.slice(at - 3, at + 3);
      expect(transaction.map((statement) => statement.text.split(/[\s(]/)[0])).toEqual(['BEGIN', 'SELECT', 'SELECT', migration.sql.split(/[\s(]/)[0], 'INSERT', 'COMMIT']);
      expect(transaction[1]?.text).toMatch(/pg_advisory_xact_lock/);
      expect(new Set(transaction.map((statement) => statement.pid)).size).toBe(1);
    }
    expect(pooler.statements.filter((statement) => /pg_advisory_(lock|unlock)\(/.test(statement.text))).toEqual([]);
  });

  it('applies each migration exactly once when three instances start at once through one pooler', async () => {
    database = await createTestDatabase('postgres');
    const pooler = await open(2);
    const results = await Promise.all([migrate(pooler.pool(), logger), migrate(pooler.pool(), logger), migrate(pooler.pool(), logger)]);
    expect(results.flat().sort()).toEqual(versions);
    expect(await appliedVersions(database.handle.pool)).toEqual(versions);
    const { rows } = await database.handle.pool.query('SELECT count(*)::int AS n FROM ai_models');
    expect(rows[0].n).toBe(4);
    expect(await advisoryLocks(database.url as string)).toEqual([]);
  });

  it('skips a migration another instance applied between its reading the list and taking the lock', async () => {
    database = await createTestDatabase('postgres');
    const pooler = await open(2);
    const [first] = loadMigrations();
    let locks = 0;
    pooler.beforeStatement = async (text) => {
      // The second lock is the first migration's: the list is read, this instance has not locked yet.
      if (/pg_advisory_xact_lock/.test(text) && ++locks === 2) {
        expect(await migrate(database.handle.pool, logger, [first as Migration])).toEqual([first?.version]);
      }
    };
    expect(await migrate(pooler.pool(), logger)).toEqual(versions.slice(1));
    expect(await appliedVersions(database.handle.pool)).toEqual(versions);
  });
});

describe.each(DATABASE_KINDS)('migration locking on %s', (kind) => {
  let database: TestDatabase;
  afterEach(() => database.close());

  it('holds no advisory lock once migrate() returns, after applying and after finding nothing to do', async () => {
    database = await createTestDatabase(kind);
    const pool = database.handle.pool;
    const held = async () =>
      (await pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
    expect(await migrate(pool, logger)).toEqual(versions);
    expect(await held()).toBe(0);
    expect(await migrate(pool, logger)).toEqual([]);
    expect(await held()).toBe(0);
  });

  it('refuses a migration that cannot run in a transaction, records nothing for it and keeps the ones before', async () => {
    database = await createTestDatabase(kind);
    const migrations: Migration[] = [
      { version: '0001', name: 'table', sql: 'CREATE TABLE things (id integer)' },
      { version: '0002', name: 'concurrent_index', sql: 'CREATE INDEX CONCURRENTLY things_id_idx ON things (id)' },
    ];
    await expect(migrate(database.handle.pool, logger, migrations)).rejects.toThrow(
      'migration 0002_concurrent_index failed: CREATE INDEX CONCURRENTLY cannot run inside a transaction block',
    );
    expect(await appliedVersions(database.handle.pool)).toEqual(['0001']);
    const { rows } = await database.handle.pool.query(`SELECT to_regclass('things_id_idx') AS idx`);
    expect(rows[0].idx).toBeNull();
    // The connection is usable, and no lock is left: the next run fails the same way, not by hanging.
    await expect(migrate(database.handle.pool, logger, migrations)).rejects.toThrow(/0002_concurrent_index failed/);
  });
});

it('two instances with pools of their own still apply each migration once (PostgreSQL, direct connections)', async () => {
  const database = await createTestDatabase('postgres');
  try {
    const others = await Promise.all([openDatabase({ url: database.url }), openDatabase({ url: database.url })]);
    try {
      const results = await Promise.all([database.handle, ...others].map((handle) => migrate(handle.pool, logger)));
      expect(results.flat().sort()).toEqual(versions);
      expect(await appliedVersions(database.handle.pool)).toEqual(versions);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  } finally {
    await database.close();
  }
});

it('applies each migration once when the database defaults to repeatable read (PostgreSQL, three instances)', async () => {
  const database = await createTestDatabase('postgres');
  try {
    const name = new URL(database.url as string).pathname.slice(1);
    await database.handle.pool.query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    // Opened after the ALTER: the setting applies to new connections.
    const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: database.url })));
    try {
      const { rows } = await handles[0]!.pool.query('SHOW default_transaction_isolation');
      expect(rows[0].default_transaction_isolation).toBe('repeatable read');
      const results = await Promise.all(handles.map((handle) => migrate(handle.pool, logger)));
      expect(results.flat().sort()).toEqual(versions);
      expect(await appliedVersions(database.handle.pool)).toEqual(versions);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  } finally {
    await database.close();
  }
});
