import type { StoredVerdict } from '../db/schema.js';
import { SeededRandom } from '../random.js';
import { quantile } from '../ratings/bootstrap.js';
import type { PairCounts } from '../ratings/types.js';
import { verdictStrength } from './verdicts.js';

/** One judgment: the model shown first (position A), the one shown second, and the verdict. */
export interface Game {
  /** Index of the prompt; games of one prompt are resampled together. */
  prompt: number;
  first: number;
  second: number;
  verdict: StoredVerdict;
}

export interface WinRate {
  win_rate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  /** Judgments that counted (parsed ones). */
  judgments: number;
}

export interface Consistency {
  wins: number;
  losses: number;
  ties: number;
  /** (wins + ties / 2) / pairs: MT-Bench's "win rate adjusted". */
  win_rate: number | null;
}

export interface PositionBias {
  /** Pairs judged in both orders with both verdicts parsed. */
  pairs: number;
  /** Of those, the ones whose preferred model (or tie) changed with the order. */
  flipped: number;
  flip_rate: number | null;
  /** Of all parsed verdicts that were not ties, the share that favoured position A. */
  position_a_rate: number | null;
}

type Parsed = Game & { strength: -2 | -1 | 0 | 1 | 2 };

function parsed(games: readonly Game[]): Parsed[] {
  const out: Parsed[] = [];
  for (const game of games) {
    if (game.verdict === 'unparsed' || game.verdict === 'failed') continue;
    out.push({ ...game, strength: verdictStrength(game.verdict) });
  }
  return out;
}

/**
 * Arena-Hard's scores of one judgment for the model at `side`: a strong verdict counts three
 * times, a slight one once, a tie is half a win; the other model scores the complement.
 */
function scoresFor(strength: number, side: 'first' | 'second'): { sum: number; count: number } {
  const s = side === 'first' ? strength : -strength;
  const weight = Math.abs(s) === 2 ? 3 : 1;
  return { sum: s > 0 ? weight : s === 0 ? 0.5 : 0, count: weight };
}

/**
 * Each model's win rate (Arena-Hard's score) against the baseline, or against every opponent when
 * there is none (round robin), with a 95% interval from a bootstrap that resamples prompts (a
 * prompt's judgments move together: they are not independent of each other). The baseline scores
 * 0.5 by definition.
 */
export function winRates(m: number, baseline: number | undefined, games: readonly Game[], options: { rounds: number; seed: number }): WinRate[] {
  const counted = parsed(games).filter((game) => baseline === undefined || game.first === baseline || game.second === baseline);
  const promptIndex = new Map<number, number>();
  for (const game of counted) if (!promptIndex.has(game.prompt)) promptIndex.set(game.prompt, promptIndex.size);
  const p = promptIndex.size;
  const sums = Array.from({ length: m }, () => new Float64Array(p));
  const counts = Array.from({ length: m }, () => new Float64Array(p));
  const judgments = new Array<number>(m).fill(0);
  for (const game of counted) {
    const at = promptIndex.get(game.prompt) as number;
    for (const side of ['first', 'second'] as const) {
      const model = side === 'first' ? game.first : game.second;
      const score = scoresFor(game.strength, side);
      const modelSums = sums[model] as Float64Array;
      const modelCounts = counts[model] as Float64Array;
      modelSums[at] = (modelSums[at] as number) + score.sum;
      modelCounts[at] = (modelCounts[at] as number) + score.count;
      judgments[model] = (judgments[model] as number) + 1;
    }
  }

  const total = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0);
  const rounds = p > 0 ? Math.max(0, options.rounds) : 0;
  const samples = Array.from({ length: m }, () => new Float64Array(rounds));
  const valid = new Array<number>(m).fill(0);
  const random = new SeededRandom(options.seed);
  const draw = new Int32Array(p);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < p; k++) draw[k] = Math.floor(random.next() * p);
    for (let model = 0; model < m; model++) {
      const modelSums = sums[model] as Float64Array;
      const modelCounts = counts[model] as Float64Array;
      let sum = 0;
      let count = 0;
      for (let k = 0; k < p; k++) {
        const at = draw[k] as number;
        sum += modelSums[at] as number;
        count += modelCounts[at] as number;
      }
      if (count > 0) {
        (samples[model] as Float64Array)[valid[model] as number] = sum / count;
        valid[model] = (valid[model] as number) + 1;
      }
    }
  }

  return Array.from({ length: m }, (_, model) => {
    if (model === baseline) return { win_rate: 0.5, ci_lower: 0.5, ci_upper: 0.5, judgments: judgments[model] as number };
    const count = total(counts[model] as Float64Array);
    if (count === 0) return { win_rate: null, ci_lower: null, ci_upper: null, judgments: 0 };
    const rate = total(sums[model] as Float64Array) / count;
    const drawn = (samples[model] as Float64Array).subarray(0, valid[model]).sort();
    return {
      win_rate: rate,
      ci_lower: drawn.length > 0 ? quantile(drawn, 0.025) : rate,
      ci_upper: drawn.length > 0 ? quantile(drawn, 0.975) : rate,
      judgments: judgments[model] as number,
    };
  });
}

