import { createRoute } from '@hono/zod-openapi';
import { sessionSchema, toUserJson } from '../auth/schemas.js';
import { hasLocalSigner } from '../auth/service.js';
import { issueSession } from '../auth/session.js';
import { ACCOUNT_DELETED } from '../auth/users.js';
import type { AppDeps } from '../http/context.js';
import { currentUser, requireAuth } from '../http/auth.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { deleteAccount } from './deletion.js';
import { exportAccount } from './export.js';
import { changePassword, redeemPasswordReset } from './passwords.js';
import { accountExportSchema, changePasswordSchema, deletionReportSchema, redeemResetSchema } from './schemas.js';

const exportRoute = createRoute({
  method: 'get',
  path: '/me/export',
  tags: ['account'],
  summary: 'Everything the lab holds about the caller, as one JSON document (threads, messages, comparisons, votes, admin actions)',
  security: bearerSecurity,
  responses: { 200: { description: 'The export', ...jsonContent(accountExportSchema) }, ...errorResponses(401) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/me',
  tags: ['account'],
  summary: 'Delete the caller’s account: threads and messages go, votes stay as anonymous votes (the leaderboard does not move)',
  security: bearerSecurity,
  responses: { 200: { description: 'What was deleted and what was kept', ...jsonContent(deletionReportSchema) }, ...errorResponses(401, 409) },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/me/password',
  tags: ['account'],
  summary: 'Change the caller’s password (local mode); every other session is signed out',
  security: bearerSecurity,
  request: { body: { ...jsonContent(changePasswordSchema), required: true } },
  responses: { 200: { description: 'A new session for this device', ...jsonContent(sessionSchema) }, ...errorResponses(400, 401) },
});

const redeemRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  tags: ['auth'],
  summary: 'Set a new password with the one-time code an admin handed over (local mode); every other session is signed out',
  request: { body: { ...jsonContent(redeemResetSchema), required: true } },
  responses: { 200: { description: 'Signed in with the new password', ...jsonContent(sessionSchema) }, ...errorResponses(400, 401) },
});

/** The caller's own account. The password routes exist in local mode only, as sign-up does. */
export function accountRoutes(deps: AppDeps) {
  const { auth, db } = deps;
  const router = createRouter();
  const signedIn = requireAuth(auth);
  router.use('/me/*', signedIn);
  // Only DELETE: GET /me belongs to the auth routes, which authenticate it themselves.
  router.on('DELETE', '/me', signedIn);

  router.openapi(exportRoute, async (c) => {
    const data = await exportAccount(db, currentUser(c).user_id);
    c.header('content-disposition', `attachment; filename="dualmind-account-${data.exported_at.slice(0, 10)}.json"`);
    return c.json({ ...data, user: toUserJson(data.user) }, 200);
  });

  router.openapi(deleteRoute, async (c) => {
    const report = await deleteAccount(db, currentUser(c).user_id);
    auth.users.remember(report.user_id, 'deleted');
    deps.logger.info({ user_id: report.user_id }, ACCOUNT_DELETED);
    return c.json(report, 200);
  });

  if (hasLocalSigner(auth)) {
    router.openapi(changePasswordRoute, async (c) => {
      const user = await changePassword(db, currentUser(c).user_id, c.req.valid('json'));
      return c.json(await issueSession(auth, db, user), 200);
    });
    router.openapi(redeemRoute, async (c) => {
      const user = await redeemPasswordReset(db, c.req.valid('json'));
      return c.json(await issueSession(auth, db, user), 200);
    });
  }
  return router;
}
