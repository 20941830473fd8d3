import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/users.js';
import type { AiModel, Database, Evaluation, EvaluationMode, GenerationSettings } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Catalog } from '../providers/catalog.js';
import { canonicalJson, sha256 } from './hashing.js';
import { answerModels, judgedOrders, type ItemCounts } from './items.js';
import { DEFAULT_JUDGE_PROMPT_ID, readableJudgePrompt } from './judgePrompts.js';
import { activeMs, cancelRun, pauseRun, resumeRun } from './lifecycle.js';
import { readableSet, versionOf } from './promptSets.js';
import { computeResults, type EvaluationResults, type ResultOptions } from './results.js';
import type { EvaluationRunner } from './runner.js';

export interface CreateEvaluationInput {
  prompt_set_id: string;
  prompt_set_version?: number | undefined;
  mode: EvaluationMode;
  model_ids: string[];
  baseline_model_id?: string | undefined;
  judge_model_id: string;
  judge_prompt_id?: string | undefined;
  name?: string | undefined;
  system_prompt?: string | undefined;
}

export interface StageProgress {
  done: number;
  total: number;
  failed: number;
  reused: number;
}

export interface Progress {
  answers: StageProgress;
  judgments: StageProgress & { unparsed: number; blocked: number };
  /** Items that will not be done in this attempt: failed answers and judgments, and judgments blocked by them. */
  failures: number;
  tokens: { input: number; output: number };
  /** At the models' prices (admin: model prices); items of unpriced models count nothing. */
  cost: number;
  /** Every model that did work has a price, so `cost` is the whole cost. */
  cost_complete: boolean;
  /** Time spent running, paused spans left out. */
  elapsed_ms: number;
  /** At this run's own pace so far; null until it has done something, and once it stops running. */
  eta_ms: number | null;
  fraction: number;
}

export interface EvaluationView {
  evaluation: Evaluation;
  progress: Progress;
  results: EvaluationResults | null;
}

function progressOf(run: Evaluation, counts: ItemCounts, now = Date.now()): Progress {
  const a = counts.answers;
  const j = counts.judgments;
  const elapsed = activeMs(run, now);
  const remaining = a.total - a.done - a.failed + (j.total - j.done - j.failed - j.blocked);
  const rate = counts.produced > 0 && elapsed > 0 ? counts.produced / elapsed : undefined;
  const total = a.total + j.total;
  return {
    answers: { done: a.done, total: a.total, failed: a.failed, reused: a.reused },
    judgments: { done: j.done, total: j.total, failed: j.failed, reused: j.reused, unparsed: j.unparsed, blocked: j.blocked },
    failures: a.failed + j.failed + j.blocked,
    tokens: { input: a.input_tokens + j.input_tokens, output: a.output_tokens + j.output_tokens },
    cost: a.cost + j.cost,
    cost_complete: a.priced && j.priced,
    elapsed_ms: elapsed,
    eta_ms: run.status === 'running' && rate !== undefined ? Math.round(remaining / rate) : run.status === 'done' ? 0 : null,
    fraction: total > 0 ? (total - remaining) / total : 1,
  };
}

const PARTIAL_RESULTS_MS = 5_000;

