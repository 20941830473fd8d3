import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { UnauthorizedError } from '../errors.js';
import type { TokenIdentity } from './tokens.js';

export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of an authenticated request, as the handlers see it. */
export interface SessionUser {
  user_id: string;
  email: string | null;
  full_name: string | null;
  role: Role;
  /** Local access tokens carry the generation they were issued under; an older one is refused. */
  token_generation: number;
}

export function toRole(value: string | null): Role {
  return value === 'admin' ? 'admin' : 'user';
}

/** A users row (or the part of it that was selected) as the session sees it. */
export function toSessionUser(row: { user_id: string; email: string | null; full_name: string | null; role: string | null; token_generation: number | null }): SessionUser {
  return { user_id: row.user_id, email: row.email, full_name: row.full_name, role: toRole(row.role), token_generation: row.token_generation ?? 0 };
}

export const ACCOUNT_DISABLED = 'This account has been disabled by an admin';
export const ACCOUNT_DELETED = 'This account has been deleted';
const SIGNED_OUT = 'This session has ended (the password was changed or reset): sign in again';

/** What the cache knows of a user: the session, or why their tokens no longer work. */
type Known = SessionUser | 'disabled' | 'deleted';

/**
 * ensureUserExists: the `users` row for a token's subject, created on first sight (Supabase
 * Auth creates users in auth.users, not in public.users). One upsert, safe under concurrent
 * first requests; the answer is cached so a warm request costs no database round trip, and the
 * upsert runs again at most once per `refreshMs`, which is also how often `last_login_at` moves
 * and how soon a change made by another instance (a role, a disabled or deleted account, a new
 * password) is seen. The upsert never recreates a deleted account (its tombstone stops it) and
 * leaves a disabled one's row as it is.
 */
export class UserSync {
  private readonly cache = new Map<string, { known: Known; refreshAt: number }>();
  private readonly inFlight = new Map<string, Promise<Known>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly adminEmails: readonly string[],
    private readonly refreshMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  isAdminEmail(email: string | null): boolean {
    return email !== null && this.adminEmails.includes(email);
  }

  async ensureUserExists(identity: TokenIdentity): Promise<SessionUser> {
    const known = await this.lookup(identity);
    if (known === 'disabled') throw new UnauthorizedError(ACCOUNT_DISABLED);
    if (known === 'deleted') throw new UnauthorizedError(ACCOUNT_DELETED);
    if (identity.generation !== undefined && identity.generation !== known.token_generation) throw new UnauthorizedError(SIGNED_OUT);
    return known;
  }

  private lookup(identity: TokenIdentity): Promise<Known> {
    const cached = this.cache.get(identity.sub);
    if (cached && cached.refreshAt > this.now()) return Promise.resolve(cached.known);
    let pending = this.inFlight.get(identity.sub);
    if (!pending) {
      pending = this.upsert(identity).finally(() => this.inFlight.delete(identity.sub));
      this.inFlight.set(identity.sub, pending);
    }
    return pending;
  }

  /**
   * Called after a change on this instance (a role, a login, a new password, a disabled or
   * deleted account), so it takes effect here at once.
   */
  remember(userId: string, known: Known): void {
    this.cache.set(userId, { known, refreshAt: this.now() + this.refreshMs });
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async upsert(identity: TokenIdentity): Promise<Known> {
    const admin = this.isAdminEmail(identity.email);
    const row = await this.db
      .insertInto('users')
      .columns(['user_id', 'email', 'full_name', 'role', 'last_login_at'])
      .expression(
        this.db
          .selectNoFrom([
            sql<string>`${identity.sub}::uuid`.as('user_id'),
            sql<string | null>`${identity.email}::text`.as('email'),
            sql<string | null>`${identity.full_name}::text`.as('full_name'),
            sql<string>`${admin ? 'admin' : 'user'}::text`.as('role'),
            sql<Date>`now()`.as('last_login_at'),
          ])
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deleted_accounts').select('user_id').where('deleted_accounts.user_id', '=', identity.sub)))),
      )
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({
          // A disabled account's attempts are not logins.
          last_login_at: sql<Date>`CASE WHEN users.disabled_at IS NULL THEN now() ELSE users.last_login_at END`,
          email: sql<string | null>`coalesce(users.email, excluded.email)`,
          full_name: sql<string | null>`coalesce(users.full_name, excluded.full_name)`,
          role: admin ? 'admin' : sql<string | null>`users.role`,
        }),
      )
      .returning(['user_id', 'email', 'full_name', 'role', 'token_generation', 'disabled_at'])
      .executeTakeFirst();
    const known: Known = !row ? 'deleted' : row.disabled_at ? 'disabled' : toSessionUser(row);
    this.remember(identity.sub, known);
    return known;
  }
}
