import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

/**
 * Everything the lab holds about one user, as JSON: the account, its threads with their
 * messages, the comparisons it ran, the votes it cast, and the admin actions it took. Read in
 * one REPEATABLE READ transaction, so the parts agree with each other. What is not theirs or is
 * a credential stays out: other users' rows, the password hash, reset codes.
 */
export async function exportAccount(db: Kysely<Database>, userId: string) {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const user = await trx.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      if (!user) throw new NotFoundError('User not found');
      const credentials = await trx.selectFrom('local_credentials').select(['email', 'created_at', 'updated_at']).where('user_id', '=', userId).executeTakeFirst();
      const threads = await trx.selectFrom('threads').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('thread_id').execute();
      const messages = await trx
        .selectFrom('thread_messages')
        .selectAll()
        .where('thread_id', 'in', trx.selectFrom('threads').select('thread_id').where('user_id', '=', userId))
        .orderBy('created_at')
        .orderBy('message_id')
        .execute();
      const comparisons = await trx.selectFrom('comparisons').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('comparison_id').execute();
      const votes = await trx.selectFrom('model_votes').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('vote_id').execute();
      const adminActions = await trx.selectFrom('audit_log').selectAll().where('actor_id', '=', userId).orderBy('entry_id').execute();
      return {
        format: 'dualmind-account-export' as const,
        version: 1 as const,
        exported_at: new Date().toISOString(),
        user,
        local_account: credentials ?? null,
        threads,
        messages,
        comparisons,
        votes,
        admin_actions: adminActions,
      };
    });
}
