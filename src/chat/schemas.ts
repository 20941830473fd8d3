import { z } from '@hono/zod-openapi';
import type { Comparison, ModelVote, Thread } from '../db/schema.js';
import { isoOrNull, orNull, timestampSchema } from '../http/json.js';
import { storableString } from '../http/storableText.js';
import type { MessageView } from './threads.js';
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
  return { ...thread, created_at: isoOrNull(thread.created_at) };
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
    models_hidden: z.boolean().openapi({ description: 'An anonymous battle not yet voted on: model ids are withheld' }),
    vote_outcome: z.string().nullable().openapi({ description: 'The vote on this turn’s comparison, if any' }),
  })
  .openapi('ThreadMessage');

/** A message with its models named (any status: a thread outlives a model's retirement). */
export function toMessageJson(
  message: Omit<MessageView, 'models_hidden' | 'vote_outcome'> & { models_hidden?: boolean; vote_outcome?: string | null },
  models: (id: string | null) => ModelRef | null,
): z.infer<typeof messageSchema> {
  return {
    ...message,
    models_hidden: message.models_hidden ?? false,
    vote_outcome: message.vote_outcome ?? null,
    model1: models(message.model1_id),
    model2: models(message.model2_id),
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
