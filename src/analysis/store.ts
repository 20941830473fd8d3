import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RegistryNames } from './identity.js';
import type { FeaturesRow, SideRecord } from './rows.js';
import { FEATURES_VERSION } from './rules.js';

/** A comparison whose features are missing or out of date, with what computing them needs. */
export interface ComparisonToAnalyse {
  comparison_id: string;
  prompt: string;
  answers: [string, string];
  firstTurn: boolean;
  sides: { model1: SideRecord; model2: SideRecord };
}

/**
 * Comparisons need features when their prompt is stored (an imported battle without its texts
 * has none to analyse) and they have no row of the current version.
 */
const needsFeatures = sql<boolean>`c.prompt_text IS NOT NULL AND (f.comparison_id IS NULL OR f.features_version < ${FEATURES_VERSION})`;

/** Those of `ids` that still need features, with their texts. */
export async function loadForAnalysis(db: Kysely<Database>, ids: readonly string[]): Promise<ComparisonToAnalyse[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comparisons as c')
    .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .select(['c.comparison_id', 'c.prompt_text', 'c.model1_response', 'c.model2_response', 'c.model1_usage', 'c.model2_usage', 'c.model1_ttft_ms', 'c.model2_ttft_ms'])
    // A turn is the thread's first when no message of its thread came before its own message.
    .select(
      sql<boolean>`NOT EXISTS (
        SELECT 1 FROM thread_messages m JOIN thread_messages earlier ON earlier.thread_id = m.thread_id AND earlier.created_at < m.created_at
        WHERE m.comparison_id = c.comparison_id)`.as('first_turn'),
    )
    .where('c.comparison_id', 'in', ids)
    .where(needsFeatures)
    .execute();
  return rows.map((row) => ({
    comparison_id: row.comparison_id,
    prompt: row.prompt_text ?? '',
    answers: [row.model1_response ?? '', row.model2_response ?? ''],
    firstTurn: row.first_turn,
    sides: {
      model1: { usage: row.model1_usage, ttft_ms: row.model1_ttft_ms },
      model2: { usage: row.model2_usage, ttft_ms: row.model2_ttft_ms },
    },
  }));
}

/**
 * One page of the sweep: up to `limit` comparisons that have a prompt, with ids in
 * (after, until], in id order (the partial index comparisons_with_prompt_idx), and which of them
 * need features. Each page reads at most `limit` comparisons, so no query of the sweep holds the
 * (embedded database's single) connection for long, whatever the table's size.
 */
export async function sweepPage(
  db: Kysely<Database>,
  range: { after: string; until: string | undefined },
  limit: number,
): Promise<{ needed: string[]; last: string | undefined; full: boolean }> {
  const rows = await db
    .with('page', (q) => {
      let page = q.selectFrom('comparisons').select(['comparison_id', 'prompt_text']).where('prompt_text', 'is not', null).where('comparison_id', '>', range.after);
      if (range.until) page = page.where('comparison_id', '<=', range.until);
      return page.orderBy('comparison_id').limit(limit);
    })
    .selectFrom('page as c')
    .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .select('c.comparison_id')
    .select(needsFeatures.as('needed'))
    .orderBy('c.comparison_id')
    .execute();
  return { needed: rows.filter((row) => row.needed).map((row) => row.comparison_id), last: rows.at(-1)?.comparison_id, full: rows.length === limit };
}

/** Comparisons stored between `fromSeconds` and `toSeconds` ago that still need features. */
export async function recentNeedingFeatures(db: Kysely<Database>, window: { fromSeconds: number; toSeconds: number }, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('comparisons as c')
    .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
    .select('c.comparison_id')
    .where(sql<boolean>`c.created_at > now() - make_interval(secs => ${window.fromSeconds})`)
    .where(sql<boolean>`c.created_at <= now() - make_interval(secs => ${window.toSeconds})`)
    .where(needsFeatures)
    .orderBy('c.created_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.comparison_id);
}

/** Every model name, provider name and display name: what an answer could give away. */
export async function registryNames(db: Kysely<Database>): Promise<RegistryNames> {
  const [models, providers] = await Promise.all([
    db.selectFrom('ai_models').select('model_name').orderBy('model_name').execute(),
    db.selectFrom('providers').select(['provider_name', 'display_name']).orderBy('provider_name').execute(),
  ]);
  return {
    modelNames: [...new Set(models.map((row) => row.model_name))],
    providerNames: [...new Set(providers.flatMap((row) => [row.provider_name, ...(row.display_name ? [row.display_name] : [])]))],
  };
}

async function upsert(db: Kysely<Database>, rows: FeaturesRow[]): Promise<void> {
  const columns = Object.keys(rows[0] as FeaturesRow).filter((column) => column !== 'comparison_id') as Array<keyof FeaturesRow>;
  await db
    .insertInto('comparison_features')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .column('comparison_id')
        .doUpdateSet((eb) => ({ ...Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)])), computed_at: sql<Date>`now()` }))
        .where('comparison_features.features_version', '<=', (eb) => eb.ref('excluded.features_version')),
    )
    .execute();
}

/**
 * Inserts or replaces rows in one statement. A row computed by older rules never replaces one
 * computed by newer rules (two versions of the server during a rolling upgrade), and a
 * comparison deleted meanwhile is skipped rather than failing the batch.
 */
export async function writeFeatures(db: Kysely<Database>, rows: FeaturesRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await upsert(db, rows);
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error;
    const ids = rows.map((row) => row.comparison_id);
    const existing = new Set((await db.selectFrom('comparisons').select('comparison_id').where('comparison_id', 'in', ids).execute()).map((row) => row.comparison_id));
    const kept = rows.filter((row) => existing.has(row.comparison_id));
    if (kept.length > 0) await upsert(db, kept);
  }
}
