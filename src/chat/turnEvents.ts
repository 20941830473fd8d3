import type { AiModel } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { answerStats } from './answerStats.js';
import type { ChatEvent } from './events.js';
import type { Side } from './history.js';
import type { SideResult } from './side.js';

export type Emit = (event: ChatEvent) => Promise<void>;

/** The model's public face in events and answers. */
export function modelInfo(model: AiModel) {
  return { model_id: model.model_id, model_name: model.model_name, provider_name: model.provider_name, description: model.description, is_demo: model.provider_name === 'demo' };
}

/** Emits unless the client is gone: a closed stream must not stop the turn from being stored. */
export function safeEmit(logger: Logger, emit: Emit | undefined, signal: AbortSignal): Emit {
  return async (event) => {
    if (!emit || signal.aborted) return;
    try {
      await emit(event);
    } catch (error) {
      logger.debug({ err: error }, 'event not delivered');
    }
  };
}

/**
 * How a side ended, as its last event: `error` (with the retry time a cooling pool gave), or
 * `done` with its figures. The price is left out here: it would name the model of an anonymous
 * battle, and the stored turn carries the cost once its models may be known.
 */
export function sideEndEvent(side: Side, result: SideResult): ChatEvent {
  if (result.error) {
    return { event: 'error', data: { side, ...result.error, ...(result.retryAfterMs !== undefined && { retry_after_ms: result.retryAfterMs }) } };
  }
  const stats = answerStats({ time_ms: result.time_ms, ttft_ms: result.ttft_ms ?? null, input_tokens: result.usage?.input_tokens ?? null, output_tokens: result.usage?.output_tokens ?? null });
  return { event: 'done', data: { side, time_ms: result.time_ms, stats } };
}
