import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { describeZodError } from '../http/router.js';

/**
 * The inputs of a route served by a plain handler (its answer is a stream, so it is declared in
 * the registry rather than through `openapi()`), checked as `openapi()` checks the others: a 400
 * naming the field, never a ZodError escaping as a 500.
 */
export function plainInput<T extends z.ZodType>(schema: T, value: unknown, target: 'param' | 'query'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(describeZodError(parsed.error, target));
  return parsed.data;
}
