import { z } from '@hono/zod-openapi';

/** Timestamps travel as ISO 8601 strings. */
export function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

export const timestampSchema = z.iso.datetime({ offset: true }).nullable().openapi({ example: '2026-11-25T10:00:00.000Z' });

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error', { example: { error: { code: 'bad_request', message: 'email: Invalid email address' } } });

/**
 * A named schema, or null. `.nullable()` on a schema named with `.openapi('Name')` carries the
 * name over, and the document then says the named component itself may be null.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

/** Standard error responses for the OpenAPI document, by status. */
export function errorResponses<S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: 'Error', content: { 'application/json': { schema: errorSchema } } }]),
  ) as Record<S, { description: string; content: { 'application/json': { schema: typeof errorSchema } } }>;
}

/** The `content` of a JSON request body or response in a route definition. */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}

export const bearerSecurity = [{ bearerAuth: [] }];
