import type { ModelStats } from './modelStats.js';
import type { Standings, Tally } from './standings.js';

export interface LeaderboardRow extends ModelStats {
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
  /** Fewer counted votes than the min_votes_to_rank setting: never ranked above a model that has them. */
  preliminary: boolean;
  /** The rating divided by the mean cost of an answer; null without a price (or when answers cost nothing). */
  rating_per_dollar: number | null;
}

export interface Fit {
  ratings: Float64Array;
  lower: Float64Array | undefined;
  upper: Float64Array | undefined;
  comparable: boolean[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const NO_STATS: ModelStats = { median_ttft_ms: null, output_tokens_per_second: null, mean_cost_per_answer: null };

/**
 * The leaderboard's rows, ranked and in order. A model's rank is 1 + the models of its tier
 * that are better beyond doubt (Bradley–Terry: their interval's lower bound above its upper
 * bound, as LMArena ranks; Elo: a higher rating). Tiers: models comparable with the main group
 * come before those standing apart, and within each, established models (min_votes_to_rank
 * votes or more) before preliminary ones, whose ranks continue after the established ones.
 */
export function rankRows(table: Standings, fit: Fit, options: { byInterval: boolean; minVotes: number }): LeaderboardRow[] {
  const rows = table.models.map((model, x): LeaderboardRow => {
    const tally = table.tallies[x] as Tally;
    const decided = tally.wins + tally.losses;
    const rating = round2(fit.ratings[x] as number);
    return {
      rank: 0,
      model_id: model.model_id,
      model_name: model.model_name,
      provider_name: model.provider_name,
      rating,
      ci_lower: fit.lower ? round2(fit.lower[x] as number) : null,
      ci_upper: fit.upper ? round2(fit.upper[x] as number) : null,
      votes: tally.votes,
      wins: tally.wins,
      losses: tally.losses,
      ties: tally.ties,
      win_rate: decided > 0 ? round2(tally.wins / decided) : null,
      avg_time_ms: tally.timeCount > 0 ? Math.round(tally.timeSum / tally.timeCount) : null,
      comparable: fit.comparable[x] ?? false,
      preliminary: tally.votes < options.minVotes,
      ...NO_STATS,
      rating_per_dollar: null,
    };
  });
  const better = (other: LeaderboardRow, row: LeaderboardRow) => (options.byInterval ? (other.ci_lower as number) > (row.ci_upper as number) : other.rating > row.rating);
  for (const row of rows) {
    const group = rows.filter((other) => other.comparable === row.comparable);
    const ahead = row.preliminary ? group.filter((other) => !other.preliminary).length : 0;
    row.rank = 1 + ahead + group.filter((other) => other.preliminary === row.preliminary && better(other, row)).length;
  }
  return rows.sort(
    (p, q) => Number(q.comparable) - Number(p.comparable) || Number(p.preliminary) - Number(q.preliminary) || q.rating - p.rating || p.model_name.localeCompare(q.model_name),
  );
}

/** The rows with each model's speed and cost, and its rating per dollar where it has a price. */
export function withStats(rows: LeaderboardRow[], stats: Map<string, ModelStats>): LeaderboardRow[] {
  return rows.map((row) => {
    const figures = stats.get(row.model_id) ?? NO_STATS;
    return { ...row, ...figures, rating_per_dollar: figures.mean_cost_per_answer ? round2(row.rating / figures.mean_cost_per_answer) : null };
  });
}

export type RowOrder = 'rating' | 'rating_per_dollar';

/** The rows by rating per dollar (models without a price last, in rank order), or as ranked. */
export function orderRows(rows: LeaderboardRow[], order: RowOrder): LeaderboardRow[] {
  if (order === 'rating') return rows;
  return [...rows].sort((p, q) => (q.rating_per_dollar ?? -Infinity) - (p.rating_per_dollar ?? -Infinity));
}
