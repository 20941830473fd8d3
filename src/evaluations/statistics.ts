import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How often a running run may re-analyze the tables it fills. */
const ANALYZE_EVERY_MS = 10_000;

/**
 * Planner statistics for the tables a run fills, on the embedded database. PGlite runs without
 * autovacuum, so nothing ever ANALYZEs them: with no statistics the planner joins a run's
 * thousands of answers by nested loops, and the run's item count (which the driver takes every
 * two seconds) went from 0.1 s to 10–30 s on 1,000 prompts (measured on PostgreSQL with the
 * statistics removed), holding the one connection the whole app shares until the server stopped
 * answering. So the driver refreshes them, at most every ten seconds per instance. PostgreSQL's
 * autovacuum does this itself; there it is skipped.
 */
export class TableStatistics {
  private analyzedAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly enabled: boolean,
  ) {}

  /** `finished`: a run just ended; its tables have their rows now, however recently they were analyzed (a short run's only pass may have seen them empty). */
  async refresh(options: { finished?: boolean } = {}, now = Date.now()): Promise<void> {
    if (!this.enabled || (!options.finished && now - this.analyzedAt < ANALYZE_EVERY_MS)) return;
    this.analyzedAt = now;
    await sql`ANALYZE eval_answers, eval_judgments, prompt_set_items`.execute(this.db);
  }
}
