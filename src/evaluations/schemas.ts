import { z } from '@hono/zod-openapi';
import type { AiModel, Evaluation } from '../db/schema.js';
import { isoOrNull, timestampSchema } from '../http/json.js';
import type { JudgePromptSummary } from './judgePrompts.js';
import { MAX_PROMPTS, promptInputSchema } from './promptImport.js';
import type { PromptSetSummary, VersionSummary } from './promptSets.js';
import type { EvaluationView } from './service.js';

export const idParam = z.object({ id: z.uuid() });
export const scopeQuery = z.object({
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'Admins: everyone’s, not just their own' }),
});

const sideErrorSchema = z.object({ category: z.string(), message: z.string() }).nullable();

// Prompt sets

export const createPromptSetSchema = z
  .object({
    name: z.string().min(1).max(200),
    prompts: z.array(promptInputSchema).min(1, 'must hold at least one prompt').max(MAX_PROMPTS, `at most ${MAX_PROMPTS} prompts`),
  })
  .openapi('CreatePromptSet');
export const updatePromptSetSchema = z
  .object({ name: z.string().min(1).max(200).optional(), prompts: createPromptSetSchema.shape.prompts })
  .openapi('UpdatePromptSet', { description: 'Replaces the prompts: a new version' });

export const importQuery = z.object({ name: z.string().min(1).max(200).optional() });
export const promptSetQuery = z.object({
  version: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).max(MAX_PROMPTS).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
export const exportQuery = z.object({ version: z.coerce.number().int().min(1).optional(), format: z.enum(['jsonl', 'csv']).default('jsonl') });

const versionSchema = z.object({ version: z.number().int(), prompt_count: z.number().int(), created_at: timestampSchema });
export const promptSetSchema = z
  .object({
    prompt_set_id: z.uuid(),
    user_id: z.uuid(),
    name: z.string(),
    latest_version: z.number().int(),
    /** The version this answer describes (the newest unless one was asked for). */
    version: z.number().int(),
    prompt_count: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi('PromptSet');
const storedPromptSchema = z
  .object({ position: z.number().int(), id: z.string(), prompt: z.string(), category: z.string().nullable(), reference: z.string().nullable() })
  .openapi('StoredPrompt');
export const promptSetDetailSchema = promptSetSchema
  .extend({ versions: z.array(versionSchema), prompts: z.array(storedPromptSchema), offset: z.number().int() })
  .openapi('PromptSetDetail');

export function toPromptSetJson(set: PromptSetSummary, version = set.latest_version): z.infer<typeof promptSetSchema> {
  return {
    prompt_set_id: set.prompt_set_id,
    user_id: set.user_id,
    name: set.name,
    latest_version: set.latest_version,
    version,
    prompt_count: set.prompt_count,
    created_at: isoOrNull(set.created_at),
    updated_at: isoOrNull(set.updated_at),
  };
}

export function toVersionJson(version: VersionSummary) {
  return { ...version, created_at: isoOrNull(version.created_at) };
}


// Judge prompts

export const judgePromptInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    system_prompt: z.string().min(1).max(50_000),
    prompt_template: z.string().min(1).max(50_000).openapi({ description: 'Placeholders {question}, {answer_a}, {answer_b} (required) and {reference}' }),
  })
  .openapi('JudgePromptInput');
export const judgePromptPatchSchema = judgePromptInputSchema.partial().openapi('JudgePromptPatch');
export const judgePromptSchema = z
  .object({
    judge_prompt_id: z.uuid(),
    user_id: z.uuid().nullable(),
    name: z.string(),
    latest_version: z.number().int(),
    built_in: z.boolean(),
    system_prompt: z.string(),
    prompt_template: z.string(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi('JudgePrompt');

export function toJudgePromptJson(prompt: JudgePromptSummary): z.infer<typeof judgePromptSchema> {
  return { ...prompt, created_at: isoOrNull(prompt.created_at), updated_at: isoOrNull(prompt.updated_at) };
}

// Evaluations

export const createEvaluationSchema = z
  .object({
    prompt_set_id: z.uuid(),
    prompt_set_version: z.number().int().min(1).optional().openapi({ description: 'Default: the newest version' }),
    mode: z.enum(['vs_baseline', 'round_robin']),
    model_ids: z.array(z.uuid()).min(1).max(20),
    baseline_model_id: z.uuid().optional(),
    judge_model_id: z.uuid(),
    judge_prompt_id: z.uuid().optional().openapi({ description: 'Default: the built-in Arena-Hard-style prompt; its newest version is used' }),
    name: z.string().max(200).optional(),
    system_prompt: z.string().max(10_000).optional().openapi({ description: 'Given to every answering model; part of what makes answers reusable' }),
  })
  .openapi('CreateEvaluation');

const stageSchema = z.object({ done: z.number().int(), total: z.number().int(), failed: z.number().int(), reused: z.number().int() });
const progressSchema = z
  .object({
    answers: stageSchema,
    judgments: stageSchema.extend({ unparsed: z.number().int(), blocked: z.number().int().openapi({ description: 'Judgments that cannot be made because an answer failed' }) }),
    failures: z.number().int(),
    tokens: z.object({ input: z.number().int(), output: z.number().int() }),
    cost: z.number().openapi({ description: 'At the models’ prices; items of models without a price count nothing' }),
    cost_complete: z.boolean().openapi({ description: 'Every model that did work has a price' }),
    elapsed_ms: z.number().int(),
    eta_ms: z.number().int().nullable(),
    fraction: z.number().openapi({ description: 'Share of all items that are settled, 0–1' }),
  })
  .openapi('EvaluationProgress');

const interval = { ci_lower: z.number().nullable(), ci_upper: z.number().nullable() };
const modelResultSchema = z
  .object({
    model_id: z.uuid(),
    model_name: z.string(),
    provider_name: z.string().nullable(),
    is_baseline: z.boolean(),
    is_judge: z.boolean(),
    win_rate: z.number().nullable().openapi({ description: 'Arena-Hard score against the baseline (round robin: against all opponents), 0–1' }),
    ...interval,
    judgments: z.number().int(),
    rating: z.number().nullable(),
    rating_ci_lower: z.number().nullable(),
    rating_ci_upper: z.number().nullable(),
    consistency: z.object({ wins: z.number().int(), losses: z.number().int(), ties: z.number().int(), win_rate: z.number().nullable() }),
    style_rating: z.number().nullable().openapi({ description: 'Bradley–Terry with the leaderboard’s style control (answer length and markdown held equal)' }),
    style_ci_lower: z.number().nullable(),
    style_ci_upper: z.number().nullable(),
    style_win_rate: z.number().nullable().openapi({ description: 'Style-controlled chance of beating the baseline (vs_baseline runs)' }),
    answers: z.number().int(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    avg_time_ms: z.number().nullable(),
    cost: z.number().nullable(),
  })
  .openapi('EvaluationModelResult');
export const resultsSchema = z
  .object({
    computed_at: z.string(),
    judge_is_contestant: z.boolean(),
    models: z.array(modelResultSchema),
    position_flip_rate: z.number().nullable().openapi({ description: 'Share of pairs whose verdict changed when the answers swapped places' }),
    position_a_rate: z.number().nullable(),
    pairs_judged_both_orders: z.number().int(),
    verdicts: z.object({ parsed: z.number().int(), unparsed: z.number().int() }),
    categories: z.array(
      z.object({
        category: z.string(),
        prompts: z.number().int(),
        models: z.array(z.object({ model_id: z.uuid(), win_rate: z.number().nullable(), ...interval, judgments: z.number().int() })),
      }),
    ),
    human_agreement: z.object({
      pairs: z.array(
        z.object({ model_a: z.uuid(), model_b: z.uuid(), judge_win_rate: z.number(), human_win_rate: z.number(), human_votes: z.number().int(), agree: z.boolean() }),
      ),
      agreement_rate: z.number().nullable(),
    }),
    judge: z.object({ model_id: z.uuid(), judgments: z.number().int(), input_tokens: z.number().int(), output_tokens: z.number().int(), cost: z.number().nullable() }),
    style_coefficients: z
      .record(z.enum(['length', 'header', 'list', 'bold']), z.object({ value: z.number(), ci_lower: z.number(), ci_upper: z.number() }))
      .nullable()
      .openapi({ description: 'How much each style feature sways the judge: log-odds per standard deviation, with 95% intervals' }),
  })
  .openapi('EvaluationResults');

const modelRefSchema = z.object({ model_id: z.uuid(), model_name: z.string(), provider_name: z.string().nullable() });
export const evaluationSchema = z
  .object({
    evaluation_id: z.uuid(),
    user_id: z.uuid(),
    name: z.string().nullable(),
    prompt_set_id: z.uuid(),
    prompt_set_version: z.number().int(),
    mode: z.enum(['vs_baseline', 'round_robin']),
    model_ids: z.array(z.uuid()),
    baseline_model_id: z.uuid().nullable(),
    judge_model_id: z.uuid(),
    judge_prompt_id: z.uuid(),
    judge_prompt_version: z.number().int(),
    system_prompt: z.string().nullable(),
    status: z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']),
    attempt: z.number().int(),
    error: z.string().nullable(),
    models: z.array(modelRefSchema).openapi({ description: 'Every model of the run (the baseline and the judge included), named' }),
    created_at: timestampSchema,
    started_at: timestampSchema,
    finished_at: timestampSchema,
  })
  .openapi('Evaluation');
export const evaluationViewSchema = evaluationSchema.extend({ progress: progressSchema, results: z.union([resultsSchema, z.null()]) }).openapi('EvaluationView');

export function toEvaluationJson(run: Evaluation, names: Map<string, AiModel>): z.infer<typeof evaluationSchema> {
  const ids = [...new Set([...run.model_ids, ...(run.baseline_model_id ? [run.baseline_model_id] : []), run.judge_model_id])];
  return {
    evaluation_id: run.evaluation_id,
    user_id: run.user_id,
    name: run.name,
    prompt_set_id: run.prompt_set_id,
    prompt_set_version: run.prompt_set_version,
    mode: run.mode,
    model_ids: run.model_ids,
    baseline_model_id: run.baseline_model_id,
    judge_model_id: run.judge_model_id,
    judge_prompt_id: run.judge_prompt_id,
    judge_prompt_version: run.judge_prompt_version,
    system_prompt: run.generation_settings.system_prompt ?? null,
    status: run.status,
    attempt: run.attempt,
    error: run.error,
    models: ids.map((model_id) => ({ model_id, model_name: names.get(model_id)?.model_name ?? '(deleted model)', provider_name: names.get(model_id)?.provider_name ?? null })),
    created_at: isoOrNull(run.created_at),
    started_at: isoOrNull(run.started_at),
    finished_at: isoOrNull(run.finished_at),
  };
}

export function toViewJson(view: EvaluationView, names: Map<string, AiModel>): z.infer<typeof evaluationViewSchema> {
  return { ...toEvaluationJson(view.evaluation, names), progress: view.progress, results: view.results };
}

export const drillQuery = z.object({
  offset: z.coerce.number().int().min(0).max(MAX_PROMPTS).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const drillPromptSchema = z
  .object({
    position: z.number().int(),
    id: z.string(),
    category: z.string().nullable(),
    prompt: z.string(),
    reference: z.string().nullable(),
    answers: z.array(
      z.object({
        model_id: z.uuid(),
        answer_text: z.string(),
        error: sideErrorSchema,
        input_tokens: z.number().int().nullable(),
        output_tokens: z.number().int().nullable(),
        time_ms: z.number().int().nullable(),
      }),
    ),
    judgments: z.array(
      z.object({
        first_id: z.uuid().openapi({ description: 'The model whose answer the judge saw first (position A)' }),
        second_id: z.uuid(),
        verdict: z.enum(['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A', 'unparsed', 'failed']),
        judgment_text: z.string(),
        attempts: z.number().int(),
        error: sideErrorSchema,
      }),
    ),
  })
  .openapi('EvaluationPrompt');
export const drillPageSchema = z.object({ offset: z.number().int(), total: z.number().int(), prompts: z.array(drillPromptSchema) }).openapi('EvaluationPrompts');


export const evaluationExportQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  content: z.enum(['results', 'judgments']).default('results').openapi({ description: 'CSV only: the per-model results table, or one row per judgment' }),
});

