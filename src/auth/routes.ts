import { createRoute } from '@hono/zod-openapi';
import { AppError, ForbiddenError, UnauthorizedError } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { clientIp } from '../http/clientIp.js';
import { currentUser, requireAuth } from '../http/auth.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { logIn, normaliseEmail, signUp } from './localAccounts.js';
import { logInSchema, sessionSchema, SIGNUP_ACCEPTED, signUpAcceptedSchema, signUpSchema, toUserJson, userSchema } from './schemas.js';
import { hasLocalSigner } from './service.js';
import { issueSession } from './session.js';
import type { SessionUser } from './users.js';
import { getUser } from './userDirectory.js';

const signUpRoute = createRoute({
  method: 'post',
  path: '/auth/signup',
  tags: ['auth'],
  summary: 'Create a local account (AUTH_MODE=local); then log in. An email that already has an account gets the same answer, and no new account',
  request: { body: { ...jsonContent(signUpSchema), required: true } },
  responses: { 201: { description: 'Accepted: log in next', ...jsonContent(signUpAcceptedSchema) }, ...errorResponses(400, 403, 429) },
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
      const hit = auth.signupsByIp.hit(clientIp(c, deps.config.TRUST_PROXY));
      if (!hit.allowed) throw new AppError('rate_limited', 'Too many sign-ups from this address; try again later', { retryAfterSeconds: hit.retryAfterSeconds });
      const body = c.req.valid('json');
      // The very first account (the lab's first admin) may always sign up.
      const firstAccount = !(await db.selectFrom('users').select('user_id').limit(1).executeTakeFirst());
      const settings = await deps.settings.get();
      if (!settings.signup_enabled && !firstAccount) throw new ForbiddenError('Sign-up is closed on this lab (setting signup_enabled); ask an admin for an account');
      const invite = settings.signup_invite_only && !firstAccount ? { code: body.invite_code } : undefined;
      await signUp(db, body, { isAdminEmail: (email) => auth.users.isAdminEmail(email), invite });
      return c.json({ message: SIGNUP_ACCEPTED }, 201);
    });

    router.openapi(logInRoute, async (c) => {
      const body = c.req.valid('json');
      const email = normaliseEmail(body.email);
      const address = clientIp(c, deps.config.TRUST_PROXY);
      const admission = auth.logins.admit(email, address);
      if (!admission.allowed) {
        throw new AppError('rate_limited', 'Too many login attempts; try again later', { retryAfterSeconds: admission.retryAfterSeconds });
      }
      let user: SessionUser;
      try {
        user = await logIn(db, body);
      } catch (error) {
        if (error instanceof UnauthorizedError) auth.logins.failed(email, address);
        throw error;
      }
      auth.logins.succeeded(email, address);
      return c.json(await session(user), 200);
    });
  }

  router.use('/me', requireAuth(auth));
  router.openapi(meRoute, async (c) => c.json(toUserJson(await getUser(db, currentUser(c).user_id)), 200));
  return router;
}
