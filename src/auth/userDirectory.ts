import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Role } from './users.js';

export interface UserPage {
  users: User[];
  total: number;
}

/** Users newest first; `query` matches a part of the email, case-insensitively. */
export async function listUsers(
  db: Kysely<Database>,
  options: { query?: string | undefined; limit: number; offset: number },
): Promise<UserPage> {
  let filtered = db.selectFrom('users');
  if (options.query) {
    const pattern = `%${options.query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    filtered = filtered.where('email', 'ilike', pattern);
  }
  const [users, count] = await Promise.all([
    filtered.selectAll().orderBy('created_at', 'desc').orderBy('user_id').limit(options.limit).offset(options.offset).execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { users, total: Number(count.total) };
}

/**
 * Changes a user's role. The admin rows are locked first, so two admins demoting each other at
 * once cannot leave the lab without an admin: the last admin's demotion is a conflict.
 */
export async function changeRole(db: Kysely<Database>, userId: string, role: Role): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const admins = await trx.selectFrom('users').select('user_id').where('role', '=', 'admin').forUpdate().execute();
    const target = await trx.selectFrom('users').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!target) throw new NotFoundError('User not found');
    const isAdmin = admins.some((admin) => admin.user_id === userId);
    if (isAdmin && role !== 'admin' && admins.length === 1) {
      throw new ConflictError('Cannot demote the last admin: make another user admin first');
    }
    return trx.updateTable('users').set({ role }).where('user_id', '=', userId).returningAll().executeTakeFirstOrThrow();
  });
}

/** One user's row. */
export async function getUser(db: Kysely<Database>, userId: string): Promise<User> {
  const user = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User not found');
  return user;
}

