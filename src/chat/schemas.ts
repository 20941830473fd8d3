import { z } from '@hono/zod-openapi';
import type { Comparison, ModelVote, Thread } from '../db/schema.js';
import { isoOrNull, orNull, timestampSchema } from '../http/json.js';
import { storableString } from '../http/storableText.js';
import { type AnswerStats, answerStatsSchema } from './answerStats.js';
import type { MessageView, PublicThread, ThreadSummary } from './threads.js';
import { VISIBILITIES } from './threads.js';

/** The hard cap of a prompt; the `max_prompt_chars` setting sets the working limit (413 above it). */
const PROMPT_CAP = 1_000_000;
const prompt = storableString().min(1, 'must not be empty').max(PROMPT_CAP).refine((value) => value.trim() !== '', 'must not be blank');

export const visibilitySchema = z.enum(VISIBILITIES).openapi('Visibility');
export const outcomeSchema = z.enum(['model1', 'model2', 'tie', 'both_bad']).openapi('Outcome');
export const modeSchema = z.enum(['named', 'anonymous']).openapi('BattleMode');
export const sideSchema = z.enum(['model1', 'model2']).openapi('Side');

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const idParam = z.object({ id: z.uuid() });

export const threadSchema = z
  .object({ thread_id: z.uuid(), user_id: z.uuid().nullable(), title: z.string().nullable(), visibility: z.string().nullable(), created_at: timestampSchema })
  .openapi('Thread');

export function toThreadJson(thread: Thread): z.infer<typeof threadSchema> {
  return { thread_id: thread.thread_id, user_id: thread.user_id, title: thread.title, visibility: thread.visibility, created_at: isoOrNull(thread.created_at) };
}

export const threadSummarySchema = threadSchema
  .extend({
    kind: z.enum(['battle', 'chat']).openapi({ description: 'battle: it holds arena turns (open it in the arena); chat: single-model turns' }),
    preview: z.string().nullable().openapi({ description: 'The start of its first prompt' }),
  })
  .openapi('ThreadSummary');

export function toThreadSummaryJson(thread: ThreadSummary): z.infer<typeof threadSummarySchema> {
  return { ...toThreadJson(thread), kind: thread.battle ? 'battle' : 'chat', preview: thread.preview };
}

export const publicThreadSchema = threadSummarySchema
  .extend({
    author: z.string().nullable().openapi({ description: 'The author’s display name (full_name), if they gave one; never an email' }),
    models: z.array(z.string()).openapi({ description: 'Names of the models that answered, except those of anonymous battles still unvoted' }),
  })
  .openapi('PublicThread');

export function toPublicThreadJson(thread: PublicThread, models: (id: string | null) => ModelRef | null): z.infer<typeof publicThreadSchema> {
  const names = thread.model_ids.flatMap((id) => models(id)?.model_name ?? []);
  return { ...toThreadSummaryJson(thread), author: thread.author, models: [...new Set(names)].sort() };
}

export const modelRefSchema = z
  .object({ model_id: z.uuid(), model_name: z.string(), provider_name: z.string().nullable(), is_demo: z.boolean() })
  .openapi('ModelRef');
export type ModelRef = z.infer<typeof modelRefSchema>;

export const sideErrorSchema = z.object({ category: z.string(), message: z.string() }).openapi('SideError');

/** What a stored turn says of its two sides, in messages and comparisons alike. */
const sidesFields = {
  prompt_text: z.string().nullable(),
  model1_id: z.uuid().nullable(),
  model2_id: z.uuid().nullable(),
  model1: orNull(modelRefSchema),
  model2: orNull(modelRefSchema),
  model1_response: z.string().nullable(),
  model2_response: z.string().nullable(),
  model1_time_ms: z.number().int().nullable(),
  model2_time_ms: z.number().int().nullable(),
  model1_error: orNull(sideErrorSchema),
  model2_error: orNull(sideErrorSchema),
  created_at: timestampSchema,
};

export const messageSchema = z
  .object({
    message_id: z.uuid(),
    thread_id: z.uuid(),
    ...sidesFields,
    comparison_id: z.uuid().nullable(),
    mode: orNull(modeSchema).openapi({ description: 'A battle turn’s mode; null for a single-model turn' }),
    models_hidden: z.boolean().openapi({ description: 'An anonymous battle not yet voted on: model ids are withheld' }),
    vote_outcome: z.string().nullable().openapi({ description: 'The vote on this turn’s comparison, if any' }),
    model1_stats: orNull(answerStatsSchema).openapi({ description: 'A battle turn’s figures for side A (time to first token, tokens, speed, cost)' }),
    model2_stats: orNull(answerStatsSchema),
  })
  .openapi('ThreadMessage');

