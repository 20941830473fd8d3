import type { Kysely } from 'kysely';
import { demoModelsRetired, isDemoModel } from '../chat/arena.js';
import type { AiModel, Database } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import type { Catalog } from '../providers/catalog.js';
import { defaultLabSettings, type LabSettings } from '../settings/settings.js';
import { bradleyTerryWithIntervals, comparability } from './bootstrap.js';
import { toPairData } from './bradleyTerry.js';
import { onlineElo } from './elo.js';
import { isRuleCategory, labelledCategories, RULE_CATEGORIES } from './categories.js';
import { decideExclusions } from './hygiene.js';
import { modelStats, type ModelStats } from './modelStats.js';
import { rankRows, withStats, type Fit, type LeaderboardRow } from './ranking.js';
import { ResultCache } from './resultCache.js';
import { createRoundsPool, type RunChunk } from './roundsPool.js';
import { standings, type LeaderboardExclusions, type Standings } from './standings.js';
import { styleControlWithIntervals, type Interval, type StyleControlFit, type StyleFeature } from './styleControl.js';
import { styleBattles } from './styleVotes.js';
import { aggregateByCategory } from './categoryVotes.js';
import { bradleyTerryWithComputedIntervals } from './computedIntervals.js';
import { aggregateVotes, listExcludedVotes, noExclusions, orderedVotes, voteWatermark, type AggregateRow, type ExclusionReason, type HygieneOptions, type VoteAggregate, type VoteFilter } from './votes.js';

export type RatingMethod = 'bt' | 'elo';
/** Whose preferences a leaderboard counts: people's votes, an evaluation judge's verdicts, or both. */
export type VoteSource = 'human' | 'judge' | 'all';

/**
 * Judge verdicts as pair counts (a = the answer shown first), handed in by the evaluations
 * domain, which sits above this one: the leaderboard never reads evaluation tables itself.
 */
export interface JudgeVerdicts {
  counts(since: Date | undefined): Promise<Array<Pick<AggregateRow, 'a' | 'b' | 'outcome' | 'votes'>>>;
  watermark(): Promise<string>;
}
export type { LeaderboardRow } from './ranking.js';

