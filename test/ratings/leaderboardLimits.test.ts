import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/providers/catalog.js';
import { LeaderboardService } from '../../src/ratings/leaderboard.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Issue 19 item 3: signed-out callers cannot make the server compute the leaderboard at will.
 * `since` is rounded so distinct values are few, the results held are bounded, and signed-out
 * requests are rate-limited per address.
 */
describe.each(DATABASE_KINDS)('leaderboard limits on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let voter: SignedUp;

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'leaderboard-limits-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '10' });
    api = apiClient(server.url);
    await signUp(api, 'admin');
    voter = await signUp(api, 'voter');
    const db = server.database.handle.db;
    const [a, b] = await db.selectFrom('ai_models').select('model_id').where('provider_name', '=', 'demo').orderBy('model_name').execute();
    for (let n = 0; n < 30; n++) {
      const comparison = await db
        .insertInto('comparisons')
        .values({ model1_id: a?.model_id as string, model2_id: b?.model_id as string, mode: 'named', created_at: new Date(Date.now() - n * 7 * DAY) })
        .returning('comparison_id')
        .executeTakeFirstOrThrow();
      await db.insertInto('model_votes').values({ comparison_id: comparison.comparison_id, outcome: n % 3 ? 'model1' : 'model2', created_at: new Date(Date.now() - n * 7 * DAY) }).execute();
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 200 distinct signed-out `since` values up to the rate, then 429 with Retry-After; signed-in readers are not limited', async () => {
    const statuses: number[] = [];
    let refused: { status: number; headers: Headers; body: unknown } | undefined;
    for (let n = 0; n < 200; n++) {
      const since = new Date(Date.now() - n * 60_000 - 1000).toISOString();
      const response = await api('GET', `/api/${n % 2 ? 'leaderboard' : 'leaderboard/matrix'}?since=${encodeURIComponent(since)}`);
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.slice(60).every((status) => status === 429)).toBe(true);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused?.body).toMatchObject({ error: { code: 'rate_limited' } });
    const signedIn = await api('GET', `/api/leaderboard?since=${encodeURIComponent(new Date(Date.now() - 5 * DAY).toISOString())}`, { token: voter.token });
    expect(signedIn.status).toBe(200);
  });

  it('rounds `since` to the hour within two days and to the UTC day before, and holds a bounded number of results', async () => {
    const service = new LeaderboardService(server.database.handle.db, new Catalog(server.database.handle.db, 60_000), { rounds: 10, seed: 1, freshnessMs: 60_000 });
    try {
      const now = Date.now();
      const recent = new Set<string | null>();
      for (let n = 0; n < 200; n++) recent.add((await service.leaderboard('bt', { blind: false, userId: undefined, since: new Date(now - n * 7 * 60_000 - 1) })).since);
      // 200 values over 23 hours: one per hour started.
      expect(recent.size).toBeLessThanOrEqual(25);
      for (const since of recent) expect(Date.parse(since as string) % HOUR).toBe(0);
      const older = new Set<string | null>();
      for (let n = 0; n < 300; n++) older.add((await service.leaderboard('bt', { blind: false, userId: undefined, since: new Date(now - 3 * DAY - n * DAY - 7) })).since);
      expect(older.size).toBe(300);
      for (const since of older) expect(Date.parse(since as string) % DAY).toBe(0);
      expect(service.cachedResults).toBeLessThanOrEqual(256);
      expect(service.cachedResults).toBeGreaterThan(200);
    } finally {
      await service.close();
    }
  });
});
