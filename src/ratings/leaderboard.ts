import type { Kysely } from 'kysely';
import type { AiModel, Database } from '../db/schema.js';
import type { Catalog } from '../providers/catalog.js';
import { bradleyTerryWithIntervals, comparability } from './bootstrap.js';
import { toPairData } from './bradleyTerry.js';
import { onlineElo } from './elo.js';
import { createRoundsPool, type RunChunk } from './roundsPool.js';
import type { PairCounts } from './types.js';
import { aggregateVotes, orderedVotes, voteWatermark, type AggregateRow, type VoteFilter } from './votes.js';

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

export interface Leaderboard {
  method: RatingMethod;
  votes: number;
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
}

function standings(rows: AggregateRow[], catalog: AiModel[]): Standings {
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
  return { models, counts: [...counts.values()], tallies, votes };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Ratings and matrices from the votes, cached per filter. A cached result is reused while the
 * votes have not changed: a vote on this instance invalidates at once, and any other change is
 * noticed by a cheap watermark query once the result is `freshnessMs` old.
 */
export class LeaderboardService {
  private version = 0;
  private readonly cache = new Map<string, { version: number; checkedAt: number; watermark: string; value: Promise<unknown> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: Catalog,
    private readonly options: { rounds: number; seed: number; freshnessMs: number },
    private readonly pool: { run: RunChunk; close(): Promise<void> } = createRoundsPool(),
  ) {}

  /** Stops the bootstrap worker threads (shutdown). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** A vote was cast here: recompute on the next read. */
  invalidate(): void {
    this.version += 1;
  }

  private async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = this.cache.get(key);
    if (entry && entry.version === this.version) {
      if (now - entry.checkedAt < this.options.freshnessMs) return entry.value as Promise<T>;
      const watermark = await voteWatermark(this.db);
      if (watermark === entry.watermark) {
        entry.checkedAt = now;
        return entry.value as Promise<T>;
      }
    }
    // The entry goes in before any await, so concurrent readers share one computation; the
    // watermark is read before the votes, so a vote arriving meanwhile is noticed next time.
    const fresh = { version: this.version, checkedAt: now, watermark: '', value: Promise.resolve() as Promise<unknown> };
    fresh.value = voteWatermark(this.db).then((watermark) => {
      fresh.watermark = watermark;
      return compute();
    });
    this.cache.set(key, fresh);
    fresh.value.catch(() => this.cache.delete(key));
    return fresh.value as Promise<T>;
  }

  private standings(filter: VoteFilter): Promise<Standings> {
    return this.cached(`standings:${JSON.stringify(filter)}`, async () => {
      const [rows, snapshot] = await Promise.all([aggregateVotes(this.db, filter), this.catalog.snapshot()]);
      return standings(rows, snapshot.models);
    });
  }

  leaderboard(method: RatingMethod, filter: VoteFilter): Promise<Leaderboard> {
    return this.cached(`${method}:${JSON.stringify(filter)}`, async () => {
      const table = await this.standings(filter);
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
        const votes = await orderedVotes(this.db, filter);
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
      return { method, votes: table.votes, computed_at: new Date().toISOString(), models: rows };
    });
  }

  async matrix(filter: VoteFilter): Promise<WinRateMatrix> {
    const table = await this.standings(filter);
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
