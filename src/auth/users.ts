import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TokenIdentity } from './tokens.js';

export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of an authenticated request, as the handlers see it. */
export interface SessionUser {
  user_id: string;
  email: string | null;
  full_name: string | null;
  role: Role;
}

export function toRole(value: string | null): Role {
  return value === 'admin' ? 'admin' : 'user';
}

/**
 * ensureUserExists: the `users` row for a token's subject, created on first sight (Supabase
 * Auth creates users in auth.users, not in public.users). One upsert, safe under concurrent
 * first requests; the answer is cached so a warm request costs no database round trip, and the
 * upsert runs again at most once per `refreshMs`, which is also how often `last_login_at` moves
 * and how soon a role changed by another instance is seen.
 */
export class UserSync {
  private readonly cache = new Map<string, { user: SessionUser; refreshAt: number }>();
  private readonly inFlight = new Map<string, Promise<SessionUser>>();

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
    const cached = this.cache.get(identity.sub);
    if (cached && cached.refreshAt > this.now()) return cached.user;
    let pending = this.inFlight.get(identity.sub);
    if (!pending) {
      pending = this.upsert(identity).finally(() => this.inFlight.delete(identity.sub));
      this.inFlight.set(identity.sub, pending);
    }
    return pending;
  }

  /** Called after a role change or a new login on this instance, so it takes effect at once. */
  remember(user: SessionUser): void {
    this.cache.set(user.user_id, { user, refreshAt: this.now() + this.refreshMs });
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async upsert(identity: TokenIdentity): Promise<SessionUser> {
    const admin = this.isAdminEmail(identity.email);
    const row = await this.db
      .insertInto('users')
      .values({
        user_id: identity.sub,
        email: identity.email,
        full_name: identity.full_name,
        role: admin ? 'admin' : 'user',
        last_login_at: sql<Date>`now()`,
      })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({
          last_login_at: sql<Date>`now()`,
          email: sql<string | null>`coalesce(users.email, excluded.email)`,
          full_name: sql<string | null>`coalesce(users.full_name, excluded.full_name)`,
          role: admin ? 'admin' : sql<string | null>`users.role`,
        }),
      )
      .returning(['user_id', 'email', 'full_name', 'role'])
      .executeTakeFirstOrThrow();
    const user = { ...row, role: toRole(row.role) };
    this.remember(user);
    return user;
  }
}
