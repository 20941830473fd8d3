import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { UnauthorizedError } from '../errors.js';
import { useInvite } from './invites.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { ACCOUNT_DISABLED, toSessionUser, type SessionUser } from './users.js';

/** Serialises sign-ups, so two first users cannot both become the first admin. */
const SIGNUP_LOCK_KEY = 727_463_102;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const INVALID_CREDENTIALS = 'Email or password is incorrect';

/**
 * Creates a local account, or does nothing when the email already has one (undefined): the
 * sign-up route answers both alike, so that it does not tell who has an account. The first
 * account becomes admin when there is no admin yet, and so does any account whose email is in
 * ADMIN_EMAILS. With `invite`, one use of that invite is taken first, whether or not the email
 * was free (so that the invite's count does not tell either).
 */
export async function signUp(
  db: Kysely<Database>,
  input: { email: string; password: string; full_name?: string | undefined },
  options: { isAdminEmail: (email: string) => boolean; invite?: { code: string | undefined } | undefined },
): Promise<SessionUser | undefined> {
  const email = normaliseEmail(input.email);
  // Hash before the transaction: it takes tens of milliseconds and needs no lock.
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SIGNUP_LOCK_KEY})`.execute(trx);
    if (options.invite) await useInvite(trx, options.invite.code);
    const taken = await trx.selectFrom('local_credentials').select('user_id').where('email', '=', email).executeTakeFirst();
    if (taken) return undefined;
    const anyAdmin = await trx.selectFrom('users').select('user_id').where('role', '=', 'admin').limit(1).executeTakeFirst();
    const role = options.isAdminEmail(email) || !anyAdmin ? 'admin' : 'user';
    const user = await trx
      .insertInto('users')
      .values({ user_id: randomUUID(), email, full_name: input.full_name ?? null, role, last_login_at: sql<Date>`now()` })
      .returning(['user_id', 'email', 'full_name', 'role', 'token_generation'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('local_credentials').values({ user_id: user.user_id, email, password_hash: passwordHash }).execute();
    return toSessionUser(user);
  });
}

/** Checks the credentials; a wrong password and an unknown email fail alike, after the same work. */
export async function logIn(db: Kysely<Database>, input: { email: string; password: string }): Promise<SessionUser> {
  const email = normaliseEmail(input.email);
  const account = await db
    .selectFrom('local_credentials')
    .innerJoin('users', 'users.user_id', 'local_credentials.user_id')
    .select(['users.user_id', 'users.email', 'users.full_name', 'users.role', 'users.token_generation', 'users.disabled_at', 'local_credentials.password_hash'])
    .where('local_credentials.email', '=', email)
    .executeTakeFirst();
  const valid = await verifyPassword(account?.password_hash, input.password);
  if (!account || !valid) throw new UnauthorizedError(INVALID_CREDENTIALS);
  // Said only to whoever knows the password.
  if (account.disabled_at) throw new UnauthorizedError(ACCOUNT_DISABLED);
  await db.updateTable('users').set({ last_login_at: sql<Date>`now()` }).where('user_id', '=', account.user_id).execute();
  return toSessionUser(account);
}