/** The model a parsed judgment prefers, or -1 for a tie. */
function preferred(game: Parsed): number {
  return game.strength > 0 ? game.first : game.strength < 0 ? game.second : -1;
}

/** Pairs (prompt, two models) judged in both orders with both verdicts parsed. */
function bothOrders(games: readonly Game[]): Array<[Parsed, Parsed]> {
  const byPair = new Map<string, Parsed[]>();
  for (const game of parsed(games)) {
    const key = `${game.prompt}:${Math.min(game.first, game.second)}:${Math.max(game.first, game.second)}`;
    byPair.set(key, [...(byPair.get(key) ?? []), game]);
  }
  const pairs: Array<[Parsed, Parsed]> = [];
  for (const list of byPair.values()) {
    const one = list.find((game) => game.first < game.second);
    const other = list.find((game) => game.first > game.second);
    if (one && other) pairs.push([one, other]);
  }
  return pairs;
}

/**
 * MT-Bench's consistency rule: a pair is a win only when both orders prefer the same model; any
 * disagreement, or a tie in either order, is a tie.
 */
export function consistency(m: number, games: readonly Game[]): Consistency[] {
  const out = Array.from({ length: m }, () => ({ wins: 0, losses: 0, ties: 0 }));
  for (const [one, other] of bothOrders(games)) {
    const winner = preferred(one);
    const [x, y] = [one.first, one.second];
    if (winner !== -1 && winner === preferred(other)) {
      (out[winner] as Consistency).wins += 1;
      (out[winner === x ? y : x] as Consistency).losses += 1;
    } else {
      (out[x] as Consistency).ties += 1;
      (out[y] as Consistency).ties += 1;
    }
  }
  return out.map((entry) => {
    const pairs = entry.wins + entry.losses + entry.ties;
    return { ...entry, win_rate: pairs > 0 ? (entry.wins + entry.ties / 2) / pairs : null };
  });
}

/** How often swapping the answers changed the verdict, and how often position A was preferred. */
export function positionBias(games: readonly Game[]): PositionBias {
  const pairs = bothOrders(games);
  const flipped = pairs.filter(([one, other]) => preferred(one) !== preferred(other)).length;
  const decisive = parsed(games).filter((game) => game.strength !== 0);
  const favouredA = decisive.filter((game) => game.strength > 0).length;
  return {
    pairs: pairs.length,
    flipped,
    flip_rate: pairs.length > 0 ? flipped / pairs.length : null,
    position_a_rate: decisive.length > 0 ? favouredA / decisive.length : null,
  };
}

/**
 * Judgments as the leaderboard's pair counts (a = the model shown first), weighted as Arena-Hard
 * weighs them: a strong verdict is three wins, a slight one one, a tie one tie.
 */
export function pairCounts(games: readonly Game[]): PairCounts[] {
  const byPair = new Map<string, PairCounts>();
  for (const game of parsed(games)) {
    const key = `${game.first}:${game.second}`;
    let entry = byPair.get(key);
    if (!entry) {
      entry = { a: game.first, b: game.second, winsA: 0, winsB: 0, ties: 0 };
      byPair.set(key, entry);
    }
    const weight = Math.abs(game.strength) === 2 ? 3 : 1;
    if (game.strength > 0) entry.winsA += weight;
    else if (game.strength < 0) entry.winsB += weight;
    else entry.ties += 1;
  }
  return [...byPair.values()];
}

/** Model a's Arena-Hard score against model b over the judgments between them; undefined when none counted. */
export function scoreShare(games: readonly Game[], a: number, b: number): number | undefined {
  let sum = 0;
  let count = 0;
  for (const game of parsed(games)) {
    const side = game.first === a && game.second === b ? 'first' : game.first === b && game.second === a ? 'second' : undefined;
    if (!side) continue;
    const score = scoresFor(game.strength, side);
    sum += score.sum;
    count += score.count;
  }
  return count > 0 ? sum / count : undefined;
}
