import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteOutcome } from '../../src/db/schema.js';
import { Catalog } from '../../src/providers/catalog.js';
import { LeaderboardService } from '../../src/ratings/leaderboard.js';
import { modelStats } from '../../src/ratings/modelStats.js';
import { featuresRow } from '../helpers/comparisonFeatures.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
interface BoardRow {
  model_name: string;
  rank: number;
  rating: number;
  votes: number;
  preliminary: boolean;
  median_ttft_ms: number | null;
  output_tokens_per_second: number | null;
  mean_cost_per_answer: number | null;
  rating_per_dollar: number | null;
}
interface Board {
  votes: number;
  category: string | null;
  language: string | null;
  excluded: { failed: number; identity_leak: number; duplicate: number; daily_cap: number; demo: number };
  models: BoardRow[];
}

type Side = [number | null, number | null, number | null, number | null];

interface Seed {
  a: string;
  b: string;
  outcome?: VoteOutcome;
  mode?: 'named' | 'anonymous';
  prompt?: string;
  coding?: boolean;
  language?: string | null;
  leak?: boolean;
  label?: string;
  /** Per side: time to first text, whole time, output tokens, input tokens. */
  usage?: [Side, Side];
}

/** numpy/pandas' default ("linear") quantile: what FastChat's deduplication.py uses. */
function linearQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
}

/**
 * Views that need what is known about each comparison (comparison_features, comparison_labels,
 * model_prices: rows written here as the analysis would write them): categories, languages,
 * identity leaks, duplicate prompts, preliminary models, speed and cost.
 */
