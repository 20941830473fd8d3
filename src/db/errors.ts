import { AppError } from '../errors.js';

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22…): a value the request carried that the
 * database cannot store, such as a NUL byte in text or a number out of range. The statement
 * failed and its transaction rolled back, so the request is at fault, not the server.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return undefined;
  const message = error instanceof Error ? error.message : 'invalid value';
  return new AppError('bad_request', `A value in the request cannot be stored: ${message}`, { cause: error });
}
