import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** A job held by an instance that stopped heartbeating: to be handed back to pg-boss. */
export interface OrphanedJob {
  job_id: string;
  queue: string;
}

/**
 * The instance registry behind fast recovery (migration 0016): each instance heartbeats its row
 * and records the jobs it holds. Any instance may reap a stale one; the DELETE decides which
 * reaper gets its claims, so each orphaned job is handed back once.
 */
export class InstanceRegistry {
  constructor(
    private readonly db: Kysely<Database>,
    readonly instanceId: string,
  ) {}

  async register(): Promise<void> {
    await this.db
      .insertInto('job_instances')
      .values({ instance_id: this.instanceId })
      .onConflict((conflict) => conflict.column('instance_id').doUpdateSet({ heartbeat_at: sql<Date>`now()` }))
      .execute();
  }

  /** Returns false when the row was gone (this instance was reaped while it stalled). */
  async heartbeat(): Promise<boolean> {
    const result = await this.db.updateTable('job_instances').set({ heartbeat_at: sql<Date>`now()` }).where('instance_id', '=', this.instanceId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Removes instances silent for longer than `staleAfterMs` (or, with `everyOther`, every
   * instance but this one: the embedded database has a single owner, so at its start every
   * other row is a dead process) and returns the jobs they held. One statement: the claims are
   * read from the snapshot the DELETE (and its cascade) starts from.
   */
  async reap(staleAfterMs: number, everyOther = false): Promise<OrphanedJob[]> {
    const { rows } = await sql<OrphanedJob>`
      WITH dead AS (
        DELETE FROM job_instances
        WHERE instance_id <> ${this.instanceId}
          AND (${everyOther} OR heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000}))
        RETURNING instance_id
      )
      SELECT job_id, queue FROM job_claims WHERE instance_id IN (SELECT instance_id FROM dead)
    `.execute(this.db);
    return rows;
  }

  /** Records this instance's claim on jobs it fetched; `db` is the transaction that fetched them. */
  async claim(queue: string, jobIds: string[], db: Kysely<Database> = this.db): Promise<void> {
    if (jobIds.length === 0) return;
    await db
      .insertInto('job_claims')
      .values(jobIds.map((job_id) => ({ job_id, queue, instance_id: this.instanceId })))
      .onConflict((conflict) => conflict.columns(['job_id', 'queue']).doUpdateSet({ instance_id: this.instanceId, claimed_at: sql<Date>`now()` }))
      .execute();
  }

  async release(claims: OrphanedJob[]): Promise<void> {
    if (claims.length === 0) return;
    await sql`
      DELETE FROM job_claims c
      USING unnest(${claims.map((claim) => claim.job_id)}::uuid[], ${claims.map((claim) => claim.queue)}::text[]) AS r(job_id, queue)
      WHERE c.job_id = r.job_id AND c.queue = r.queue AND c.instance_id = ${this.instanceId}
    `.execute(this.db);
  }

  async unregister(): Promise<void> {
    await this.db.deleteFrom('job_instances').where('instance_id', '=', this.instanceId).execute();
  }
}
