import { createRoute, z } from '@hono/zod-openapi';
import type { AuditEntry } from '../db/schema.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent, timestampSchema } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { listAudit } from './log.js';

const entrySchema = z
  .object({
    entry_id: z.string(),
    created_at: timestampSchema,
    actor_id: z.uuid().nullable(),
    actor_email: z.string().nullable(),
    actor_kind: z.enum(['user', 'cli', 'local']),
    ip: z.string().nullable(),
    action: z.string(),
    method: z.string().nullable(),
    route: z.string().nullable(),
    target: z.string().nullable(),
    status: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()),
    request_id: z.string().nullable(),
  })
  .openapi('AuditEntry');

const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-11-25T10:00:00Z' });

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['admin'],
  summary: 'The admin audit log, newest first; filter by actor (user id or part of the email), action (or its prefix) and time',
  security: bearerSecurity,
  request: {
    query: z.object({
      actor: z.string().trim().min(1).max(320).optional(),
      action: z.string().trim().min(1).max(100).regex(/^[a-z0-9_.-]+$/, 'must be an action such as keys.delete, or its prefix such as keys').optional(),
      since: dateTime.optional(),
      until: dateTime.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: {
    200: { description: 'A page of entries', ...jsonContent(z.object({ entries: z.array(entrySchema), total: z.number().int() })) },
    ...errorResponses(400, 401, 403),
  },
});

function toEntryJson(entry: AuditEntry): z.infer<typeof entrySchema> {
  return { ...entry, created_at: entry.created_at.toISOString() };
}

/** Mounted under /api/admin, behind requireAuth and requireAdmin. Read-only: nothing edits the log. */
export function adminAuditRoutes({ db }: AppDeps) {
  return createRouter().openapi(listRoute, async (c) => {
    const page = await listAudit(db, c.req.valid('query'));
    return c.json({ entries: page.entries.map(toEntryJson), total: page.total }, 200);
  });
}
