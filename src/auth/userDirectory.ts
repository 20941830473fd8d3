import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

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

/** One user's row. */
export async function getUser(db: Kysely<Database>, userId: string): Promise<User> {
  const user = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User not found');
  return user;
}

