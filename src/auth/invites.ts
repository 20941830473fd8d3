import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SignupInvite } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

/**
 * Invite codes for invite-only sign-up. A code is 128 random bits, shown once to the admin who
 * makes it; the database keeps only its SHA-256 (a random code needs no slow hash), so a
 * leaked table or backup holds no usable invite.
 */

export type InviteStatus = 'active' | 'used_up' | 'expired' | 'revoked';

export function hashInviteCode(code: string): string {
  return createHash('sha256').update(code.trim()).digest('hex');
}

export function inviteStatus(invite: SignupInvite, now = Date.now()): InviteStatus {
  if (invite.revoked_at) return 'revoked';
  if (invite.expires_at.getTime() <= now) return 'expired';
  return invite.uses >= invite.max_uses ? 'used_up' : 'active';
}

export async function createInvite(
  db: Kysely<Database>,
  input: { note?: string | undefined; max_uses: number; expires_in_days: number },
  createdBy: string,
): Promise<{ invite: SignupInvite; code: string }> {
  const code = randomBytes(16).toString('base64url');
  const invite = await db
    .insertInto('signup_invites')
    .values({
      code_hash: hashInviteCode(code),
      note: input.note ?? null,
      max_uses: input.max_uses,
      expires_at: sql<Date>`now() + make_interval(days => ${input.expires_in_days})`,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { invite, code };
}

export function listInvites(db: Kysely<Database>): Promise<SignupInvite[]> {
  return db.selectFrom('signup_invites').selectAll().orderBy('created_at', 'desc').orderBy('invite_id').execute();
}

/** Revoked invites are kept (who was invited stays known); revoking twice keeps the first time. */
export async function revokeInvite(db: Kysely<Database>, inviteId: string): Promise<SignupInvite> {
  const row = await db
    .updateTable('signup_invites')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('invite_id', '=', inviteId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Invite not found');
  return row;
}

/** Takes one use of a valid invite inside the sign-up's transaction, or refuses the sign-up. */
export async function useInvite(trx: Transaction<Database>, code: string | undefined): Promise<void> {
  if (!code) throw new ForbiddenError('invite_code: sign-up on this lab needs an invite; ask an admin for one');
  const used = await trx
    .updateTable('signup_invites')
    .set({ uses: sql<number>`uses + 1`, last_used_at: sql<Date>`now()` })
    .where('code_hash', '=', hashInviteCode(code))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('uses', '<', sql<number>`max_uses`)
    .returning('invite_id')
    .executeTakeFirst();
  if (!used) throw new ForbiddenError('invite_code: this invite is not valid (unknown, used up, expired or revoked); ask an admin for a new one');
}
