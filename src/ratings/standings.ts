import type { AiModel } from '../db/schema.js';
import type { PairCounts } from './types.js';
import type { AggregateRow, Exclusions } from './votes.js';

/** Votes matching the filters that are left out, by reason; `demo`: votes on retired demo models. */
export type LeaderboardExclusions = Exclusions & { demo: number };

export interface Tally {
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  timeSum: number;
  timeCount: number;
}

/** Per-model tallies and the pair counts, over models indexed by name. */
export interface Standings {
  models: Array<Pick<AiModel, 'model_id' | 'model_name' | 'provider_name'>>;
  counts: PairCounts[];
  tallies: Tally[];
  votes: number;
  excluded: LeaderboardExclusions;
}

export function standings(rows: AggregateRow[], catalog: AiModel[], excluded: LeaderboardExclusions): Standings {
  const byId = new Map(catalog.map((model) => [model.model_id, model]));
  // Loops, not flatMap and spreads: the overview tabulates twenty categories of ~30,000 rows each.
  const seen = new Set<string>();
  for (const row of rows) seen.add(row.a).add(row.b);
  const ids = [...seen];
  const describe = (id: string) => byId.get(id) ?? { model_id: id, model_name: id, provider_name: null };
  // Indexed by name, so the same votes give the same bootstrap in any database.
  const models = ids.map(describe).sort((p, q) => p.model_name.localeCompare(q.model_name) || p.model_id.localeCompare(q.model_id));
  const index = new Map(models.map((model, position) => [model.model_id, position]));
  const tallies = models.map(() => ({ votes: 0, wins: 0, losses: 0, ties: 0, timeSum: 0, timeCount: 0 }));
  const counts: Array<PairCounts | undefined> = new Array(models.length * models.length);
  let votes = 0;
  for (const row of rows) {
    const a = index.get(row.a) as number;
    const b = index.get(row.b) as number;
    const key = a * models.length + b;
    let pair = counts[key];
    if (!pair) counts[key] = pair = { a, b, winsA: 0, winsB: 0, ties: 0 };
    const tallyA = tallies[a] as Tally;
    const tallyB = tallies[b] as Tally;
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
    tallyA.votes += row.votes;
    tallyB.votes += row.votes;
    tallyA.timeSum += row.time_a_sum;
    tallyA.timeCount += row.time_a_count;
    tallyB.timeSum += row.time_b_sum;
    tallyB.timeCount += row.time_b_count;
    votes += row.votes;
  }
  return { models, counts: counts.filter((pair) => pair !== undefined), tallies, votes, excluded };
}

