import type { Context } from 'hono';
import { fromDatabaseError } from '../db/errors.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/context.js';
import { requestFailure } from '../http/errorHandler.js';
import type { Logger } from '../logger.js';
import type { ChatEvent } from './events.js';

/**
 * Stores a turn whose answers were already produced (and perhaps streamed): if that fails the
 * user must be told their answers are not kept, and the operator needs the stack in the log.
 * Prompts and titles are checked on the way in, so text the database refuses here came from a
 * model's answer: the upstream's fault, not the request's.
 */
export async function storedOrExplained<T>(logger: Logger, storing: Promise<T>): Promise<T> {
  try {
    return await storing;
  } catch (error) {
    logger.error({ err: error }, 'turn not stored');
    if (fromDatabaseError(error)) {
      throw new AppError('upstream_error', `The answers could not be stored: a model's answer holds text the database refuses (${(error as Error).message})`, { cause: error });
    }
    throw new AppError('internal', 'The answers could not be stored; please try again', { cause: error });
  }
}

/**
 * The last event of a stream whose turn failed as a whole after the stream had started (the
 * answers could not be stored, or anything unexpected): an `error` without a `side`.
 */
export function turnFailedEvent(thrown: unknown, c: Context<AppEnv>, logger: Logger): ChatEvent {
  const error = requestFailure(thrown, c, logger);
  return { event: 'error', data: { category: error.code, message: error.message } };
}
