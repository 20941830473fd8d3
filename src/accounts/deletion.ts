import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ConflictError } from '../errors.js';
import { lockForAccountChange } from './userAdmin.js';

export interface DeletionReport {
  user_id: string;
  email: string | null;
  threads: number;
  messages: number;
  /** Comparisons nobody voted on: they feed nothing, so they go. */
  comparisons_deleted: number;
  /** Voted comparisons stay, with their votes, no longer linked to anyone. */
  comparisons_kept: number;
  votes_kept: number;
}

/**
 * Deletes an account in one transaction: its threads and their messages, the comparisons nobody
 * voted on, its credentials and any pending password reset go; its votes and the comparisons
 * they are about stay, with the user's id removed, so the leaderboard does not move. Each link
 * to the user is cut by an explicit statement rather than trusted to the foreign keys' ON DELETE
 * actions, which an older deployment may have declared differently. A tombstone keeps a token
 * issued before the deletion from recreating the user. The last enabled admin cannot be deleted.
 */
export async function deleteAccount(db: Kysely<Database>, userId: string): Promise<DeletionReport> {
  return db.transaction().execute(async (trx) => {
    const { target, lastAdmin } = await lockForAccountChange(trx, userId);
    if (lastAdmin) throw new ConflictError('Cannot delete the last admin: make another user admin first');

    const threads = trx.selectFrom('threads').select('thread_id').where('user_id', '=', userId);
    const messages = await trx.deleteFrom('thread_messages').where('thread_id', 'in', threads).executeTakeFirst();
    const deletedThreads = await trx.deleteFrom('threads').where('user_id', '=', userId).executeTakeFirst();
    const unvoted = await trx
      .deleteFrom('comparisons')
      .where('user_id', '=', userId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('model_votes').select('vote_id').whereRef('model_votes.comparison_id', '=', 'comparisons.comparison_id'))))
      .executeTakeFirst();
    const keptComparisons = await trx.updateTable('comparisons').set({ user_id: null }).where('user_id', '=', userId).executeTakeFirst();
    const keptVotes = await trx.updateTable('model_votes').set({ user_id: null }).where('user_id', '=', userId).executeTakeFirst();
    await trx.updateTable('ai_models').set({ created_by: null }).where('created_by', '=', userId).execute();
    await trx.updateTable('provider_api_keys').set({ created_by: null }).where('created_by', '=', userId).execute();
    await trx.deleteFrom('local_credentials').where('user_id', '=', userId).execute();
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    await trx.insertInto('deleted_accounts').values({ user_id: userId }).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
    await trx.deleteFrom('users').where('user_id', '=', userId).execute();
    return {
      user_id: userId,
      email: target.email,
      threads: Number(deletedThreads.numDeletedRows),
      messages: Number(messages.numDeletedRows),
      comparisons_deleted: Number(unvoted.numDeletedRows),
      comparisons_kept: Number(keptComparisons.numUpdatedRows),
      votes_kept: Number(keptVotes.numUpdatedRows),
    };
  });
}
