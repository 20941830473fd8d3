import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CATEGORY_DEFINITIONS, type Label, type LabelCategory } from './categories.js';

/** Who labels now: the labeller model and, per category, the prompt version. */
export interface Target {
  modelId: string;
  category: LabelCategory;
}

/** Unreadable replies a comparison gets per target before it is given up (failed). */
export const MAX_ATTEMPTS = 3;

export const targetKey = ({ modelId, category }: Target) => `${modelId}:${CATEGORY_DEFINITIONS[category].version}`;

/** A comparison_labels row is referred to as `l` in queries, and by the table's name in ON CONFLICT. */
type Row = 'l' | 'comparison_labels';
const column = (row: Row, name: string) => sql.ref(`${row}.${name}`);

/** The row holds the target's label. */
const isCurrent = (target: Target, row: Row = 'l') =>
  sql<boolean>`(${column(row, 'value')} IS NOT NULL AND ${column(row, 'labeller_model_id')} IS NOT DISTINCT FROM ${target.modelId}::uuid AND ${column(row, 'prompt_version')} IS NOT DISTINCT FROM ${CATEGORY_DEFINITIONS[target.category].version}::int)`;
/** The row used up its attempts on the target. */
const isFailed = (target: Target, row: Row = 'l') => sql<boolean>`(${column(row, 'attempt_target')} IS NOT DISTINCT FROM ${targetKey(target)} AND coalesce(${column(row, 'attempts')}, 0) >= ${MAX_ATTEMPTS})`;

/** One comparison and category to label. */
export interface WorkItem {
  comparison_id: string;
  category: LabelCategory;
  prompt: string;
}

/**
 * Up to `limit` comparisons that need a label from the target, those with a vote first (they
 * are what the leaderboard counts), newest first within each group. Rows leased or backed off
 * are left out; failing a claim later is still possible (another instance took the row).
 */
export async function nextWork(db: Kysely<Database>, targets: Target[], limit: number): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  for (const voted of [true, false]) {
    for (const target of targets) {
      if (items.length >= limit) return items;
      const hasVote = sql<boolean>`EXISTS (SELECT 1 FROM model_votes v WHERE v.comparison_id = c.comparison_id)`;
      const rows = await db
        .selectFrom('comparisons as c')
        .select(['c.comparison_id', 'c.prompt_text'])
        .where('c.prompt_text', 'is not', null)
        .where(voted ? hasVote : sql<boolean>`NOT ${hasVote}`)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('comparison_labels as l')
                .select(sql`1`.as('one'))
                .whereRef('l.comparison_id', '=', 'c.comparison_id')
                .where('l.category', '=', target.category)
                .where(sql<boolean>`(${isCurrent(target)} OR ${isFailed(target)} OR l.retry_at > now())`),
            ),
          ),
        )
        .orderBy('c.created_at', 'desc')
        .orderBy('c.comparison_id')
        .limit(limit - items.length)
        .execute();
      for (const row of rows) items.push({ comparison_id: row.comparison_id, category: target.category, prompt: row.prompt_text ?? '' });
    }
  }
  return items;
}

/**
 * Leases the comparison's row for the target until `leaseMs` from now, if it still needs a
 * label and nobody holds it. One statement: a concurrent claim of the same row waits for the
 * row lock and then finds the lease taken. Returns the attempts made so far, or undefined.
 */
