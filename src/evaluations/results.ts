import type { Kysely } from 'kysely';
import type { Analyser } from '../analysis/analyser.js';
import type { AiModel, Database, Evaluation } from '../db/schema.js';
import { bradleyTerryWithIntervals } from '../ratings/bootstrap.js';
import { aggregateVotes } from '../ratings/votes.js';
import { STYLE_FEATURES, styleControlWithIntervals, type StyleBattles, type StyleFeature } from '../ratings/styleControl.js';
import { answerModels, answerTexts, answerUsage, judgedGames, judgeUsage, type JudgedGame } from './items.js';
import { consistency, pairCounts, positionBias, scoreShare, winRates, type Consistency, type Game } from './scoring.js';

export interface ModelResult {
  model_id: string;
  model_name: string;
  provider_name: string | null;
  is_baseline: boolean;
  is_judge: boolean;
  /** Arena-Hard's score against the baseline (round robin: against all opponents), 0–1. */
  win_rate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  judgments: number;
  /** Bradley–Terry rating from the verdicts (Elo scale, mean 1000) with its 95% interval. */
  rating: number | null;
  rating_ci_lower: number | null;
  rating_ci_upper: number | null;
  /** MT-Bench's consistency rule: a pair counts as a win only when both orders agree. */
  consistency: Consistency;
  /** Bradley–Terry with the leaderboard's style control (length and markdown held equal), with its interval. */
  style_rating: number | null;
  style_ci_lower: number | null;
  style_ci_upper: number | null;
  /** The style-controlled chance of beating the baseline (vs_baseline runs). */
  style_win_rate: number | null;
  answers: number;
  input_tokens: number;
  output_tokens: number;
  avg_time_ms: number | null;
  /** At the model's price; null when it has none. */
  cost: number | null;
}

export interface CategoryResult {
  category: string;
  prompts: number;
  models: Array<{ model_id: string; win_rate: number | null; ci_lower: number | null; ci_upper: number | null; judgments: number }>;
}

export interface HumanAgreementPair {
  model_a: string;
  model_b: string;
  /** Share of model_a's score against model_b in the judge's verdicts, and in human votes (ties half). */
  judge_win_rate: number;
  human_win_rate: number;
  human_votes: number;
  /** Both prefer the same model (or both call it even). */
  agree: boolean;
}

export interface EvaluationResults {
  computed_at: string;
  judge_is_contestant: boolean;
  models: ModelResult[];
  position_flip_rate: number | null;
  position_a_rate: number | null;
  pairs_judged_both_orders: number;
  verdicts: { parsed: number; unparsed: number };
  categories: CategoryResult[];
  human_agreement: { pairs: HumanAgreementPair[]; agreement_rate: number | null };
  /** What the judge spent on the verdicts. */
  judge: { model_id: string; judgments: number; input_tokens: number; output_tokens: number; cost: number | null };
  /** How much each style feature sways the judge (log-odds per standard deviation, with 95% intervals); null when it could not be fitted. */
  style_coefficients: Record<StyleFeature, { value: number; ci_lower: number; ci_upper: number }> | null;
}

export interface ResultOptions {
  rounds: number;
  seed: number;
  /** Tokenises answers off the event loop for style control; without one, no style-controlled figures. */
  analyser?: Analyser | undefined;
}

type StyleFit = Awaited<ReturnType<typeof styleControlWithIntervals>>;
const FEATURE_BATCH = 500;

/**
 * Style control as the leaderboard does it (`src/ratings/styleControl.ts`): each verdict a battle
 * (a strong one three, as in the scores), with the style features of the two answers it judged,
 * computed by the analysis worker. Undefined when there is nothing to fit or the fit refuses it.
 */
