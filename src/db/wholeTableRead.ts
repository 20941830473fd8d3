import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Memory a whole-table read may hash and aggregate in, per plan node. The style-controlled
 * leaderboard's read of 1M votes hashes about 94 MB; at the default 4 MB the hash joins and
 * aggregates ran in batches through temporary files, which on PGlite (files emulated in
 * WebAssembly) took 40% of that read (8.1 s → 5.3 s), a quarter of the overview's per-category
 * totals (1.56 s → 1.14 s) and two thirds of the models' speed and cost medians (24 s → 8 s). Only
 * what a node needs is allocated, and only in this transaction.
 */
const WHOLE_TABLE_WORK_MEM = '256MB';

/**
 * Runs a read that passes over whole tables (every vote or comparison) in one transaction with
 * room to hash in memory; `noNestedLoops` where the planner, unable to see through the hygiene
 * rules, expects a few thousand rows of a million and would fetch each one's facts by index.
 */
export function wholeTableRead<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>, options: { noNestedLoops?: boolean } = {}): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = ${sql.lit(WHOLE_TABLE_WORK_MEM)}`.execute(trx);
    if (options.noNestedLoops) await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    return read(trx);
  });
}
