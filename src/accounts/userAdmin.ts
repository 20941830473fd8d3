import { sql, type Kysely, type Transaction } from 'kysely';
import type { Role } from '../auth/users.js';
import type { Database, User } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';

/**
 * Locks the enabled admins and the target user, so two admins acting on each other at once
 * (demoting, disabling, deleting) cannot leave the lab without an enabled admin: the second
 * waits, then sees the first one's change. `lastAdmin`: the target is the only enabled admin.
 */
export async function lockForAccountChange(trx: Transaction<Database>, userId: string): Promise<{ target: User; lastAdmin: boolean }> {
  const admins = await trx.selectFrom('users').select('user_id').where('role', '=', 'admin').where('disabled_at', 'is', null).forUpdate().execute();
  const target = await trx.selectFrom('users').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!target) throw new NotFoundError('User not found');
  return { target, lastAdmin: admins.length === 1 && admins[0]?.user_id === userId };
}

export interface UserChange {
  role?: Role | undefined;
  disabled?: boolean | undefined;
}

/**
 * An admin changes a user's role or disables/enables the account, in one transaction. Disabling
 * also bumps the token generation, so enabling the account later does not revive the tokens it
 * had. An admin cannot disable their own account, nor demote the last enabled admin.
 */
export async function changeUser(db: Kysely<Database>, actorId: string | null, userId: string, change: UserChange): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const { target, lastAdmin } = await lockForAccountChange(trx, userId);
    if (change.disabled === true && userId === actorId) throw new ConflictError('You cannot disable your own account');
    if (lastAdmin && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'))) {
      throw new ConflictError(`Cannot ${change.disabled ? 'disable' : 'demote'} the last admin: make another user admin first`);
    }
    const disabling = change.disabled === true && target.disabled_at === null;
    return trx
      .updateTable('users')
      .set({
        ...(change.role !== undefined && { role: change.role }),
        ...(disabling && { disabled_at: sql<Date>`now()`, token_generation: sql<number>`coalesce(token_generation, 0) + 1` }),
        ...(change.disabled === false && { disabled_at: null }),
      })
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
