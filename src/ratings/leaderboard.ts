import type { Kysely } from 'kysely';
import { demoModelsRetired, isDemoModel } from '../chat/arena.js';
import type { AiModel, Database } from '../db/schema.js';
import type { Catalog } from '../providers/catalog.js';
import { defaultLabSettings, type LabSettings } from '../settings/settings.js';
import { bradleyTerryWithIntervals, comparability } from './bootstrap.js';
import { toPairData } from './bradleyTerry.js';
import { onlineElo } from './elo.js';
import { decideExclusions } from './hygiene.js';
import { ResultCache } from './resultCache.js';
import { createRoundsPool, type RunChunk } from './roundsPool.js';
import type { PairCounts } from './types.js';
import { aggregateVotes, orderedVotes, voteWatermark, type AggregateRow, type DecidedExclusions, type Exclusions, type VoteFilter } from './votes.js';

export type RatingMethod = 'bt' | 'elo';

export interface LeaderboardRow {
  rank: number;
  model_id: string;
  model_name: string;
  provider_name: string | null;
  rating: number;
  ci_lower: number | null;
  ci_upper: number | null;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  win_rate: number | null;
  avg_time_ms: number | null;
  /** False for a model whose battles never link it to the main group: its rating stands apart. */
  comparable: boolean;
}

/** Votes matching the filters that are left out, by reason; `demo`: votes on retired demo models. */
export type LeaderboardExclusions = Exclusions & { demo: number };

export interface Leaderboard {
  method: RatingMethod;
  /** The votes counted, after every filter and exclusion. */
  votes: number;
  /** The time window actually applied (the requested one, rounded down: see bucketSince). */
  since: string | null;
  excluded: LeaderboardExclusions;
  computed_at: string;
  models: LeaderboardRow[];
}

export interface WinRateMatrix {
  models: Array<{ model_id: string; model_name: string }>;
  /** win_rate[i][j]: the share of decided battles i won against j (ties left out); null when none. */
  win_rate: Array<Array<number | null>>;
  battles: number[][];
}

/** Per-model tallies and the pair counts, over models indexed by name. */
interface Standings {
  models: Array<Pick<AiModel, 'model_id' | 'model_name' | 'provider_name'>>;
  counts: PairCounts[];
  tallies: Array<{ votes: number; wins: number; losses: number; ties: number; timeSum: number; timeCount: number }>;
  votes: number;
  excluded: LeaderboardExclusions;
}

function standings(rows: AggregateRow[], catalog: AiModel[], excluded: LeaderboardExclusions): Standings {
  const byId = new Map(catalog.map((model) => [model.model_id, model]));
  const ids = [...new Set(rows.flatMap((row) => [row.a, row.b]))];
  const describe = (id: string) => byId.get(id) ?? { model_id: id, model_name: id, provider_name: null };
  // Indexed by name, so the same votes give the same bootstrap in any database.
  const models = ids.map(describe).sort((p, q) => p.model_name.localeCompare(q.model_name) || p.model_id.localeCompare(q.model_id));
  const index = new Map(models.map((model, position) => [model.model_id, position]));
  const tallies = models.map(() => ({ votes: 0, wins: 0, losses: 0, ties: 0, timeSum: 0, timeCount: 0 }));
  const counts = new Map<string, PairCounts>();
  let votes = 0;
  for (const row of rows) {
    const a = index.get(row.a) as number;
    const b = index.get(row.b) as number;
    const pair = counts.get(`${a}:${b}`) ?? { a, b, winsA: 0, winsB: 0, ties: 0 };
    const tallyA = tallies[a] as Standings['tallies'][number];
    const tallyB = tallies[b] as Standings['tallies'][number];
    if (row.outcome === 'a') {
      pair.winsA += row.votes;
      tallyA.wins += row.votes;
      tallyB.losses += row.votes;
    } else if (row.outcome === 'b') {
      pair.winsB += row.votes;
      tallyB.wins += row.votes;
      tallyA.losses += row.votes;
    } else {
      pair.ties += row.votes;
      tallyA.ties += row.votes;
      tallyB.ties += row.votes;
    }
    counts.set(`${a}:${b}`, pair);
    tallyA.votes += row.votes;
    tallyB.votes += row.votes;
    tallyA.timeSum += row.time_a_sum;
    tallyA.timeCount += row.time_a_count;
    tallyB.timeSum += row.time_b_sum;
    tallyB.timeCount += row.time_b_count;
    votes += row.votes;
  }
  return { models, counts: [...counts.values()], tallies, votes, excluded };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A time window's start, rounded down so that distinct values stay few (each is a computation
 * and a cache entry): to the hour within the last two days, to the UTC day before that.
 */
