import { createRoute } from '@hono/zod-openapi';
import { AppError, ForbiddenError } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { clientIp } from '../http/clientIp.js';
import { currentUser, requireAuth } from '../http/auth.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { logIn, normaliseEmail, signUp } from './localAccounts.js';
import { logInSchema, sessionSchema, signUpSchema, toUserJson, userSchema } from './schemas.js';
import { hasLocalSigner } from './service.js';
import { issueSession } from './session.js';
import type { SessionUser } from './users.js';
import { getUser } from './userDirectory.js';

const signUpRoute = createRoute({
  method: 'post',
  path: '/auth/signup',
  tags: ['auth'],
  summary: 'Create a local account (AUTH_MODE=local)',
  request: { body: { ...jsonContent(signUpSchema), required: true } },
  responses: { 201: { description: 'Signed up', ...jsonContent(sessionSchema) }, ...errorResponses(400, 403, 409) },
});

const logInRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in to a local account (AUTH_MODE=local)',
  request: { body: { ...jsonContent(logInSchema), required: true } },
  responses: { 200: { description: 'Logged in', ...jsonContent(sessionSchema) }, ...errorResponses(400, 401, 429) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The caller’s users row',
  security: bearerSecurity,
  responses: { 200: { description: 'The caller', ...jsonContent(userSchema) }, ...errorResponses(401) },
});

/** POST /auth/signup and /auth/login exist in local mode only; /me in both. */
export function authRoutes(deps: AppDeps) {
  const { auth, db } = deps;
  const router = createRouter();

  if (hasLocalSigner(auth)) {
    const session = (user: SessionUser) => issueSession(auth, db, user);

    router.openapi(signUpRoute, async (c) => {
      if (!(await deps.settings.get()).signup_open && (await db.selectFrom('users').select('user_id').limit(1).executeTakeFirst())) {
        throw new ForbiddenError('Sign-up is closed on this lab (setting signup_open); ask an admin for an account');
      }
      const user = await signUp(db, c.req.valid('json'), (email) => auth.users.isAdminEmail(email));
      return c.json(await session(user), 201);
    });

    router.openapi(logInRoute, async (c) => {
      const body = c.req.valid('json');
      const emailKey = normaliseEmail(body.email);
      for (const check of [auth.loginAttemptsByEmail.hit(emailKey), auth.loginAttemptsByIp.hit(clientIp(c, deps.config.TRUST_PROXY))]) {
        if (!check.allowed) {
          throw new AppError('rate_limited', 'Too many login attempts; try again later', { retryAfterSeconds: check.retryAfterSeconds });
        }
      }
      const user = await logIn(db, body);
      auth.loginAttemptsByEmail.reset(emailKey);
      return c.json(await session(user), 200);
    });
  }

  router.use('/me', requireAuth(auth));
  router.openapi(meRoute, async (c) => c.json(toUserJson(await getUser(db, currentUser(c).user_id)), 200));
  return router;
}
