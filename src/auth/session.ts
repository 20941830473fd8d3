import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { toUserJson } from './schemas.js';
import type { AuthService, LocalSigner } from './service.js';
import { getUser } from './userDirectory.js';
import type { SessionUser } from './users.js';

/**
 * What a local sign-up, login, password change or reset answers: a new access token (carrying
 * the user's current token generation) and the user's row. The user is remembered at once, so
 * this instance accepts the token, and no older one, from the next request.
 */
export async function issueSession(auth: AuthService & LocalSigner, db: Kysely<Database>, user: SessionUser) {
  auth.users.remember(user.user_id, user);
  const row = await getUser(db, user.user_id);
  return {
    access_token: await auth.signer.sign(user),
    token_type: 'bearer' as const,
    expires_in: auth.tokenTtlSeconds,
    user: toUserJson(row),
  };
}
