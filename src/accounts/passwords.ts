import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { ACCOUNT_DISABLED, toSessionUser, type SessionUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../errors.js';

/** How long a reset code an admin hands over stays usable. */
export const PASSWORD_RESET_TTL_MS = 24 * 3600 * 1000;

const digest = (code: string) => createHash('sha256').update(code).digest('hex');

/** Stores the new password and bumps the token generation: every other session ends. */
async function setPassword(db: Kysely<Database>, userId: string, email: string, passwordHash: string): Promise<SessionUser> {
  await db
    .insertInto('local_credentials')
    .values({ user_id: userId, email, password_hash: passwordHash, updated_at: sql<Date>`now()` })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ password_hash: passwordHash, updated_at: sql<Date>`now()` }))
    .execute();
  const user = await db
    .updateTable('users')
    .set({ token_generation: sql<number>`coalesce(token_generation, 0) + 1` })
    .where('user_id', '=', userId)
    .returning(['user_id', 'email', 'full_name', 'role', 'token_generation'])
    .executeTakeFirstOrThrow();
  return toSessionUser(user);
}

/** A signed-in user changes their own password, proving the current one. */
export async function changePassword(db: Kysely<Database>, userId: string, input: { current_password: string; new_password: string }): Promise<SessionUser> {
  const account = await db.selectFrom('local_credentials').select(['email', 'password_hash']).where('user_id', '=', userId).executeTakeFirst();
  if (!(await verifyPassword(account?.password_hash, input.current_password)) || !account) {
    throw new ValidationError('current_password: is not this account’s password');
  }
  const passwordHash = await hashPassword(input.new_password);
  return db.transaction().execute((trx) => setPassword(trx, userId, account.email, passwordHash));
}

/**
 * An admin sets a one-time reset for a local account: the code is returned once, for the admin
 * to hand over, and only its SHA-256 is stored. A new reset replaces a pending one. The
 * current password keeps working until the code is used.
 */
export async function createPasswordReset(db: Kysely<Database>, userId: string, createdBy: string | null): Promise<{ code: string; expires_at: Date }> {
  const user = await db.selectFrom('users').select(['email', 'disabled_at']).where('user_id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User not found');
  if (!user.email) throw new ConflictError('This user has no email address to sign in with');
  if (user.disabled_at) throw new ConflictError('This account is disabled: enable it first');
  const code = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
  await db
    .insertInto('password_resets')
    .values({ user_id: userId, code_hash: digest(code), expires_at: expiresAt, created_by: createdBy })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ code_hash: digest(code), expires_at: expiresAt, created_by: createdBy, created_at: sql<Date>`now()` }))
    .execute();
  return { code, expires_at: expiresAt };
}

const INVALID_CODE = 'code: this reset code is unknown, already used or expired; ask an admin for a new one';

/**
 * Uses a reset code: sets the new password (creating the local credentials if the account had
 * none) and signs every other session out. The code is checked before the password is hashed,
 * so a flood of made-up codes costs no hashing, and deleted as it is used, so it works once.
 */
export async function redeemPasswordReset(db: Kysely<Database>, input: { code: string; new_password: string }): Promise<SessionUser> {
  const codeHash = digest(input.code);
  const pending = await db.selectFrom('password_resets').select('user_id').where('code_hash', '=', codeHash).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst();
  if (!pending) throw new ValidationError(INVALID_CODE);
  const passwordHash = await hashPassword(input.new_password);
  return db.transaction().execute(async (trx) => {
    const used = await trx.deleteFrom('password_resets').where('code_hash', '=', codeHash).where('expires_at', '>', sql<Date>`now()`).returning('user_id').executeTakeFirst();
    if (!used) throw new ValidationError(INVALID_CODE);
    const user = await trx.selectFrom('users').select(['email', 'disabled_at']).where('user_id', '=', used.user_id).forUpdate().executeTakeFirstOrThrow();
    if (user.disabled_at) throw new UnauthorizedError(ACCOUNT_DISABLED);
    return setPassword(trx, used.user_id, user.email ?? '', passwordHash);
  });
}
