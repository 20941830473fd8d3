import { describe, expect, it } from 'vitest';
import type { StoredVerdict } from '../db/schema.js';
import { seededRandom } from '../random.js';
import { consistency, pairCounts, positionBias, winRates, type Game } from './scoring.js';

const OPTIONS = { rounds: 1000, seed: 7 };
const BASELINE = 0;

/** Both orders of model `model` against the baseline on `prompts` prompts, verdicts from `judge`. */
function versusBaseline(model: number, prompts: number, judge: (first: number, second: number, prompt: number) => StoredVerdict): Game[] {
  const games: Game[] = [];
  for (let prompt = 0; prompt < prompts; prompt++) {
    games.push({ prompt, first: BASELINE, second: model, verdict: judge(BASELINE, model, prompt) });
    games.push({ prompt, first: model, second: BASELINE, verdict: judge(model, BASELINE, prompt) });
  }
  return games;
}

describe('winRates', () => {
  it('a judge that always prefers position A gives every model exactly 50%: the swap cancels it', () => {
    const games = [...versusBaseline(1, 50, () => 'A>B'), ...versusBaseline(2, 50, () => 'A>>B')];
    const rates = winRates(3, BASELINE, games, OPTIONS);
    expect(rates[1]?.win_rate).toBe(0.5);
    expect(rates[2]?.win_rate).toBe(0.5);
    expect(rates[0]).toMatchObject({ win_rate: 0.5, ci_lower: 0.5, ci_upper: 0.5 });
    // Every prompt scores 0.5 for the model, so no resample can move it.
    expect(rates[1]).toMatchObject({ ci_lower: 0.5, ci_upper: 0.5, judgments: 100 });
  });

  it('a judge that prefers one model gives it the win, with an interval that excludes 50%', () => {
    const random = seededRandom(3);
    // Model 1 wins 75% of the judgments against the baseline, model 2 wins 50% of them.
    const games = [
      ...versusBaseline(1, 80, (first) => (random() < 0.75 ? (first === 1 ? 'A>B' : 'B>A') : first === 1 ? 'B>A' : 'A>B')),
      ...versusBaseline(2, 80, (first) => (random() < 0.5 ? (first === 2 ? 'A>B' : 'B>A') : first === 2 ? 'B>A' : 'A>B')),
    ];
    const rates = winRates(3, BASELINE, games, OPTIONS);
    const one = rates[1];
    expect(one?.win_rate).toBeGreaterThan(0.65);
    expect(one?.ci_lower).toBeGreaterThan(0.5);
    expect(one?.ci_upper).toBeGreaterThanOrEqual(one?.win_rate as number);
    const two = rates[2];
    expect(two?.ci_lower).toBeLessThan(0.5);
    expect(two?.ci_upper).toBeGreaterThan(0.5);
  });

  it('weighs a strong verdict three times and a tie as half a win (Arena-Hard)', () => {
    // One prompt: baseline first, model much better ([[B>>A]]): 3 × 1; model first, tie: 1 × 0.5.
    const games: Game[] = [
      { prompt: 0, first: BASELINE, second: 1, verdict: 'B>>A' },
      { prompt: 0, first: 1, second: BASELINE, verdict: 'A=B' },
    ];
    expect(winRates(2, BASELINE, games, OPTIONS)[1]?.win_rate).toBeCloseTo(3.5 / 4, 12);
  });

  it('leaves unparsed and failed verdicts out', () => {
    const games: Game[] = [
      { prompt: 0, first: BASELINE, second: 1, verdict: 'unparsed' },
      { prompt: 0, first: 1, second: BASELINE, verdict: 'A>B' },
      { prompt: 1, first: 1, second: BASELINE, verdict: 'failed' },
    ];
    expect(winRates(2, BASELINE, games, OPTIONS)[1]).toMatchObject({ win_rate: 1, judgments: 1 });
  });

  it('is reproducible from its seed, and a model with no judgments has no rate', () => {
    const random = seededRandom(5);
    const games = versusBaseline(1, 30, () => (random() < 0.6 ? 'A>B' : 'B>A'));
    expect(winRates(3, BASELINE, games, OPTIONS)).toEqual(winRates(3, BASELINE, games, OPTIONS));
    expect(winRates(3, BASELINE, games, OPTIONS)[2]).toEqual({ win_rate: null, ci_lower: null, ci_upper: null, judgments: 0 });
  });

  it('without a baseline (round robin) scores every model against all its opponents', () => {
    // 0 beats 1 and 2 every time, 1 beats 2.
    const games: Game[] = [];
    for (const [x, y] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      games.push({ prompt: 0, first: x, second: y, verdict: 'A>B' }, { prompt: 0, first: y, second: x, verdict: 'B>A' });
    }
    const rates = winRates(3, undefined, games, { rounds: 10, seed: 1 }).map((rate) => rate.win_rate);
    expect(rates).toEqual([1, 0.5, 0]);
  });
});

describe('consistency and position bias', () => {
  it('counts a win only when both orders agree (MT-Bench), and measures how often the order flipped the verdict', () => {
    const games: Game[] = [
      // Prompt 0: both orders prefer model 1 → a win for 1.
      { prompt: 0, first: 0, second: 1, verdict: 'B>A' },
      { prompt: 0, first: 1, second: 0, verdict: 'A>>B' },
      // Prompt 1: each order prefers position A → inconsistent, a tie, and a flip.
      { prompt: 1, first: 0, second: 1, verdict: 'A>B' },
      { prompt: 1, first: 1, second: 0, verdict: 'A>B' },
      // Prompt 2: a tie and a win → a tie, and a flip.
      { prompt: 2, first: 0, second: 1, verdict: 'A=B' },
      { prompt: 2, first: 1, second: 0, verdict: 'A>B' },
      // Prompt 3: one order unparsed → left out of both figures.
      { prompt: 3, first: 0, second: 1, verdict: 'unparsed' },
      { prompt: 3, first: 1, second: 0, verdict: 'A>B' },
    ];
    expect(consistency(2, games)).toEqual([
      { wins: 0, losses: 1, ties: 2, win_rate: 1 / 3 },
      { wins: 1, losses: 0, ties: 2, win_rate: 2 / 3 },
    ]);
    const bias = positionBias(games);
    expect(bias).toMatchObject({ pairs: 3, flipped: 2 });
    expect(bias.flip_rate).toBeCloseTo(2 / 3, 12);
    // Decisive parsed verdicts: B>A, A>>B, A>B, A>B, A>B, A>B → 5 of 6 favour position A.
    expect(bias.position_a_rate).toBeCloseTo(5 / 6, 12);
  });

  it('a position-A judge flips every pair', () => {
    const games = versusBaseline(1, 10, () => 'A>B');
    expect(positionBias(games)).toMatchObject({ pairs: 10, flipped: 10, flip_rate: 1, position_a_rate: 1 });
  });
});

it('pairCounts turns judgments into weighted pair counts (a = the model shown first)', () => {
  const games: Game[] = [
    { prompt: 0, first: 0, second: 1, verdict: 'A>>B' },
    { prompt: 1, first: 0, second: 1, verdict: 'B>A' },
    { prompt: 2, first: 0, second: 1, verdict: 'A=B' },
    { prompt: 2, first: 1, second: 0, verdict: 'unparsed' },
  ];
  expect(pairCounts(games)).toEqual([{ a: 0, b: 1, winsA: 3, winsB: 1, ties: 1 }]);
});