export interface Leaderboard {
  method: RatingMethod;
  /** The votes counted, after every filter and exclusion. */
  votes: number;
  /** The time window actually applied (the requested one, rounded down: see bucketSince). */
  since: string | null;
  category: string | null;
  language: string | null;
  /** The min_votes_to_rank setting the `preliminary` flags follow. */
  min_votes_to_rank: number;
  style_control: boolean;
  source: VoteSource;
  /** With style control: each feature's effect on the log-odds of winning, per standard deviation of the feature, with its 95% interval. */
  style_coefficients: Record<StyleFeature, Interval> | null;
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

/**
 * Verdicts have no voter, no blind battle, no prompt features and no order in time that Elo
 * could follow: a view with them is a Bradley–Terry fit, narrowed by `since` at most.
 */
function checkJudgeView(method: RatingMethod, filter: VoteFilter, styleControl: boolean): void {
  const refused = [method !== 'bt' && 'method=elo', styleControl && 'style_control', filter.blind && 'blind', filter.userId && 'mine', filter.category && 'category', filter.language && 'language'].filter(Boolean);
  if (refused.length > 0) throw new ValidationError(`source: judge verdicts are rated with method=bt and since alone, not with ${refused.join(', ')}`);
}

/** Results held at most: the least recently read goes first. */
const CACHE_ENTRIES = 256;

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Ratings and matrices from the votes, cached per filter and per the settings they depend on (a
 * bounded LRU cache, see ResultCache): a vote on this instance invalidates at once, and any other
 * change is noticed by a cheap watermark query once a result is `freshnessMs` old.
 */
/**
 * The overview's intervals per category. A category's own leaderboard bootstraps them; a score of
 * those runs at once would take seconds, so the overview computes them (computedIntervals.ts,
 * the bootstrap's large-sample limit, in milliseconds) for a category with COMPUTED_FROM_VOTES
 * votes or more. Below that the two differ (a small sample's bootstrap interval is lopsided) and
 * OVERVIEW_ROUNDS rounds cost little, so the overview bootstraps too. Either way a rank at the
 * margin can differ from the category's own leaderboard.
 */
const COMPUTED_FROM_VOTES = 10_000;
const OVERVIEW_ROUNDS = 200;

/**
 * The overview's language columns: the languages with the most votes (with the rule and the four
 * labelled categories, twenty columns, as the benchmark measures).
 */
const OVERVIEW_LANGUAGES = 12;
const LANGUAGE_PREFIX = 'language:';

export interface CategoryOverview {
  categories: Array<{ key: string; kind: 'overall' | 'rule' | 'label' | 'language'; votes: number }>;
  models: Array<{
    model_id: string;
    model_name: string;
    provider_name: string | null;
    /** By category key; a model without votes in a category has no entry. */
    ranks: Record<string, { rank: number; rating: number; votes: number; preliminary: boolean }>;
  }>;
}

interface Context {
  filter: VoteFilter;
  settings: LabSettings;
  hideDemo: boolean;
  /** The cache key of everything above. */
  key: string;
}

/**
 * How long speed and cost figures are reused before the watermark is checked: they move slowly
 * and cost a scan of every answer (6 s on 1M comparisons on PostgreSQL, 8 s on PGlite).
 */
const STATS_FRESHNESS_MS = 15_000;

export class LeaderboardService {
  private readonly cache: ResultCache;
  private readonly statsCache: ResultCache;
  /** The speed and cost figures last computed, shown while newer ones are (see modelStats). */
  private lastStats: Map<string, ModelStats> | undefined;
  /** Moves with every price change, so that figures computed before one are not kept as the last. */
  private statsGeneration = 0;
  private readonly settings: { get(): Promise<LabSettings> };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: Catalog,
    private readonly options: { rounds: number; seed: number; freshnessMs: number; statsFreshnessMs?: number; settings?: { get(): Promise<LabSettings> }; judgeVerdicts?: JudgeVerdicts },
    private readonly pool: { run: RunChunk; close(): Promise<void> } = createRoundsPool(),
  ) {
    this.cache = new ResultCache(() => voteWatermark(db), { freshnessMs: options.freshnessMs, maxEntries: CACHE_ENTRIES });
    this.statsCache = new ResultCache(() => voteWatermark(db), { freshnessMs: options.statsFreshnessMs ?? STATS_FRESHNESS_MS, maxEntries: 1 });
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

  /** A price was set or cleared here: costs and ratings per dollar change, votes do not. */
  pricesChanged(): void {
    this.statsGeneration += 1;
    this.lastStats = undefined;
    this.statsCache.invalidate();
    this.cache.invalidate();
  }

  /** How many computed results are held (bounded). */
  get cachedResults(): number {
    return this.cache.size;
  }

  /** What a result depends on besides the votes: the filter, rounded, and the settings. */
  private async context(filter: VoteFilter): Promise<Context> {
    const [settings, active] = await Promise.all([this.settings.get(), this.catalog.activeModels()]);
    const normalized: VoteFilter = { ...filter, since: filter.since && bucketSince(filter.since) };
    const hideDemo = demoModelsRetired(active, settings.keep_demo_models);
    const key = JSON.stringify({
      ...normalized,
      cap: settings.daily_vote_cap,
      dedup: settings.dedup_prompts,
      leak: settings.identity_leak_check,
      minVotes: settings.min_votes_to_rank,
      hideDemo,
    });
    return { filter: normalized, settings, hideDemo, key };
  }

  /** The hygiene rules as the settings have them, with the votes the all-votes rules leave out (shared by every view). */
  private async hygiene(settings: LabSettings): Promise<HygieneOptions> {
    const rules = { dailyVoteCap: settings.daily_vote_cap, dedupPrompts: settings.dedup_prompts, seed: this.options.seed };
    const decided = await this.cache.get(`decided:${JSON.stringify(rules)}`, () => decideExclusions(this.db, rules));
    return { decided, identityLeak: settings.identity_leak_check };
  }

  private standings(context: Context): Promise<Standings> {
    return this.cache.get(`standings:${context.key}`, async () => {
      const [aggregate, snapshot] = await Promise.all([aggregateVotes(this.db, context.filter, await this.hygiene(context.settings)), this.catalog.snapshot()]);
      return this.tabulate(aggregate, snapshot.models, context);
    });
  }

  private judgeVerdicts(): JudgeVerdicts {
    if (!this.options.judgeVerdicts) throw new ValidationError('source: this lab has no evaluations to take judge verdicts from');
    return this.options.judgeVerdicts;
  }

  /** The judge's verdicts as votes (no answer times), with people's votes too for `all`. */
  private async withVerdicts(context: Context, source: 'judge' | 'all'): Promise<Standings> {
    const [human, verdicts, snapshot] = await Promise.all([
      source === 'all' ? aggregateVotes(this.db, context.filter, await this.hygiene(context.settings)) : { rows: [], excluded: noExclusions() },
      this.judgeVerdicts().counts(context.filter.since),
      this.catalog.snapshot(),
    ]);
    const judged = verdicts.map((row) => ({ ...row, time_a_sum: 0, time_a_count: 0, time_b_sum: 0, time_b_count: 0 }));
    return this.tabulate({ rows: [...human.rows, ...judged], excluded: human.excluded }, snapshot.models, context);
  }

  /** Standings from aggregated votes, without the votes on retired demo models (counted as left out). */
  private tabulate(aggregate: VoteAggregate, catalog: AiModel[], context: Context): Standings {
    const excluded: LeaderboardExclusions = { ...aggregate.excluded, demo: 0 };
    let rows = aggregate.rows;
    if (context.hideDemo) {
      const demo = new Set(catalog.filter(isDemoModel).map((model) => model.model_id));
      const onDemo = (row: AggregateRow) => demo.has(row.a) || demo.has(row.b);
      excluded.demo = rows.filter(onDemo).reduce((sum, row) => sum + row.votes, 0);
      rows = rows.filter((row) => !onDemo(row));
    }
    return standings(rows, catalog, excluded);
  }

  /**
   * The leaderboard of a view. With `styleControl` (Bradley–Terry only) the ratings are
   * FastChat's style-controlled ones and the answer carries the style coefficients.
   */
  async leaderboard(method: RatingMethod, requested: VoteFilter, options: { styleControl?: boolean; source?: VoteSource } = {}): Promise<Leaderboard> {
    const [ratings, stats] = await Promise.all([this.ratings(method, requested, options), this.modelStats()]);
    return { ...ratings, models: withStats(ratings.models, stats) };
  }

  /** The leaderboard without speed and cost, cached with what it was computed from. */
  private async ratings(method: RatingMethod, requested: VoteFilter, options: { styleControl?: boolean; source?: VoteSource } = {}): Promise<Leaderboard> {
    const styleControl = options.styleControl ?? false;
    const source = options.source ?? 'human';
    if (styleControl && method !== 'bt') throw new ValidationError('style_control: needs method=bt (style control is a Bradley–Terry fit)');
    if (source !== 'human') checkJudgeView(method, requested, styleControl);
    const context = await this.context(requested);
    const { filter, settings } = context;
    const verdicts = source === 'human' ? '' : `${source}@${await this.judgeVerdicts().watermark()}:`;
    return this.cache.get(`${method}:${styleControl ? 'style:' : ''}${verdicts}${context.key}`, async () => {
      const table = source === 'human' ? await this.standings(context) : await this.withVerdicts(context, source);
      const fitted: Promise<Fit & { coefficients?: StyleControlFit['coefficients'] }> = styleControl ? this.styleControl(table, context) : method === 'bt' ? this.bradleyTerry(table) : this.elo(table, context);
      const fit = await fitted;
      return {
        style_control: styleControl,
        source,
        style_coefficients: fit.coefficients ?? null,
        method,
        votes: table.votes,
        since: filter.since?.toISOString() ?? null,
        category: filter.category ?? null,
        language: filter.language ?? null,
        min_votes_to_rank: settings.min_votes_to_rank,
        excluded: table.excluded,
        computed_at: new Date().toISOString(),
        models: rankRows(table, fit, { byInterval: method === 'bt', minVotes: settings.min_votes_to_rank }),
      };
    });
  }

  private async styleControl(table: Standings, context: Context): Promise<StyleControlFit> {
    const ids = table.models.map((model) => model.model_id);
    const battles = await styleBattles(this.db, context.filter, await this.hygiene(context.settings), ids);
    return styleControlWithIntervals(ids.length, battles, { rounds: this.options.rounds, seed: this.options.seed, runChunk: this.pool.run });
  }

  private async bradleyTerry(table: Standings, rounds = this.options.rounds): Promise<Fit> {
    return bradleyTerryWithIntervals(table.models.length, table.counts, { rounds, seed: this.options.seed, runChunk: this.pool.run });
  }

  private async elo(table: Standings, context: Context): Promise<Fit> {
    const m = table.models.length;
    const index = new Map(table.models.map((model, position) => [model.model_id, position]));
    const votes = await orderedVotes(this.db, context.filter, await this.hygiene(context.settings));
    const ratings = onlineElo(
      m,
      votes.flatMap((vote) => {
        const a = index.get(vote.a);
        const b = index.get(vote.b);
        // A vote cast after the aggregation ran (or on a retired demo model) is not in this table.
        if (a === undefined || b === undefined) return [];
        return [{ a, b, scoreA: vote.outcome === 'a' ? 1 : vote.outcome === 'b' ? 0 : 0.5 }];
      }),
    );
    return { ratings, lower: undefined, upper: undefined, comparable: comparability(m, toPairData(table.counts)).comparable };
  }

  /**
   * Speed and cost per model, with a cache of their own: they do not depend on the votes a view
   * selects, but a vote can reveal an anonymous battle's models, so they are recomputed as the
   * votes move, a scan of every answer. Once known they are not waited for: a read gets the last
   * ones while newer ones are computed, and a later read the newer (a leaderboard after a vote
   * took the 6 s of that scan on 1M comparisons, not its 1.7 s). After a price change
   * (pricesChanged) the next read waits, so that an admin sees the new costs at once.
   */
  private modelStats(): Promise<Map<string, ModelStats>> {
    const generation = this.statsGeneration;
    const next = this.statsCache.get('stats', () => modelStats(this.db)).then((stats) => {
      if (generation === this.statsGeneration) this.lastStats = stats;
      return stats;
    });
    if (this.lastStats === undefined) return next;
    // A failed refresh keeps the last figures; the next read tries again.
    next.catch(() => {});
    return Promise.resolve(this.lastStats);
  }

  /**
   * Every model's Bradley–Terry rank, rating and votes in every category at once, as LMArena's
   * overview: overall, the rule categories, every labelled category, and the prompt languages
   * with the most votes. One pass over the votes aggregates every category; each is then fitted
   * with 95% intervals (ranks follow the intervals, as on the leaderboard; see COMPUTED_FROM_VOTES).
   */
  async overview(requested: VoteFilter): Promise<CategoryOverview> {
    const context = await this.context({ ...requested, category: undefined, language: undefined });
    return this.cache.get(`overview:${context.key}`, async () => {
      const [overall, byCategory, snapshot] = await Promise.all([
        this.ratings('bt', context.filter),
        aggregateByCategory(this.db, context.filter, await this.hygiene(context.settings)),
        this.catalog.snapshot(),
      ]);
      const counted = (key: string) => byCategory.get(key)?.rows.reduce((sum, row) => sum + row.votes, 0) ?? 0;
      const keys = [...byCategory.keys()];
      const languages = keys.filter((key) => key.startsWith(LANGUAGE_PREFIX)).sort((p, q) => counted(q) - counted(p) || p.localeCompare(q));
      const columns: CategoryOverview['categories'] = [
        { key: 'overall', kind: 'overall', votes: overall.votes },
        ...Object.keys(RULE_CATEGORIES).map((key) => ({ key, kind: 'rule' as const, votes: counted(key) })),
        ...keys.filter((key) => !isRuleCategory(key) && !key.startsWith(LANGUAGE_PREFIX)).sort().map((key) => ({ key, kind: 'label' as const, votes: counted(key) })),
        ...languages.slice(0, OVERVIEW_LANGUAGES).map((key) => ({ key, kind: 'language' as const, votes: counted(key) })),
      ];
      const ranked = await Promise.all(
        columns.map(async (column) => {
          if (column.kind === 'overall') return overall.models;
          const table = this.tabulate(byCategory.get(column.key) ?? { rows: [], excluded: noExclusions() }, snapshot.models, context);
          const fit =
            table.votes >= COMPUTED_FROM_VOTES
              ? await bradleyTerryWithComputedIntervals(table.models.length, table.counts, { intervals: this.options.rounds > 0, runChunk: this.pool.run })
              : await this.bradleyTerry(table, Math.min(this.options.rounds, OVERVIEW_ROUNDS));
          return rankRows(table, fit, { byInterval: true, minVotes: context.settings.min_votes_to_rank });
        }),
      );
      const models = overall.models.map((row) => ({
        model_id: row.model_id,
        model_name: row.model_name,
        provider_name: row.provider_name,
        ranks: Object.fromEntries(
          columns.flatMap((column, index) => {
            const entry = (ranked[index] as LeaderboardRow[]).find((other) => other.model_id === row.model_id);
            return entry ? [[column.key, { rank: entry.rank, rating: entry.rating, votes: entry.votes, preliminary: entry.preliminary }]] : [];
          }),
        ),
      }));
      return { categories: columns, models };
    });
  }

  /** The categories a view can be filtered by: the rule categories and every labelled one. */
  categories(): Promise<string[]> {
    return this.cache.get('categories', async () => [...new Set([...Object.keys(RULE_CATEGORIES), ...(await labelledCategories(this.db))])]);
  }

  /** Refuses a category no rule or labeller has. */
  async checkCategory(category: string): Promise<void> {
    const known = await this.categories();
    if (!known.includes(category)) throw new ValidationError(`category: no category "${category}"; known: ${known.join(', ')}`);
  }

  /** The votes some hygiene rule leaves out, for the admin's review. */
  async excludedVotes(page: { reason?: ExclusionReason | undefined; limit: number; offset: number }) {
    const settings = await this.settings.get();
    return listExcludedVotes(this.db, await this.hygiene(settings), page);
  }

  async matrix(filter: VoteFilter): Promise<WinRateMatrix> {
    const table = await this.standings(await this.context(filter));
    const order = (await this.ratings('bt', filter)).models.map((row) => table.models.findIndex((model) => model.model_id === row.model_id));
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
