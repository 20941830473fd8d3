/**
 * Votes aggregated per ordered pair of models: how often `a` (model1 of the comparison) beat `b`,
 * lost to it, or tied (ties and "both bad" alike). Ratings are computed from these counts only,
 * so their cost does not grow with the number of votes.
 */
export interface PairCounts {
  a: number;
  b: number;
  winsA: number;
  winsB: number;
  ties: number;
}

/** Ratings on the Elo scale: 400·log10 odds, mean 1000. */
export const SCALE = 400;
export const BASE = 10;
export const INITIAL_RATING = 1000;
