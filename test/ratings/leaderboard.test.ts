import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { VoteOutcome } from '../../src/db/schema.js';
import { aggregateVotes, type AggregateRow } from '../../src/ratings/votes.js';
import { startServer } from '../../src/server.js';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
interface Board {
  method: string;
  votes: number;
  models: Array<{ model_name: string; rating: number; ci_lower: number | null; ci_upper: number | null; rank: number; votes: number; wins: number; losses: number; ties: number; win_rate: number | null; avg_time_ms: number | null; comparable: boolean }>;
}
const SECRET = 'leaderboard-test-secret-0123456789abcdefgh';

describe.each(DATABASE_KINDS)('the leaderboard on %s', (kind) => {
  let server: TestServer;
  let upstream: FakeUpstream;
  let api: ApiClient;
  let admin: SignedUp;
  let voter: SignedUp;
  const ids: Record<string, string> = {};

  /** Votes written straight to the database are seen once the cached result is older than LEADERBOARD_FRESHNESS_MS. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

  /** Stores a decided comparison directly, as many votes as asked, for volume and filters. */
  async function seedVotes(a: string, b: string, outcome: VoteOutcome, times: number, extra: { mode?: 'named' | 'anonymous'; user?: string; at?: Date; timeA?: number } = {}) {
    const db = server.database.handle.db;
    for (let n = 0; n < times; n++) {
      const comparison = await db
        .insertInto('comparisons')
        .values({ model1_id: ids[a] as string, model2_id: ids[b] as string, mode: extra.mode ?? 'named', user_id: extra.user ?? null, model1_time_ms: extra.timeA ?? 100, model2_time_ms: 300, ...(extra.at && { created_at: extra.at }) })
        .returning('comparison_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('model_votes')
        .values({
          comparison_id: comparison.comparison_id,
          user_id: extra.user ?? null,
          outcome,
          winner_model_id: outcome === 'model1' ? (ids[a] as string) : outcome === 'model2' ? (ids[b] as string) : null,
          ...(extra.at && { created_at: extra.at }),
        })
        .execute();
    }
  }

  beforeAll(async () => {
    upstream = await FakeUpstream.start({ chunks: ['ok'] });
    server = await startTestServer(kind, { JWT_SECRET: SECRET, LEADERBOARD_BOOTSTRAP_ROUNDS: '200', LEADERBOARD_FRESHNESS_MS: '500' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    voter = await signUp(api, 'voter');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'lab' } });
    for (const name of ['ace', 'bolt', 'core', 'dusk', 'lone', 'pair']) {
      ids[name] = (await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'lab', api_url: upstream.baseURL } })).body.model_id as string;
    }
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('is empty before any vote, and counts a vote cast through the API at once', async () => {
    expect((await api<Board>('GET', '/api/leaderboard')).body).toMatchObject({ method: 'bt', votes: 0, models: [] });
    const battle = await api<Row>('POST', '/api/comparisons', { token: voter.token, body: { prompt: 'Go', model1_id: ids.ace, model2_id: ids.bolt } });
    await api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: voter.token, body: { winner: 'model1' } });
    const board = (await api<Board>('GET', '/api/leaderboard')).body;
    expect(board.votes).toBe(1);
    expect(board.models.map((row) => [row.model_name, row.wins, row.losses])).toEqual([
      ['ace', 1, 0],
      ['bolt', 0, 1],
    ]);
    expect(board.models[0]?.avg_time_ms).toEqual(expect.any(Number));
  });

  it('rates many votes by Bradley–Terry with intervals and ranks by them', async () => {
    await seedVotes('ace', 'bolt', 'model1', 30);
    await seedVotes('bolt', 'ace', 'model1', 10);
    await seedVotes('bolt', 'core', 'model1', 30, { timeA: 500 });
    await seedVotes('core', 'bolt', 'tie', 10);
    await seedVotes('core', 'dusk', 'model1', 25, { mode: 'anonymous' });
    await seedVotes('dusk', 'core', 'both_bad', 5, { mode: 'anonymous' });
    await seedVotes('lone', 'pair', 'model1', 3);
    await settle();
    const board = (await api<Board>('GET', '/api/leaderboard?method=bt')).body;
    expect(board.votes).toBe(1 + 30 + 10 + 30 + 10 + 25 + 5 + 3);
    const byName = Object.fromEntries(board.models.map((row) => [row.model_name, row]));
    expect(board.models.slice(0, 4).map((row) => row.model_name)).toEqual(['ace', 'bolt', 'core', 'dusk']);
    expect([byName.lone?.comparable, byName.pair?.comparable, byName.ace?.comparable]).toEqual([false, false, true]);
    for (const row of board.models) {
      expect(row.ci_lower).toBeLessThanOrEqual(row.rating);
      expect(row.ci_upper).toBeGreaterThanOrEqual(row.rating);
    }
    expect(byName.ace?.rank).toBe(1);
    expect(byName.dusk?.rank).toBeGreaterThan(1);
    expect(byName.core).toMatchObject({ wins: 25, losses: 30, ties: 15, votes: 70, win_rate: 0.45 });
    const comparableMean = board.models.filter((row) => row.comparable).reduce((sum, row) => sum + row.rating, 0) / 4;
    expect(comparableMean).toBeCloseTo(1000, 0);

    const elo = (await api<Board>('GET', '/api/leaderboard?method=elo')).body;
    expect(elo.method).toBe('elo');
    expect(elo.models[0]?.ci_lower).toBeNull();
    expect(elo.models.find((row) => row.model_name === 'ace')?.rating).toBeGreaterThan(1000);
  });

  it('filters to blind votes, a time window, and the caller’s own votes', async () => {
    const blind = (await api<Board>('GET', '/api/leaderboard?blind=true')).body;
    expect(blind.votes).toBe(30);
    expect(blind.models.map((row) => row.model_name).sort()).toEqual(['core', 'dusk']);

    await seedVotes('dusk', 'ace', 'model1', 4, { at: new Date('2020-01-01T00:00:00Z') });
    await settle();
    const recent = (await api<Board>(`GET`, `/api/leaderboard?since=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`)).body;
    const everything = (await api<Board>('GET', '/api/leaderboard')).body;
    expect(everything.votes - recent.votes).toBe(4);

    await seedVotes('pair', 'lone', 'model1', 2, { user: voter.user_id });
    await settle();
    const mine = (await api<Board>('GET', '/api/leaderboard?mine=true', { token: voter.token })).body;
    // The API vote from the first test and these two.
    expect(mine.votes).toBe(3);
    expect((await api('GET', '/api/leaderboard?mine=true')).status).toBe(401);
    expect((await api<{ error: { message: string } }>('GET', '/api/leaderboard?since=yesterday')).body.error.message).toMatch(/^since: /);
    expect((await api('GET', '/api/leaderboard?method=glicko')).status).toBe(400);
  });

  it('serves the pairwise win-rate and battle matrices in leaderboard order', async () => {
    const matrix = (await api<{ models: Array<{ model_name: string }>; win_rate: Array<Array<number | null>>; battles: number[][] }>('GET', '/api/leaderboard/matrix')).body;
    const names = matrix.models.map((model) => model.model_name);
    const at = (a: string, b: string) => [names.indexOf(a), names.indexOf(b)] as const;
    const [ace, bolt] = at('ace', 'bolt');
    // ace beat bolt 31 times and lost 10: ties left out of the rate, counted as battles.
    expect(matrix.win_rate[ace]?.[bolt]).toBeCloseTo(31 / 41, 2);
    expect(matrix.win_rate[bolt]?.[ace]).toBeCloseTo(10 / 41, 2);
    expect(matrix.battles[ace]?.[bolt]).toBe(41 + 4 * 0);
    const [core, boltAgain] = at('core', 'bolt');
    expect(matrix.battles[core]?.[boltAgain]).toBe(40);
    expect(matrix.win_rate[core]?.[core]).toBeNull();
  });

  it('is readable signed out only while public_sharing is on', async () => {
    await api('PUT', '/api/admin/settings/public_sharing', { token: admin.token, body: { value: 'false' } });
    expect((await api('GET', '/api/leaderboard')).status).toBe(401);
    expect((await api('GET', '/api/leaderboard/matrix')).status).toBe(401);
    expect((await api('GET', '/api/leaderboard', { token: voter.token })).status).toBe(200);
    await api('PUT', '/api/admin/settings/public_sharing', { token: admin.token, body: { value: 'true' } });
    expect((await api('GET', '/api/leaderboard')).status).toBe(200);
  });

  it('reflects a vote cast on another instance once its cached result is older than the freshness window', async () => {
    // A short window, so the poll's timeout is a wide margin over it: an instance that never
    // rechecked the votes would fail.
    const second = await startServer(loadConfig({ PORT: '0', DATA_DIR: os.tmpdir(), JWT_SECRET: SECRET, LEADERBOARD_BOOTSTRAP_ROUNDS: '50', LEADERBOARD_FRESHNESS_MS: '300' }), testLogger('leaderboard-second'), {
      database: server.database.handle,
    });
    try {
      const other = apiClient(second.url);
      const before = (await other<Board>('GET', '/api/leaderboard')).body.votes;
      const battle = await api<Row>('POST', '/api/comparisons', { token: voter.token, body: { prompt: 'Again', model1_id: ids.core, model2_id: ids.ace } });
      await api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: voter.token, body: { winner: 'model2' } });
      await expect.poll(async () => (await other<Board>('GET', '/api/leaderboard')).body.votes, { timeout: 10_000, interval: 200 }).toBe(before + 1);
    } finally {
      await second.close();
    }
  });

  it('exports battles in FastChat’s format and imports them into another lab with identical ratings', async () => {
    const exported = await fetch(`${server.url}/api/admin/export/battles`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const text = await exported.text();
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Row);
    const original = (await api<Board>('GET', '/api/leaderboard')).body;
    expect(lines).toHaveLength(original.votes);
    expect(lines[0]).toMatchObject({ model_a: expect.any(String), model_b: expect.any(String), winner: expect.stringMatching(/^(model_a|model_b|tie|tie \(bothbad\))$/), tstamp: expect.any(Number), anony: expect.any(Boolean) });
    expect(new Set(lines.map((line) => line.winner))).toEqual(new Set(['model_a', 'model_b', 'tie', 'tie (bothbad)']));

    const fresh = await startTestServer(kind, { JWT_SECRET: SECRET, LEADERBOARD_BOOTSTRAP_ROUNDS: '200' });
    try {
      const freshApi = apiClient(fresh.url);
      const freshAdmin = await signUp(freshApi, 'admin');
      const withNoise = `${text}not json\n{"model_a":"x","model_b":"x","winner":"tie"}\n`;
      const imported = await fetch(`${fresh.url}/api/admin/import/battles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${freshAdmin.token}`, 'content-type': 'application/x-ndjson' },
        body: withNoise,
      });
      const report = (await imported.json()) as { imported: number; skipped: number; models_created: string[]; errors: string[] };
      expect(report.imported).toBe(lines.length);
      expect(report.skipped).toBe(2);
      expect(report.errors).toHaveLength(2);
      expect(report.models_created.sort()).toEqual(['ace', 'bolt', 'core', 'dusk', 'lone', 'pair']);

      const strip = (board: Board) => board.models.map(({ model_name, rating, ci_lower, ci_upper, votes, wins, losses, ties, rank, comparable }) => ({ model_name, rating, ci_lower, ci_upper, votes, wins, losses, ties, rank, comparable }));
      const copy = (await freshApi<Board>('GET', '/api/leaderboard')).body;
      expect(strip(copy)).toEqual(strip(original));
      const originalElo = (await api<Board>('GET', '/api/leaderboard?method=elo')).body;
      const copyElo = (await freshApi<Board>('GET', '/api/leaderboard?method=elo')).body;
      expect(strip(copyElo)).toEqual(strip(originalElo));

      const again = await fetch(`${fresh.url}/api/admin/import/battles`, { method: 'POST', headers: { authorization: `Bearer ${freshAdmin.token}`, 'content-type': 'application/x-ndjson' }, body: text });
      expect(await again.json()).toMatchObject({ imported: 0, skipped: lines.length });
      const models = (await freshApi<Row[]>('GET', '/api/admin/models', { token: freshAdmin.token })).body;
      expect(models.find((model) => model.model_name === 'ace')).toMatchObject({ status: 'inactive' });
    } finally {
      await fresh.close();
    }
    expect((await api('GET', '/api/admin/export/battles', { token: voter.token })).status).toBe(403);
    expect((await api('POST', '/api/admin/import/battles', { token: voter.token, body: '{}' })).status).toBe(403);
  });

  it('keeps its running vote totals equal to a recount of the votes, through inserts, updates and deletes', async () => {
    const db = server.database.handle.db;
    const sorted = (rows: AggregateRow[]) => [...rows].sort((p, q) => `${p.a}${p.b}${p.outcome}`.localeCompare(`${q.a}${q.b}${q.outcome}`));
    const check = async () => {
      for (const blind of [false, true]) {
        // A `since` before every vote forces the recount from the votes themselves.
        const recount = await aggregateVotes(db, { blind, since: new Date(0), userId: undefined });
        const totals = await aggregateVotes(db, { blind, since: undefined, userId: undefined });
        expect(sorted(totals.rows)).toEqual(sorted(recount.rows));
        expect(totals.excluded).toEqual(recount.excluded);
      }
    };
    await check();
    const someVote = await db.selectFrom('model_votes').select('vote_id').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('model_votes').set({ outcome: 'both_bad', winner_model_id: null }).where('vote_id', '=', someVote.vote_id).execute();
    await check();
    await db.deleteFrom('model_votes').where('vote_id', '=', someVote.vote_id).execute();
    await check();
  });

  it('keeps votes from an old deployment: a NULL winner counts as a tie', async () => {
    const db = server.database.handle.db;
    const before = (await api<Board>('GET', '/api/leaderboard')).body.models.find((row) => row.model_name === 'lone');
    const comparison = await db.insertInto('comparisons').values({ comparison_id: randomUUID(), model1_id: ids.lone as string, model2_id: ids.pair as string }).returning('comparison_id').executeTakeFirstOrThrow();
    await db.insertInto('model_votes').values({ comparison_id: comparison.comparison_id, winner_model_id: null }).execute();
    await settle();
    const after = (await api<Board>('GET', '/api/leaderboard')).body.models.find((row) => row.model_name === 'lone');
    expect((after?.ties ?? 0) - (before?.ties ?? 0)).toBe(1);
  });
});