describe.each(DATABASE_KINDS)('leaderboard views on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  const ids: Record<string, string> = {};
  const leaking: string[] = [];

  const db = () => server.database.handle.db;
  const board = async (query = '') => (await api<Board>('GET', `/api/leaderboard${query}`, { token: admin.token })).body;
  const setting = (key: string, value: string) => api('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } });
  let counter = 0;

  async function seed(battle: Seed, times = 1): Promise<string[]> {
    const votes: string[] = [];
    for (let n = 0; n < times; n++) {
      counter += 1;
      const [side1, side2] = battle.usage ?? [
        [null, 100, null, null],
        [null, 300, null, null],
      ];
      const comparison = await db()
        .insertInto('comparisons')
        .values({ model1_id: ids[battle.a] as string, model2_id: ids[battle.b] as string, mode: battle.mode ?? 'named', model1_time_ms: side1[1], model2_time_ms: side2[1] })
        .returning('comparison_id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('comparison_features')
        .values(
          featuresRow(comparison.comparison_id, {
            prompt_hash: battle.prompt ?? `prompt-${counter}`,
            is_coding: battle.coding ?? false,
            language: battle.language ?? null,
            identity_leak: battle.leak ?? false,
            model1_ttft_ms: side1[0],
            model1_output_tokens: side1[2],
            model1_input_tokens: side1[3],
            model2_ttft_ms: side2[0],
            model2_output_tokens: side2[2],
            model2_input_tokens: side2[3],
            usage_source: 'upstream',
          }),
        )
        .execute();
      if (battle.label) {
        await db().insertInto('comparison_labels').values({ comparison_id: comparison.comparison_id, category: battle.label, value: true, labelled_at: new Date() }).execute();
      }
      const outcome = battle.outcome ?? 'model1';
      const vote = await db()
        .insertInto('model_votes')
        .values({ comparison_id: comparison.comparison_id, outcome, winner_model_id: outcome === 'model1' ? (ids[battle.a] as string) : outcome === 'model2' ? (ids[battle.b] as string) : null })
        .returning('vote_id')
        .executeTakeFirstOrThrow();
      votes.push(vote.vote_id);
    }
    return votes;
  }

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'leaderboard-views-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '50', LEADERBOARD_FRESHNESS_MS: '0' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'lab' } });
    for (const name of ['ace', 'bolt', 'core', 'dusk']) {
      ids[name] = (await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'lab', api_url: 'http://127.0.0.1:9/v1' } })).body.model_id as string;
    }
    // Blind battles, two of which leaked a name.
    await seed({ a: 'ace', b: 'bolt', mode: 'anonymous' }, 3);
    leaking.push(...(await seed({ a: 'ace', b: 'bolt', mode: 'anonymous', leak: true, outcome: 'model2' }, 2)));
    // Categories and languages.
    await seed({ a: 'bolt', b: 'core', coding: true }, 3);
    await seed({ a: 'core', b: 'ace', language: 'de', coding: true, outcome: 'tie' }, 2);
    await seed({ a: 'core', b: 'bolt', label: 'hard_prompt', outcome: 'model2' }, 2);
    // Speed and cost: ttft, whole time, output tokens, input tokens per side.
    await seed({ a: 'ace', b: 'core', usage: [[100, 1100, 500, 20], [400, 2400, 1000, 20]] }, 1);
    await seed({ a: 'core', b: 'ace', usage: [[200, 1200, 500, 20], [300, 1300, 250, 20]] }, 1);
    await seed({ a: 'ace', b: 'core', usage: [[500, 1500, 1000, 20], [200, 700, 500, 20]] }, 1);
    await db().insertInto('model_prices').values({ model_id: ids.ace as string, input_per_million: '1', output_per_million: '10' }).execute();
    await db().insertInto('model_prices').values({ model_id: ids.core as string, input_per_million: '0.5', output_per_million: '2' }).execute();
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves battles whose answers leaked an identity out of the blind set only, while the check is on', async () => {
    const blind = await board('?blind=true');
    expect([blind.votes, blind.excluded.identity_leak]).toEqual([3, 2]);
    expect((await board()).excluded.identity_leak).toBe(0);
    const list = (await api<{ total: number; votes: Array<{ vote_id: string }> }>('GET', '/api/admin/leaderboard/excluded?reason=identity_leak', { token: admin.token })).body;
    expect(list.votes.map((vote) => vote.vote_id).sort()).toEqual([...leaking].sort());
    await setting('identity_leak_check', 'false');
    expect((await board('?blind=true')).votes).toBe(5);
    await setting('identity_leak_check', 'true');
    expect((await board('?blind=true&method=elo')).votes).toBe(3);
  });

  it('filters by rule category, by labelled category and by language, combined with the other filters', async () => {
    const everything = await board();
    const coding = await board('?category=coding');
    expect([coding.votes, coding.category]).toEqual([5, 'coding']);
    expect(coding.votes).toBeLessThan(everything.votes);
    expect((await board('?category=hard_prompt')).votes).toBe(2);
    const german = await board('?language=DE');
    expect([german.votes, german.language]).toEqual([2, 'de']);
    expect(german.models.map((row) => row.model_name).sort()).toEqual(['ace', 'core']);
    expect((await board('?language=de&category=coding')).votes).toBe(2);
    expect((await board('?language=de&category=hard_prompt')).votes).toBe(0);
    expect((await board('?category=coding&blind=true')).votes).toBe(0);
    for (const [query, message] of [
      ['category=bogus', /^category: no category "bogus"; known: coding, long_query, multi_turn, hard_prompt/],
      ['category=Not%20a%20name', /^category: must be a category name/],
      ['language=xx', /^language: must be an ISO 639-1/],
      ['language=deu', /^language: must be an ISO 639-1/],
      ['sort=cheapest', /^sort: /],
    ] as const) {
      const response = await api<{ error: { message: string } }>('GET', `/api/leaderboard?${query}`, { token: admin.token });
      expect([response.status, response.body.error.message]).toEqual([400, expect.stringMatching(message)]);
    }
  });

  it('samples votes on a prompt asked far more often than the others down to the 99.99th percentile, seeded', async () => {
    const before = await board();
    const spam = await seed({ a: 'dusk', b: 'ace', prompt: 'the same prompt', outcome: 'model2' }, 12);
    const counts = new Map<string, number>();
    for (const row of await db().selectFrom('comparison_features as f').innerJoin('model_votes as v', 'v.comparison_id', 'f.comparison_id').select('f.prompt_hash').execute()) {
      counts.set(row.prompt_hash, (counts.get(row.prompt_hash) ?? 0) + 1);
    }
    const cutoff = linearQuantile([...counts.values()], 0.9999);
    const expected = 12 - Math.floor(cutoff);
    expect(expected).toBeGreaterThan(0);
    const after = await board();
    expect(after.excluded.duplicate).toBe(expected);
    expect(after.votes - before.votes).toBe(12 - expected);
    const list = (await api<{ votes: Array<{ vote_id: string }> }>('GET', '/api/admin/leaderboard/excluded?reason=duplicate', { token: admin.token })).body.votes.map((vote) => vote.vote_id);
    expect(list).toHaveLength(expected);
    for (const id of list) expect(spam).toContain(id);
    // The per-prompt totals the sampling reads are kept by triggers: equal to a recount.
    const recount = await db()
      .selectFrom('comparison_features as f')
      .innerJoin('model_votes as v', 'v.comparison_id', 'f.comparison_id')
      .select(['f.prompt_hash', (eb) => eb.fn.countAll<string>().as('votes')])
      .groupBy('f.prompt_hash')
      .execute();
    const kept = await db().selectFrom('prompt_vote_counts').select(['prompt_hash', 'votes']).where('votes', '>', '0' as never).execute();
    const byHash = (rows: Array<{ prompt_hash: string; votes: string | number }>) => new Map(rows.map((row) => [row.prompt_hash, Number(row.votes)]));
    expect(byHash(kept)).toEqual(byHash(recount));
    // The same sample every time.
    await setting('dedup_prompts', 'false');
    expect((await board()).excluded.duplicate).toBe(0);
    await setting('dedup_prompts', 'true');
    expect((await api<{ votes: Array<{ vote_id: string }> }>('GET', '/api/admin/leaderboard/excluded?reason=duplicate', { token: admin.token })).body.votes.map((vote) => vote.vote_id)).toEqual(list);
  });

  it('marks models with fewer than min_votes_to_rank votes preliminary and never ranks them above established ones', async () => {
    await setting('min_votes_to_rank', '12');
    const ranked = await board();
    const byName = Object.fromEntries(ranked.models.map((row) => [row.model_name, row]));
    // ace has 21 counted votes by now; the others 10 or 11.
    const preliminary = ranked.models.filter((row) => row.preliminary).map((row) => row.model_name);
    for (const row of ranked.models) expect(row.preliminary).toBe(row.votes < 12);
    expect(preliminary.length).toBeGreaterThan(0);
    const established = ranked.models.filter((row) => !row.preliminary);
    expect(ranked.models.slice(0, established.length)).toEqual(established);
    for (const name of preliminary) expect(byName[name]?.rank).toBeGreaterThan(established.length);
    await setting('min_votes_to_rank', '0');
    expect((await board()).models.every((row) => !row.preliminary)).toBe(true);
  });

  it('reports median time to first token, output tokens per second, mean cost per answer, and sorts by rating per dollar', async () => {
    const rows = Object.fromEntries((await board()).models.map((row) => [row.model_name, row]));
    // ace answered with ttft 100, 300, 500; tokens/s 500/1.0, 250/1.0, 1000/1.0; cost (20·1 + out·10)/1e6.
    expect(rows.ace).toMatchObject({ median_ttft_ms: 300, output_tokens_per_second: 500 });
    expect(rows.ace?.mean_cost_per_answer).toBeCloseTo((20 * 3 + 10 * (500 + 250 + 1000)) / 3 / 1e6, 12);
    // core: ttft 400, 200, 200; tokens/s 1000/2.0, 500/1.0, 500/0.5.
    expect(rows.core).toMatchObject({ median_ttft_ms: 200, output_tokens_per_second: 500 });
    expect(rows.core?.mean_cost_per_answer).toBeCloseTo((0.5 * 20 * 3 + 2 * (1000 + 500 + 500)) / 3 / 1e6, 12);
    expect(rows.bolt).toMatchObject({ median_ttft_ms: null, mean_cost_per_answer: null, rating_per_dollar: null });
    expect(rows.core?.rating_per_dollar).toBeCloseTo((rows.core?.rating as number) / (rows.core?.mean_cost_per_answer as number), -1);
    const sorted = await board('?sort=rating_per_dollar');
    expect(sorted.models.slice(0, 2).map((row) => row.model_name)).toEqual(['core', 'ace']);
    expect(sorted.models.slice(2).every((row) => row.rating_per_dollar === null)).toBe(true);
  });

  it('shows the last speed figures while newer ones are computed after a vote, and the newer on a later read', async () => {
    const service = new LeaderboardService(db(), new Catalog(db(), 60_000), { rounds: 10, seed: 1, freshnessMs: 0, statsFreshnessMs: 0 });
    try {
      const ttft = async () => (await service.leaderboard('bt', { blind: false, since: undefined, userId: undefined })).models.find((row) => row.model_name === 'bolt')?.median_ttft_ms ?? null;
      const before = await ttft();
      expect(before).toBeNull();
      // bolt's first timed answers: they give it a median (the scan of every answer behind it takes seconds on a big lab).
      await seed({ a: 'bolt', b: 'ace', usage: [[5, 100, 10, 1], [null, 300, null, null]] }, 3);
      expect((await modelStats(db())).get(ids.bolt as string)?.median_ttft_ms).toBe(5);
      // The read after the votes did not wait for that scan: it has the figures from before them.
      expect(await ttft()).toBeNull();
      await expect.poll(ttft).toBe(5);
    } finally {
      await service.close();
    }
  });

  it('gives every model’s rank and votes in every category at once, as the filtered leaderboards do', async () => {
    const overview = (
      await api<{
        categories: Array<{ key: string; kind: string; votes: number }>;
        models: Array<{ model_name: string; ranks: Record<string, { rank: number; rating: number; votes: number; preliminary: boolean }> }>;
      }>('GET', '/api/leaderboard/categories')
    ).body;
    const everything = await board();
    expect(overview.categories).toEqual([
      { key: 'overall', kind: 'overall', votes: everything.votes },
      { key: 'coding', kind: 'rule', votes: 5 },
      { key: 'long_query', kind: 'rule', votes: 0 },
      { key: 'multi_turn', kind: 'rule', votes: 0 },
      { key: 'hard_prompt', kind: 'label', votes: 2 },
      { key: 'language:de', kind: 'language', votes: 2 },
    ]);
    expect(overview.models.map((row) => row.model_name)).toEqual(everything.models.map((row) => row.model_name));
    for (const [key, query] of [
      ['overall', ''],
      ['coding', '?category=coding'],
      ['hard_prompt', '?category=hard_prompt'],
      ['language:de', '?language=de'],
    ] as const) {
      const filtered = await board(query);
      const fromOverview = overview.models.flatMap((row) => (row.ranks[key] ? [{ model_name: row.model_name, ...row.ranks[key] }] : []));
      expect(fromOverview.sort((p, q) => p.model_name.localeCompare(q.model_name))).toEqual(
        filtered.models.map(({ model_name, rank, rating, votes, preliminary }) => ({ model_name, rank, rating, votes, preliminary })).sort((p, q) => p.model_name.localeCompare(q.model_name)),
      );
    }
    expect((await api('GET', '/api/leaderboard/categories?since=soon', { token: admin.token })).status).toBe(400);
  });

  it('shows a price an admin sets or clears at once, though no vote was cast', async () => {
    const cost = async () => (await board()).models.find((row) => row.model_name === 'ace')?.mean_cost_per_answer;
    const before = (await cost()) as number;
    const price = (body: object) => api('PUT', `/api/admin/models/${ids.ace}/price`, { token: admin.token, body });
    expect((await price({ input_per_million: 2, output_per_million: 20 })).status).toBe(200);
    expect(await cost()).toBeCloseTo(2 * before, 12);
    expect((await api('DELETE', `/api/admin/models/${ids.ace}/price`, { token: admin.token })).status).toBe(204);
    expect(await cost()).toBeNull();
    expect((await price({ input_per_million: 1, output_per_million: 10 })).status).toBe(200);
    expect(await cost()).toBeCloseTo(before, 12);
  });

  it('keeps an anonymous battle out of the speed and cost figures until its vote', async () => {
    // No answer of dusk's so far had a time or tokens: any figure of its would come from this battle.
    const dusk = async () => {
      const stats = (await modelStats(db())).get(ids.dusk as string);
      return [stats?.median_ttft_ms ?? null, stats?.output_tokens_per_second ?? null];
    };
    const battle = await db()
      .insertInto('comparisons')
      .values({ model1_id: ids.dusk as string, model2_id: ids.bolt as string, mode: 'anonymous', model1_time_ms: 1250, model2_time_ms: 900 })
      .returning('comparison_id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('comparison_features')
      .values(featuresRow(battle.comparison_id, { model1_ttft_ms: 250, model1_output_tokens: 100, model2_ttft_ms: 150, model2_output_tokens: 100, usage_source: 'upstream' }))
      .execute();
    expect(await dusk()).toEqual([null, null]);
    await db().insertInto('model_votes').values({ comparison_id: battle.comparison_id, outcome: 'tie', winner_model_id: null }).execute();
    expect(await dusk()).toEqual([250, 100]);
  });
});
