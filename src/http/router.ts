import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ValidationError } from '../errors.js';
import type { AppEnv } from './context.js';

/** "email: Invalid email address" — the first problem, naming the field. */
export function describeZodError(error: ZodError, target?: string): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  const field = issue.path.length > 0 ? issue.path.join('.') : target;
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** Every route module builds its sub-app here, so all of them report validation errors alike. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(describeZodError(result.error, result.target));
    },
  });
}