async function styleControlled(db: Kysely<Database>, evaluation: Evaluation, games: readonly Game[], m: number, index: Map<string, number>, options: ResultOptions): Promise<StyleFit | undefined> {
  if (!options.analyser) return undefined;
  const texts = await answerTexts(db, evaluation);
  const features = new Map<string, number[]>();
  for (let start = 0; start < texts.length; start += FEATURE_BATCH) {
    const batch = texts.slice(start, start + FEATURE_BATCH);
    const analysed = await options.analyser.answers(batch.map((row) => row.answer_text));
    analysed.forEach((result, offset) => {
      const row = batch[offset] as (typeof batch)[number];
      if (result.ok) features.set(`${index.get(row.model_id)}:${row.position}`, [result.value.tokens, result.value.headers, result.value.lists, result.value.bold]);
    });
  }
  const rows: Array<{ a: number; b: number; outcome: number; fa: number[]; fb: number[] }> = [];
  for (const game of games) {
    if (game.verdict === 'unparsed' || game.verdict === 'failed') continue;
    const fa = features.get(`${game.first}:${game.prompt}`);
    const fb = features.get(`${game.second}:${game.prompt}`);
    if (!fa || !fb) continue;
    const strong = game.verdict === 'A>>B' || game.verdict === 'B>>A';
    const outcome = game.verdict.startsWith('A>') ? 1 : game.verdict === 'A=B' ? 0.5 : 0;
    for (let copy = 0; copy < (strong ? 3 : 1); copy++) rows.push({ a: game.first, b: game.second, outcome, fa, fb });
  }
  if (rows.length === 0) return undefined;
  const battles: StyleBattles = {
    a: Int32Array.from(rows, (row) => row.a),
    b: Int32Array.from(rows, (row) => row.b),
    outcome: Float64Array.from(rows, (row) => row.outcome),
    featuresA: STYLE_FEATURES.map((_, k) => Float64Array.from(rows, (row) => row.fa[k] as number)),
    featuresB: STYLE_FEATURES.map((_, k) => Float64Array.from(rows, (row) => row.fb[k] as number)),
  };
  try {
    return await styleControlWithIntervals(m, battles, { rounds: options.rounds, seed: options.seed });
  } catch {
    return undefined;
  }
}

/** The chance a model of rating `rating` beats one of rating `baseline` (Elo scale). */
function beats(rating: number, baseline: number): number {
  return 1 / (1 + 10 ** ((baseline - rating) / 400));
}

async function humanAgreement(db: Kysely<Database>, ids: string[], games: readonly Game[]): Promise<EvaluationResults['human_agreement']> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const human = new Map<string, { a: number; total: number }>();
  for (const row of (await aggregateVotes(db, { blind: false, since: undefined, userId: undefined })).rows) {
    const a = index.get(row.a);
    const b = index.get(row.b);
    if (a === undefined || b === undefined || a === b) continue;
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = `${x}:${y}`;
    const entry = human.get(key) ?? { a: 0, total: 0 };
    const xWon = row.outcome === 'tie' ? 0.5 : (row.outcome === 'a') === (a === x) ? 1 : 0;
    entry.a += xWon * row.votes;
    entry.total += row.votes;
    human.set(key, entry);
  }
  const pairs: HumanAgreementPair[] = [];
  for (const [key, votes] of human) {
    const [x, y] = key.split(':').map(Number) as [number, number];
    const judge = scoreShare(games, x, y);
    if (judge === undefined || votes.total === 0) continue;
    const humanRate = votes.a / votes.total;
    pairs.push({
      model_a: ids[x] as string,
      model_b: ids[y] as string,
      judge_win_rate: judge,
      human_win_rate: humanRate,
      human_votes: votes.total,
      agree: Math.sign(judge - 0.5) === Math.sign(humanRate - 0.5),
    });
  }
  return { pairs, agreement_rate: pairs.length > 0 ? pairs.filter((pair) => pair.agree).length / pairs.length : null };
}

function toGames(rows: readonly JudgedGame[], index: Map<string, number>): Game[] {
  return rows.map((row) => ({ prompt: row.position, first: index.get(row.first_id) as number, second: index.get(row.second_id) as number, verdict: row.verdict }));
}

/**
 * The results of a run from its stored verdicts: win rates with bootstrap intervals (overall and
 * per category), Bradley–Terry ratings with the leaderboard's bootstrap, MT-Bench consistency,
 * position bias, agreement with human votes, and each model's tokens and time.
 */
