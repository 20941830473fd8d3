import type { Context, MiddlewareHandler } from 'hono';
import type { AuthService } from '../auth/service.js';
import type { SessionUser } from '../auth/users.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { AppEnv } from './context.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Verifies the bearer token and runs ensureUserExists before any handler touches user rows. */
export function requireAuth(auth: AuthService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new UnauthorizedError('Authentication required: send Authorization: Bearer <access token>');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new UnauthorizedError('Authorization header must be "Bearer <access token>"');
    const identity = await auth.verifier.verify(token);
    c.set('user', await auth.users.ensureUserExists(identity));
    await next();
  };
}

/** Like requireAuth when a token is sent (a bad one is still a 401); lets anonymous callers through. */
export function optionalAuth(auth: AuthService): MiddlewareHandler<AppEnv> {
  const authenticate = requireAuth(auth);
  return async (c, next) => (c.req.header('authorization') ? authenticate(c, next) : next());
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (currentUser(c).role !== 'admin') throw new ForbiddenError('Admins only');
  await next();
};

/** The authenticated caller; only valid behind requireAuth. */
export function currentUser(c: Context<AppEnv>): SessionUser {
  const user = c.get('user');
  if (!user) throw new UnauthorizedError();
  return user;
}