export function bucketSince(since: Date, now: number = Date.now()): Date {
  const time = since.getTime();
  const unit = time > now - 2 * DAY_MS ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(time / unit) * unit);
}

/** Results held at most: the least recently read goes first. */
const CACHE_ENTRIES = 256;

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Ratings and matrices from the votes, cached per filter and per the settings they depend on (a
 * bounded LRU cache, see ResultCache): a vote on this instance invalidates at once, and any other
 * change is noticed by a cheap watermark query once a result is `freshnessMs` old.
 */
export class LeaderboardService {
  private readonly cache: ResultCache;
  private readonly settings: { get(): Promise<LabSettings> };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: Catalog,
    private readonly options: { rounds: number; seed: number; freshnessMs: number; settings?: { get(): Promise<LabSettings> } },
    private readonly pool: { run: RunChunk; close(): Promise<void> } = createRoundsPool(),
  ) {
    this.cache = new ResultCache(() => voteWatermark(db), { freshnessMs: options.freshnessMs, maxEntries: CACHE_ENTRIES });
    this.settings = options.settings ?? { get: async () => defaultLabSettings() };
  }

  /** Stops the bootstrap worker threads (shutdown). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** A vote was cast here: recompute on the next read. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** How many computed results are held (bounded). */
  get cachedResults(): number {
    return this.cache.size;
  }

  /** What a result depends on besides the votes: the filter, rounded, and the hygiene settings. */
  private async context(filter: VoteFilter) {
    const [settings, active] = await Promise.all([this.settings.get(), this.catalog.activeModels()]);
    const normalized: VoteFilter = { ...filter, since: filter.since && bucketSince(filter.since) };
    const hideDemo = demoModelsRetired(active, settings.keep_demo_models);
    const key = JSON.stringify({ ...normalized, cap: settings.daily_vote_cap, hideDemo });
    return { filter: normalized, settings, hideDemo, key };
  }

  /** The votes that rules decided over all votes leave out; shared by every view. */
  private decided(settings: LabSettings): Promise<DecidedExclusions> {
    return this.cache.get(`decided:${settings.daily_vote_cap}`, () => decideExclusions(this.db, { dailyVoteCap: settings.daily_vote_cap }));
  }

  private standings(context: Awaited<ReturnType<LeaderboardService['context']>>): Promise<Standings> {
    return this.cache.get(`standings:${context.key}`, async () => {
      const decided = await this.decided(context.settings);
      const [aggregate, snapshot] = await Promise.all([aggregateVotes(this.db, context.filter, { decided }), this.catalog.snapshot()]);
      const excluded: LeaderboardExclusions = { ...aggregate.excluded, demo: 0 };
      let rows = aggregate.rows;
      if (context.hideDemo) {
        const demo = new Set(snapshot.models.filter(isDemoModel).map((model) => model.model_id));
        const onDemo = (row: AggregateRow) => demo.has(row.a) || demo.has(row.b);
        excluded.demo = rows.filter(onDemo).reduce((sum, row) => sum + row.votes, 0);
        rows = rows.filter((row) => !onDemo(row));
      }
      return standings(rows, snapshot.models, excluded);
    });
  }

  async leaderboard(method: RatingMethod, requested: VoteFilter): Promise<Leaderboard> {
    const context = await this.context(requested);
    const { filter } = context;
    return this.cache.get(`${method}:${context.key}`, async () => {
      const table = await this.standings(context);
      const m = table.models.length;
      let ratings: Float64Array;
      let lower: Float64Array | undefined;
      let upper: Float64Array | undefined;
      let comparable: boolean[];
      if (method === 'bt') {
        const fit = await bradleyTerryWithIntervals(m, table.counts, { rounds: this.options.rounds, seed: this.options.seed, runChunk: this.pool.run });
        ({ ratings, lower, upper, comparable } = fit);
      } else {
        const index = new Map(table.models.map((model, position) => [model.model_id, position]));
        const votes = await orderedVotes(this.db, filter, { decided: await this.decided(context.settings) });
        ratings = onlineElo(
          m,
          votes.flatMap((vote) => {
            const a = index.get(vote.a);
            const b = index.get(vote.b);
            // A vote cast after the aggregation ran is not in this table yet.
            if (a === undefined || b === undefined) return [];
            return [{ a, b, scoreA: vote.outcome === 'a' ? 1 : vote.outcome === 'b' ? 0 : 0.5 }];
          }),
        );
        ({ comparable } = comparability(m, toPairData(table.counts)));
      }
      const rows = table.models.map((model, x): LeaderboardRow => {
        const tally = table.tallies[x] as Standings['tallies'][number];
        const decided = tally.wins + tally.losses;
        return {
          rank: 0,
          model_id: model.model_id,
          model_name: model.model_name,
          provider_name: model.provider_name,
          rating: round2(ratings[x] as number),
          ci_lower: lower ? round2(lower[x] as number) : null,
          ci_upper: upper ? round2(upper[x] as number) : null,
          votes: tally.votes,
          wins: tally.wins,
          losses: tally.losses,
          ties: tally.ties,
          win_rate: decided > 0 ? round2(tally.wins / decided) : null,
          avg_time_ms: tally.timeCount > 0 ? Math.round(tally.timeSum / tally.timeCount) : null,
          comparable: comparable[x] ?? false,
        };
      });
      for (const row of rows) {
        // 1 + the models that are better beyond doubt: their lower bound above this upper bound.
        const peers = rows.filter((other) => other.comparable === row.comparable);
        row.rank =
          1 +
          (method === 'bt'
            ? peers.filter((other) => (other.ci_lower as number) > (row.ci_upper as number)).length
            : peers.filter((other) => other.rating > row.rating).length);
      }
      rows.sort((p, q) => Number(q.comparable) - Number(p.comparable) || q.rating - p.rating || p.model_name.localeCompare(q.model_name));
      return { method, votes: table.votes, since: filter.since?.toISOString() ?? null, excluded: table.excluded, computed_at: new Date().toISOString(), models: rows };
    });
  }

  async matrix(filter: VoteFilter): Promise<WinRateMatrix> {
    const table = await this.standings(await this.context(filter));
    const order = (await this.leaderboard('bt', filter)).models.map((row) => table.models.findIndex((model) => model.model_id === row.model_id));
    const m = table.models.length;
    const wins = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    const battles = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (const pair of table.counts) {
      (wins[pair.a] as number[])[pair.b] = ((wins[pair.a] as number[])[pair.b] as number) + pair.winsA;
      (wins[pair.b] as number[])[pair.a] = ((wins[pair.b] as number[])[pair.a] as number) + pair.winsB;
      const total = pair.winsA + pair.winsB + pair.ties;
      (battles[pair.a] as number[])[pair.b] = ((battles[pair.a] as number[])[pair.b] as number) + total;
      (battles[pair.b] as number[])[pair.a] = ((battles[pair.b] as number[])[pair.a] as number) + total;
    }
    return {
      models: order.map((x) => ({ model_id: (table.models[x] as Standings['models'][number]).model_id, model_name: (table.models[x] as Standings['models'][number]).model_name })),
      win_rate: order.map((x) =>
        order.map((y) => {
          const won = (wins[x] as number[])[y] as number;
          const lost = (wins[y] as number[])[x] as number;
          return won + lost > 0 ? round2(won / (won + lost)) : null;
        }),
      ),
      battles: order.map((x) => order.map((y) => (battles[x] as number[])[y] as number)),
    };
  }
}
