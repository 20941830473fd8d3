import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { fromDatabaseError } from '../db/errors.js';
import { AppError, ERROR_STATUS, NotFoundError, toAppError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppEnv } from './context.js';

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** Hono's own HTTPExceptions (malformed JSON, body limit) become AppErrors with the same status. */
function fromHttpException(error: HTTPException): AppError {
  const code = CODE_BY_STATUS.get(error.status) ?? (error.status >= 500 ? 'internal' : 'bad_request');
  return new AppError(code, error.message || 'Request failed', { cause: error });
}

export function sendError(c: Context<AppEnv>, error: AppError): Response {
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  return c.json(error.toJSON(), error.status);
}

/**
 * Anything a request handler threw, as the AppError its client is told about, logged as JSON
 * (with the stack when it is the server's fault). Also used for failures after an event stream
 * has started, which can no longer change the HTTP status.
 */
export function requestFailure(thrown: unknown, c: Context<AppEnv>, logger: Logger): AppError {
  const error = thrown instanceof HTTPException ? fromHttpException(thrown) : (fromDatabaseError(thrown) ?? toAppError(thrown));
  if (error.code === 'internal') {
    logger.error({ err: error.cause ?? error, req_id: c.get('requestId'), path: c.req.path }, 'request failed');
  } else if (error.status >= 500) {
    logger.warn({ req_id: c.get('requestId'), path: c.req.path, code: error.code, message: error.message }, 'request answered with an upstream error');
  }
  return error;
}

export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (thrown, c) => sendError(c, requestFailure(thrown, c, logger));
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  sendError(c, new NotFoundError(`No route for ${c.req.method} ${c.req.path}`));