export async function computeResults(db: Kysely<Database>, evaluation: Evaluation, models: Map<string, AiModel>, options: ResultOptions): Promise<EvaluationResults> {
  const ids = answerModels(evaluation);
  const index = new Map(ids.map((id, i) => [id, i]));
  const baseline = evaluation.baseline_model_id ? index.get(evaluation.baseline_model_id) : undefined;
  const rows = await judgedGames(db, evaluation);
  const games = toGames(rows, index);
  const m = ids.length;

  const rates = winRates(m, baseline, games, options);
  const bt = await bradleyTerryWithIntervals(m, pairCounts(games), options);
  const consistent = consistency(m, games);
  const bias = positionBias(games);
  const usage = new Map((await answerUsage(db, evaluation)).map((row) => [row.model_id, row]));
  const style = await styleControlled(db, evaluation, games, m, index, options);

  const categories = [...new Set(rows.map((row) => row.category).filter((category): category is string => category !== null))].sort();
  const byCategory = categories.map((category): CategoryResult => {
    const inCategory = toGames(
      rows.filter((row) => row.category === category),
      index,
    );
    const categoryRates = winRates(m, baseline, inCategory, options);
    return {
      category,
      prompts: new Set(inCategory.map((game) => game.prompt)).size,
      models: ids.map((model_id, i) => ({ model_id, ...(categoryRates[i] as (typeof categoryRates)[number]) })),
    };
  });

  const hasGames = (i: number) => games.some((game) => game.verdict !== 'unparsed' && game.verdict !== 'failed' && (game.first === i || game.second === i));
  const styleOf = (i: number) => {
    if (!style || !hasGames(i)) return { style_rating: null, style_ci_lower: null, style_ci_upper: null, style_win_rate: null };
    const rating = style.ratings[i] as number;
    const base = baseline === undefined ? undefined : (style.ratings[baseline] as number);
    return {
      style_rating: rating,
      style_ci_lower: style.lower[i] as number,
      style_ci_upper: style.upper[i] as number,
      style_win_rate: base === undefined ? null : i === baseline ? 0.5 : beats(rating, base),
    };
  };
  const modelResults = ids.map((model_id, i): ModelResult => {
    const model = models.get(model_id);
    const used = usage.get(model_id);
    const rate = rates[i] as (typeof rates)[number];
    return {
      model_id,
      model_name: model?.model_name ?? '(deleted model)',
      provider_name: model?.provider_name ?? null,
      is_baseline: i === baseline,
      is_judge: model_id === evaluation.judge_model_id,
      ...rate,
      rating: hasGames(i) ? (bt.ratings[i] as number) : null,
      rating_ci_lower: hasGames(i) ? (bt.lower[i] as number) : null,
      rating_ci_upper: hasGames(i) ? (bt.upper[i] as number) : null,
      consistency: consistent[i] as Consistency,
      ...styleOf(i),
      answers: used?.answers ?? 0,
      input_tokens: used?.input_tokens ?? 0,
      output_tokens: used?.output_tokens ?? 0,
      avg_time_ms: used && used.answers > 0 ? Math.round(used.time_ms / used.answers) : null,
      cost: used?.cost ?? null,
    };
  });
  modelResults.sort((a, b) => (b.win_rate ?? -1) - (a.win_rate ?? -1));

  const unparsed = rows.filter((row) => row.verdict === 'unparsed').length;
  const judge = await judgeUsage(db, evaluation);
  return {
    computed_at: new Date().toISOString(),
    judge_is_contestant: ids.includes(evaluation.judge_model_id),
    models: modelResults,
    position_flip_rate: bias.flip_rate,
    position_a_rate: bias.position_a_rate,
    pairs_judged_both_orders: bias.pairs,
    verdicts: { parsed: rows.length - unparsed, unparsed },
    categories: byCategory,
    human_agreement: await humanAgreement(db, ids, games),
    judge: { model_id: judge.model_id, judgments: judge.judgments, input_tokens: judge.input_tokens, output_tokens: judge.output_tokens, cost: judge.cost },
    style_coefficients: style ? style.coefficients : null,
  };
}