/** What the API does with evaluations: checks, access rules (owner or admin), views. */
export class EvaluationService {
  private readonly partial = new Map<string, { at: number; results: Promise<EvaluationResults> }>();

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      runner: EvaluationRunner;
      catalog: Catalog;
      results: ResultOptions;
    },
  ) {}

  private async model(id: string, field: string): Promise<AiModel> {
    const model = await this.deps.catalog.model(id);
    if (!model) throw new ValidationError(`${field}: no model with this id`);
    return model;
  }

  async create(user: SessionUser, input: CreateEvaluationInput): Promise<Evaluation> {
    const { db } = this.deps;
    const set = await readableSet(db, user, input.prompt_set_id).catch(() => {
      throw new ValidationError('prompt_set_id: no prompt set with this id that you can use');
    });
    const version = await versionOf(db, set, input.prompt_set_version).catch(() => {
      throw new ValidationError(`prompt_set_version: the set has no version ${input.prompt_set_version}`);
    });
    const models = [...new Set(input.model_ids)];
    if (models.length !== input.model_ids.length) throw new ValidationError('model_ids: a model is listed twice');
    for (const [index, id] of models.entries()) await this.model(id, `model_ids.${index}`);
    let baseline: string | null = null;
    if (input.mode === 'vs_baseline') {
      if (!input.baseline_model_id) throw new ValidationError('baseline_model_id: required in vs_baseline mode');
      if (models.includes(input.baseline_model_id)) throw new ValidationError('baseline_model_id: the baseline must not also be among model_ids');
      await this.model(input.baseline_model_id, 'baseline_model_id');
      baseline = input.baseline_model_id;
    } else {
      if (input.baseline_model_id) throw new ValidationError('baseline_model_id: only vs_baseline runs have a baseline');
      if (models.length < 2) throw new ValidationError('model_ids: round_robin needs at least two models');
    }
    await this.model(input.judge_model_id, 'judge_model_id');
    const judgePrompt = await readableJudgePrompt(db, user, input.judge_prompt_id ?? DEFAULT_JUDGE_PROMPT_ID).catch(() => {
      throw new ValidationError('judge_prompt_id: no judge prompt with this id that you can use');
    });
    const generation: GenerationSettings = input.system_prompt ? { system_prompt: input.system_prompt } : {};
    const shape = { model_ids: models, baseline_model_id: baseline, mode: input.mode };
    const evaluation = await db
      .insertInto('evaluations')
      .values({
        user_id: user.user_id,
        name: input.name?.trim() || null,
        prompt_set_id: set.prompt_set_id,
        prompt_set_version: version.version,
        mode: input.mode,
        model_ids: models,
        baseline_model_id: baseline,
        judge_model_id: input.judge_model_id,
        judge_prompt_id: judgePrompt.judge_prompt_id,
        judge_prompt_version: judgePrompt.latest_version,
        generation_settings: JSON.stringify(generation),
        settings_hash: sha256(canonicalJson(generation)),
        status: 'queued',
        answers_total: version.prompt_count * answerModels(shape).length,
        judgments_total: version.prompt_count * judgedOrders(shape).length,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.deps.runner.admit(user.user_id);
    return this.readable(user, evaluation.evaluation_id);
  }

  /** The run if the caller may see it (its owner, or an admin); else 404. */
  async readable(user: SessionUser, evaluationId: string): Promise<Evaluation> {
    const run = await this.deps.db.selectFrom('evaluations').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirst();
    if (!run || (run.user_id !== user.user_id && user.role !== 'admin')) throw new NotFoundError('Evaluation not found');
    return run;
  }

  list(user: SessionUser, all: boolean): Promise<Evaluation[]> {
    let query = this.deps.db.selectFrom('evaluations').selectAll().orderBy('created_at', 'desc').orderBy('evaluation_id').limit(200);
    if (!(all && user.role === 'admin')) query = query.where('user_id', '=', user.user_id);
    return query.execute();
  }

  async progress(run: Evaluation): Promise<Progress> {
    return progressOf(run, await this.deps.runner.counts(run));
  }

  /** The stored results of a finished run; for a live one, results from what is judged so far when asked. */
  async results(run: Evaluation, partial: boolean): Promise<EvaluationResults | null> {
    if (run.results) return run.results as EvaluationResults;
    if (!partial) return null;
    const now = Date.now();
    const cached = this.partial.get(run.evaluation_id);
    if (cached && now - cached.at < PARTIAL_RESULTS_MS) return cached.results;
    const models = new Map((await this.deps.catalog.snapshot()).models.map((model) => [model.model_id, model]));
    const results = computeResults(this.deps.db, run, models, this.deps.results);
    this.partial.set(run.evaluation_id, { at: now, results });
    results.catch(() => this.partial.delete(run.evaluation_id));
    return results;
  }

  async view(user: SessionUser, evaluationId: string, partial = false): Promise<EvaluationView> {
    const evaluation = await this.readable(user, evaluationId);
    const [progress, results] = await Promise.all([this.progress(evaluation), this.results(evaluation, partial)]);
    return { evaluation, progress, results };
  }

  private async change(user: SessionUser, evaluationId: string, action: (db: Kysely<Database>, run: Evaluation) => Promise<Evaluation>): Promise<EvaluationView> {
    const run = await this.readable(user, evaluationId);
    const moved = await action(this.deps.db, run);
    this.deps.runner.forget(evaluationId);
    // A run that stopped frees a slot; one that resumed waits for one.
    await this.deps.runner.admit(moved.user_id);
    return this.view(user, evaluationId);
  }

  pause(user: SessionUser, evaluationId: string): Promise<EvaluationView> {
    return this.change(user, evaluationId, pauseRun);
  }

  resume(user: SessionUser, evaluationId: string): Promise<EvaluationView> {
    return this.change(user, evaluationId, resumeRun);
  }

  cancel(user: SessionUser, evaluationId: string): Promise<EvaluationView> {
    return this.change(user, evaluationId, cancelRun);
  }

  async promptCount(run: Evaluation): Promise<number> {
    const row = await this.deps.db
      .selectFrom('prompt_set_versions')
      .select('prompt_count')
      .where('prompt_set_id', '=', run.prompt_set_id)
      .where('version', '=', run.prompt_set_version)
      .executeTakeFirst();
    return row?.prompt_count ?? 0;
  }

  /** Model rows by id, for naming models in views (deleted ones are absent). */
  async modelNames(): Promise<Map<string, AiModel>> {
    return new Map((await this.deps.catalog.snapshot()).models.map((model) => [model.model_id, model]));
  }

  /** A run's deletion: its answers and judgments stay (other runs may reuse them), unlinked. */
  async remove(user: SessionUser, evaluationId: string): Promise<void> {
    const run = await this.readable(user, evaluationId);
    if (run.status === 'running' || run.status === 'queued') await cancelRun(this.deps.db, run);
    await this.deps.db.deleteFrom('evaluations').where('evaluation_id', '=', evaluationId).execute();
    this.deps.runner.forget(evaluationId);
  }
}
