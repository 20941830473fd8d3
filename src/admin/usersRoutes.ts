import { createRoute, z } from '@hono/zod-openapi';
import { deleteAccount } from '../accounts/deletion.js';
import { createPasswordReset } from '../accounts/passwords.js';
import { deletionReportSchema, passwordResetSchema, userChangeSchema } from '../accounts/schemas.js';
import { changeUser } from '../accounts/userAdmin.js';
import { noteAudit } from '../audit/middleware.js';
import { toUserJson, userSchema } from '../auth/schemas.js';
import { hasLocalSigner } from '../auth/service.js';
import { listUsers } from '../auth/userDirectory.js';
import { toSessionUser } from '../auth/users.js';
import { currentUser } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, isoOrNull, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';

const idParam = z.object({ id: z.uuid() });

const listRoute = createRoute({
  method: 'get',
  path: '/users',
  tags: ['admin'],
  summary: 'Users, newest first, searchable by email',
  security: bearerSecurity,
  request: {
    query: z.object({
      query: z.string().trim().max(320).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: { description: 'A page of users', ...jsonContent(z.object({ users: z.array(userSchema), total: z.number().int() }).openapi('UserPage')) },
    ...errorResponses(400, 401, 403),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['admin'],
  summary: 'Change a user’s role, or disable (tokens stop working, data stays) or enable the account',
  security: bearerSecurity,
  request: { params: idParam, body: { ...jsonContent(userChangeSchema), required: true } },
  responses: { 200: { description: 'The updated user', ...jsonContent(userSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags: ['admin'],
  summary: 'Delete an account: threads and messages go, votes stay as anonymous votes (the leaderboard does not move)',
  security: bearerSecurity,
  request: { params: idParam },
  responses: { 200: { description: 'What was deleted and what was kept', ...jsonContent(deletionReportSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
});

const resetRoute = createRoute({
  method: 'post',
  path: '/users/{id}/password-reset',
  tags: ['admin'],
  summary: 'Set a one-time password reset for a local account (24 h): the code is shown once, for the admin to hand over',
  security: bearerSecurity,
  request: { params: idParam },
  responses: { 201: { description: 'The code', ...jsonContent(passwordResetSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
});

/** Mounted under /api/admin, behind requireAuth and requireAdmin (and the audit log). */
export function adminUsersRoutes({ db, auth }: AppDeps) {
  const router = createRouter()
    .openapi(listRoute, async (c) => {
      const page = await listUsers(db, c.req.valid('query'));
      return c.json({ users: page.users.map(toUserJson), total: page.total }, 200);
    })
    .openapi(patchRoute, async (c) => {
      const user = await changeUser(db, currentUser(c).user_id, c.req.valid('param').id, c.req.valid('json'));
      auth.users.remember(user.user_id, user.disabled_at ? 'disabled' : toSessionUser(user));
      return c.json(toUserJson(user), 200);
    })
    .openapi(deleteRoute, async (c) => {
      const report = await deleteAccount(db, c.req.valid('param').id);
      auth.users.remember(report.user_id, 'deleted');
      return c.json(report, 200);
    });
  if (hasLocalSigner(auth)) {
    router.openapi(resetRoute, async (c) => {
      const reset = await createPasswordReset(db, c.req.valid('param').id, currentUser(c).user_id);
      // The code is a credential: the audit entry says a reset was set, and until when.
      noteAudit(c, { details: { result: { expires_at: reset.expires_at.toISOString() } } });
      return c.json({ code: reset.code, expires_at: isoOrNull(reset.expires_at) }, 201);
    });
  }
  return router;
}
