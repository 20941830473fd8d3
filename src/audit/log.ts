import os from 'node:os';
import type { Kysely } from 'kysely';
import type { AuditActorKind, AuditEntry, Database } from '../db/schema.js';
import { storableText } from './redact.js';

export interface AuditActor {
  kind: AuditActorKind;
  user_id?: string | null | undefined;
  email?: string | null | undefined;
  ip?: string | null | undefined;
}

export interface NewAuditEntry {
  actor: AuditActor;
  action: string;
  method?: string | undefined;
  route?: string | undefined;
  target?: string | null | undefined;
  status?: number | undefined;
  details?: Record<string, unknown> | undefined;
  request_id?: string | undefined;
}

type Executor = Pick<Kysely<Database>, 'insertInto'>;

/** Appends one entry; `db` may be a transaction, so an action and its entry commit together. */
export async function recordAudit(db: Executor, entry: NewAuditEntry): Promise<void> {
  const text = (value: string | null | undefined, max = 500) => (value === null || value === undefined ? null : storableText(value, max));
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actor.user_id ?? null,
      actor_email: text(entry.actor.email),
      actor_kind: entry.actor.kind,
      ip: text(entry.actor.ip, 100),
      action: storableText(entry.action, 100),
      method: entry.method ?? null,
      route: text(entry.route),
      target: text(entry.target),
      status: entry.status ?? null,
      details: JSON.stringify(entry.details ?? {}),
      request_id: text(entry.request_id, 200),
    })
    .execute();
}

/** The operating-system account behind `npx dualmind`, the closest thing a shell has to "who". */
export function cliActor(): AuditActor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): keep "unknown".
  }
  return { kind: 'cli', email: `${user}@${os.hostname()}` };
}

export interface AuditFilter {
  /** A user id, or a part of the actor's email. */
  actor?: string | undefined;
  /** An action or its prefix: `keys` matches `keys.update` and `keys.delete`. */
  action?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  offset: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Newest first, with the total matching the filter. */
export async function listAudit(db: Kysely<Database>, filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }> {
  let query = db.selectFrom('audit_log');
  if (filter.actor) {
    const actor = filter.actor;
    query = UUID.test(actor) ? query.where('actor_id', '=', actor) : query.where('actor_email', 'ilike', `%${escapeLike(actor)}%`);
  }
  if (filter.action) query = query.where('action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.since) query = query.where('created_at', '>=', new Date(filter.since));
  if (filter.until) query = query.where('created_at', '<', new Date(filter.until));
  const [entries, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('entry_id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { entries, total: Number(count.total) };
}
