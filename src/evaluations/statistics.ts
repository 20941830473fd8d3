import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How often a running run may re-analyze the tables it fills. */
const ANALYZE_EVERY_MS = 10_000;

/**
 * Planner statistics for the tables a run fills. Without fresh ones the planner joins a run's
 * thousands of answers and verdicts by nested loops over what it takes for empty tables, and the
 * run's item count (which the driver takes every two seconds) went from 0.1 s to 10–30 s on 1,000
 * prompts, holding a connection (PGlite's only one) all that time. PGlite has no autovacuum, so
 * nothing else would ever ANALYZE them; PostgreSQL's comes only after its naptime (a minute) and
 * thresholds, so in the evaluations benchmark the first run's counts took 3–11 s each and its
 * results 10.5 s. So the driver refreshes them, at most every ten seconds per instance.
 */
export class TableStatistics {
  private analyzedAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** `finished`: a run just ended; its tables have their rows now, however recently they were analyzed (a short run's only pass may have seen them empty). */
  async refresh(options: { finished?: boolean } = {}, now = Date.now()): Promise<void> {
    if (!options.finished && now - this.analyzedAt < ANALYZE_EVERY_MS) return;
    this.analyzedAt = now;
    await sql`ANALYZE eval_answers, eval_judgments, prompt_set_items`.execute(this.db);
  }
}
