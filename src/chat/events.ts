import { z } from '@hono/zod-openapi';
import { orNull } from '../http/json.js';
import { answerStatsSchema } from './answerStats.js';
import { modeSchema, modelRefSchema, sideErrorSchema, sideSchema } from './schemas.js';

/**
 * The server-sent events of the chat routes, one schema each: the server emits values of these
 * types, and the OpenAPI document describes the stream with them, so the web app's types of the
 * events are generated like every other shape.
 */
const metaEventSchema = z
  .object({
    comparison_id: z.uuid().optional(),
    message_id: z.uuid(),
    thread_id: z.uuid(),
    mode: modeSchema.optional(),
    model1: orNull(modelRefSchema).openapi({ description: 'null while an anonymous battle hides its models' }),
    model2: orNull(modelRefSchema).optional(),
  })
  .openapi('MetaEvent', { description: 'comparison_id, mode and model2 come with dual chats only' });
const deltaEventSchema = z.object({ side: sideSchema, text: z.string() }).openapi('DeltaEvent');
const doneEventSchema = z.object({ side: sideSchema, time_ms: z.number().int(), stats: answerStatsSchema.optional() }).openapi('DoneEvent');
const errorEventSchema = sideErrorSchema
  .extend({
    side: sideSchema.optional().openapi({ description: 'Absent when the turn failed as a whole after the stream began (its answers could not be stored): then it is the last event' }),
    retry_after_ms: z.number().int().optional().openapi({ description: 'When the side could be tried again: every key of its model was cooling down (unavailable, rate_limit, quota)' }),
  })
  .openapi('ErrorEvent');
const endEventSchema = z
  .object({
    comparison_id: z.uuid().optional(),
    message_id: orNull(z.uuid()).openapi({ description: 'null when a single chat produced no text and nothing was stored' }),
    thread_id: z.uuid(),
  })
  .openapi('EndEvent');

/** One event: its SSE `event:` name and its JSON `data:`. */
export const chatEventSchema = z
  .discriminatedUnion('event', [
    z.object({ event: z.literal('meta'), data: metaEventSchema }),
    z.object({ event: z.literal('delta'), data: deltaEventSchema }),
    z.object({ event: z.literal('done'), data: doneEventSchema }),
    z.object({ event: z.literal('error'), data: errorEventSchema }),
    z.object({ event: z.literal('end'), data: endEventSchema }),
  ])
  .openapi('ChatEvent', {
    description: 'A text/event-stream of these: each arrives as `event: <event>` and `data: <data as JSON>`; meta first, end (or an error without a side) last',
  });

export type ChatEvent = z.infer<typeof chatEventSchema>;
