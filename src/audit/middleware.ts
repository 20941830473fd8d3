import type { Context, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { clientIp } from '../http/clientIp.js';
import type { AppEnv } from '../http/context.js';
import type { Logger } from '../logger.js';
import { recordAudit } from './log.js';
import { identifyingFields, redact } from './redact.js';

/** What a route adds to its audit entry when it knows more than the request says. */
export interface AuditNote {
  /** Replaces the action derived from the route (e.g. `battles.import`). */
  action?: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Called by a route handler: merged into the one entry its request writes. */
export function noteAudit(c: Context<AppEnv>, note: AuditNote): void {
  const previous = c.get('audit');
  c.set('audit', { ...previous, ...note, details: { ...previous?.details, ...note.details } });
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'set', PATCH: 'update', DELETE: 'delete' };
const ADMIN_PREFIX = '/api/admin/';
/** Answers larger than this are not read back for their identifying fields. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** `/api/admin/providers/:name/keys` → `/api/admin/providers/{name}/keys`, as the OpenAPI document names it. */
export function openApiPath(routePath: string): string {
  return routePath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
}

/** `POST /api/admin/providers/{name}/keys` → `providers.keys.create`. */
export function deriveAction(method: string, route: string): string {
  const segments = route
    .slice(ADMIN_PREFIX.length)
    .split('/')
    .filter((segment) => segment !== '' && !segment.startsWith('{'));
  return [...segments, VERBS[method] ?? method.toLowerCase()].join('.');
}

/** Request bodies larger than this are summarised by their size only (battle imports are files). */
const MAX_RECORDED_BODY_BYTES = 1024 * 1024;

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) return undefined;
  if (!(Number(c.req.header('content-length') ?? Number.NaN) <= MAX_RECORDED_BODY_BYTES)) return undefined;
  try {
    // The route's validator has read the body already: Hono hands back its cached parse.
    return await c.req.json();
  } catch {
    return undefined;
  }
}

async function answerFields(response: Response): Promise<Record<string, unknown> | undefined> {
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return undefined;
  try {
    const text = await response.clone().text();
    return text.length <= MAX_ANSWER_BYTES ? identifyingFields(JSON.parse(text)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records every mutating request to an admin route — whatever route module declares it, so
 * routes added later are covered without touching them — as exactly one audit entry: who (the
 * signed-in admin), from which address, the route and its target, the status, the redacted
 * request and the identifying fields of the answer, plus what the route noted (`noteAudit`).
 * Refused requests (400, 404, 409) are recorded too: an attempt is worth knowing about. Runs
 * behind requireAdmin, so only admins' requests reach it.
 */
export function auditAdminRequests(deps: { db: Kysely<Database>; logger: Logger; trustProxy: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const verb = VERBS[c.req.method];
    await next();
    const route = openApiPath(c.req.routePath);
    if (!verb || !route.startsWith(ADMIN_PREFIX)) return;
    const user = c.get('user');
    const note = c.get('audit');
    const params = Object.values(c.req.param() as Record<string, string>);
    const [body, answer] = await Promise.all([readJson(c), answerFields(c.res)]);
    const query = c.req.query();
    const details = {
      ...(body !== undefined && { request: redact(body) }),
      ...(Object.keys(query).length > 0 && { query: redact(query) }),
      ...(answer && { result: answer }),
      ...note?.details,
    };
    try {
      await recordAudit(deps.db, {
        actor: { kind: 'user', user_id: user?.user_id, email: user?.email, ip: clientIp(c, deps.trustProxy) },
        action: note?.action ?? deriveAction(c.req.method, route),
        method: c.req.method,
        route,
        target: note?.target ?? (params.length > 0 ? params.join('/') : undefined),
        status: c.res.status,
        details,
        request_id: c.get('requestId'),
      });
    } catch (error) {
      // The action itself is done and answered: the failure is logged loudly, not turned into
      // an error for a change that happened.
      deps.logger.error({ err: error, route, method: c.req.method, status: c.res.status }, 'audit entry could not be written');
    }
  };
}