/** A message with its models named (any status: a thread outlives a model's retirement) and, for battle turns, its figures. */
export function toMessageJson(
  message: Omit<MessageView, 'models_hidden' | 'vote_outcome' | 'mode'> & Partial<Pick<MessageView, 'models_hidden' | 'vote_outcome' | 'mode'>>,
  models: (id: string | null) => ModelRef | null,
  stats?: [AnswerStats, AnswerStats],
): z.infer<typeof messageSchema> {
  return {
    ...message,
    mode: message.mode ?? null,
    models_hidden: message.models_hidden ?? false,
    vote_outcome: message.vote_outcome ?? null,
    model1: models(message.model1_id),
    model2: models(message.model2_id),
    model1_stats: stats?.[0] ?? null,
    model2_stats: stats?.[1] ?? null,
    created_at: isoOrNull(message.created_at),
  };
}

export const threadWithMessagesSchema = threadSchema.extend({ messages: z.array(messageSchema) }).openapi('ThreadWithMessages');

export const createThreadSchema = z
  .object({ title: storableString().trim().min(1).max(200).optional(), visibility: visibilitySchema.optional() })
  .openapi('NewThread');
export const updateThreadSchema = z
  .object({ title: storableString().trim().min(1).max(200).optional(), visibility: visibilitySchema.optional() })
  .refine((patch) => patch.title !== undefined || patch.visibility !== undefined, 'give title or visibility')
  .openapi('ThreadPatch');

export const sendMessageSchema = z.object({ prompt, model_id: z.uuid() }).openapi('NewMessage');

export const compareSchema = z
  .object({
    prompt,
    model1_id: z.uuid().optional(),
    model2_id: z.uuid().optional(),
    thread_id: z.uuid().optional(),
    mode: modeSchema.optional(),
  })
  .openapi('NewComparison');

export const regenerateSchema = z
  .object({ side: z.enum(['model1', 'model2', 'both']).openapi({ description: 'The side to ask again (model1 is A, model2 is B), or both' }) })
  .openapi('Regenerate');

const errorsSchema = z.object({ model1: sideErrorSchema.optional(), model2: sideErrorSchema.optional() });

export const comparisonAnswerSchema = z
  .object({
    comparison_id: z.uuid(),
    message_id: z.uuid(),
    thread_id: z.uuid(),
    mode: modeSchema,
    model1_id: z.uuid().nullable(),
    model2_id: z.uuid().nullable(),
    model1_response: z.string(),
    model2_response: z.string(),
    model1_time_ms: z.number().int(),
    model2_time_ms: z.number().int(),
    errors: errorsSchema.optional(),
  })
  .openapi('ComparisonAnswer');


export const voteSchema = z
  .object({
    vote_id: z.uuid(),
    comparison_id: z.uuid().nullable(),
    winner_model_id: z.uuid().nullable(),
    outcome: z.string().nullable(),
    blind: z.boolean().nullable().openapi({ description: 'Counts as a blind vote: the battle was anonymous and its voter had not seen the pair named before (README: the blind-vote rule)' }),
    created_at: timestampSchema,
  })
  .openapi('Vote');

export function toVoteJson(vote: ModelVote): z.infer<typeof voteSchema> {
  return { vote_id: vote.vote_id, comparison_id: vote.comparison_id, winner_model_id: vote.winner_model_id, outcome: vote.outcome, blind: vote.blind, created_at: isoOrNull(vote.created_at) };
}

export const comparisonSchema = z
  .object({
    comparison_id: z.uuid(),
    user_id: z.uuid().nullable(),
    thread_id: z.uuid().nullable(),
    mode: z.string(),
    ...sidesFields,
    models_hidden: z.boolean(),
    vote: orNull(voteSchema),
  })
  .openapi('Comparison');

/** A stored comparison; with `hidden`, nothing names its models. */
export function toComparisonJson(
  comparison: Comparison,
  extra: { vote: ModelVote | undefined; thread_id: string | null; hidden: boolean; models: [ModelRef | null, ModelRef | null] },
): z.infer<typeof comparisonSchema> {
  return {
    comparison_id: comparison.comparison_id,
    user_id: comparison.user_id,
    thread_id: extra.thread_id,
    prompt_text: comparison.prompt_text,
    mode: comparison.mode ?? 'named',
    model1_id: extra.hidden ? null : comparison.model1_id,
    model2_id: extra.hidden ? null : comparison.model2_id,
    model1: extra.hidden ? null : extra.models[0],
    model2: extra.hidden ? null : extra.models[1],
    model1_response: comparison.model1_response,
    model2_response: comparison.model2_response,
    model1_time_ms: comparison.model1_time_ms,
    model2_time_ms: comparison.model2_time_ms,
    model1_error: comparison.model1_error,
    model2_error: comparison.model2_error,
    models_hidden: extra.hidden,
    vote: extra.vote ? toVoteJson(extra.vote) : null,
    created_at: isoOrNull(comparison.created_at),
  };
}

export const voteAnswerSchema = z
  .object({ vote: voteSchema, model1: orNull(modelRefSchema), model2: orNull(modelRefSchema) })
  .openapi('VoteAnswer');