export async function claim(db: Kysely<Database>, target: Target, comparisonId: string, leaseMs: number): Promise<number | undefined> {
  const key = targetKey(target);
  const until = sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`;
  const row = await db
    .insertInto('comparison_labels')
    .values({ comparison_id: comparisonId, category: target.category, attempt_target: key, attempts: 0, retry_at: until })
    .onConflict((conflict) =>
      conflict
        .columns(['comparison_id', 'category'])
        .doUpdateSet({
          attempts: sql<number>`CASE WHEN comparison_labels.attempt_target = ${key} THEN coalesce(comparison_labels.attempts, 0) ELSE 0 END`,
          attempt_target: key,
          retry_at: until,
        })
        .where(sql<boolean>`NOT ${isCurrent(target, 'comparison_labels')} AND NOT ${isFailed(target, 'comparison_labels')}`)
        .where(sql<boolean>`(comparison_labels.retry_at IS NULL OR comparison_labels.retry_at <= now())`),
    )
    .returning('attempts')
    .executeTakeFirst();
  return row ? (row.attempts ?? 0) : undefined;
}

/** Stores the label and ends the lease. */
export async function saveLabel(db: Kysely<Database>, target: Target, comparisonId: string, label: Label): Promise<void> {
  await db
    .updateTable('comparison_labels')
    .set({
      value: label.value,
      score: label.score,
      labeller_model_id: target.modelId,
      prompt_version: CATEGORY_DEFINITIONS[target.category].version,
      labelled_at: sql<Date>`now()`,
      attempts: 0,
      retry_at: null,
      last_error: null,
    })
    .where('comparison_id', '=', comparisonId)
    .where('category', '=', target.category)
    .execute();
}

/**
 * An unreadable reply: one attempt used, asked again after a backoff that grows fourfold per
 * attempt; after MAX_ATTEMPTS the row is failed for this target (a new model or prompt version
 * tries again). A label from an earlier target stays until a new one replaces it.
 */
export async function saveUnreadable(db: Kysely<Database>, target: Target, comparisonId: string, error: string, retryBaseMs: number): Promise<void> {
  const attempts = sql<number>`coalesce(attempts, 0) + 1`;
  await db
    .updateTable('comparison_labels')
    .set({
      attempts,
      retry_at: sql<Date>`CASE WHEN ${attempts} >= ${MAX_ATTEMPTS} THEN NULL ELSE now() + make_interval(secs => ${retryBaseMs / 1000} * power(4, coalesce(attempts, 0))) END`,
      last_error: error.slice(0, 500),
    })
    .where('comparison_id', '=', comparisonId)
    .where('category', '=', target.category)
    .where('attempt_target', '=', targetKey(target))
    .execute();
}

/** The call never reached a verdict (rate limit, provider down): the lease ends, no attempt is used. */
export async function release(db: Kysely<Database>, target: Target, comparisonId: string, error: string): Promise<void> {
  await db
    .updateTable('comparison_labels')
    .set({ retry_at: null, last_error: error.slice(0, 500) })
    .where('comparison_id', '=', comparisonId)
    .where('category', '=', target.category)
    .execute();
}

/**
 * Takes the next call slot of the deployment-wide pace (`perMinute` calls a minute): resolves
 * with 0 when taken, else with how many milliseconds remain until the next slot opens.
 */
export async function takePaceSlot(db: Kysely<Database>, perMinute: number): Promise<number> {
  const taken = await db
    .updateTable('labeller_pace')
    .set({ next_call_at: sql<Date>`greatest(next_call_at, now()) + make_interval(secs => ${60 / perMinute})` })
    .where(sql<boolean>`next_call_at <= now()`)
    .returning('id')
    .executeTakeFirst();
  if (taken) return 0;
  const row = await db
    .selectFrom('labeller_pace')
    .select(sql<number>`greatest(extract(epoch from next_call_at - now()) * 1000, 0)`.as('wait_ms'))
    .executeTakeFirst();
  return row ? Math.ceil(Number(row.wait_ms)) + 1 : 1_000;
}

export interface CategoryProgress {
  category: LabelCategory;
  prompt_version: number;
  /** Comparisons with the current labeller's label (any value). */
  labelled: number;
  /** Of those, the ones in the category. */
  in_category: number;
  /** Comparisons still to label: no current label and not failed (retrying ones included). */
  pending: number;
  /** Of the pending ones, those with unreadable replies so far, waiting for another try. */
  retrying: number;
  /** Comparisons given up for the current labeller after MAX_ATTEMPTS unreadable replies. */
  failed: number;
}

/**
 * Progress per category of the labeller model `modelId`; with no labeller, what the stored
 * labels amount to (whatever model gave them).
 */
export async function labelProgress(db: Kysely<Database>, modelId: string | undefined, categories: readonly LabelCategory[]): Promise<CategoryProgress[]> {
  const total = await db.selectFrom('comparisons').select((eb) => eb.fn.countAll<string>().as('n')).where('prompt_text', 'is not', null).executeTakeFirstOrThrow();
  return Promise.all(
    categories.map(async (category) => {
      const target = modelId ? { modelId, category } : undefined;
      const current = target ? isCurrent(target) : sql<boolean>`(l.value IS NOT NULL)`;
      const failed = target ? sql<boolean>`(${isFailed(target)} AND NOT ${current})` : sql<boolean>`false`;
      const retrying = target ? sql<boolean>`(l.attempt_target = ${targetKey(target)} AND l.attempts > 0 AND NOT ${current} AND NOT ${failed})` : sql<boolean>`false`;
      const row = await db
        .selectFrom('comparison_labels as l')
        .select([
          sql<string>`count(*) FILTER (WHERE ${current})`.as('labelled'),
          sql<string>`count(*) FILTER (WHERE ${current} AND l.value)`.as('in_category'),
          sql<string>`count(*) FILTER (WHERE ${failed})`.as('failed'),
          sql<string>`count(*) FILTER (WHERE ${retrying})`.as('retrying'),
        ])
        .where('l.category', '=', category)
        .executeTakeFirstOrThrow();
      const labelled = Number(row.labelled);
      const failedCount = Number(row.failed);
      return {
        category,
        prompt_version: CATEGORY_DEFINITIONS[category].version,
        labelled,
        in_category: Number(row.in_category),
        pending: Math.max(0, Number(total.n) - labelled - failedCount),
        retrying: Number(row.retrying),
        failed: failedCount,
      };
    }),
  );
}
