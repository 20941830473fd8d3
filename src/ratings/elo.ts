import { BASE, INITIAL_RATING, SCALE } from './types.js';

/** One vote in order: model indexes and the score of `a` (1 win, 0 loss, 0.5 tie or both bad). */
export interface OrderedVote {
  a: number;
  b: number;
  scoreA: number;
}

/** Online Elo over votes in the order they were cast. */
export function onlineElo(m: number, votes: Iterable<OrderedVote>, k = 4): Float64Array {
  const ratings = new Float64Array(m).fill(INITIAL_RATING);
  for (const vote of votes) {
    const ra = ratings[vote.a] as number;
    const rb = ratings[vote.b] as number;
    const expectedA = 1 / (1 + BASE ** ((rb - ra) / SCALE));
    ratings[vote.a] = ra + k * (vote.scoreA - expectedA);
    ratings[vote.b] = rb + k * (1 - vote.scoreA - (1 - expectedA));
  }
  return ratings;
}
