import readline from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Analyser } from '../analysis/analyser.js';
import { analyseBattles, battleAnalysisFields, EXPORTED_FEATURE_COLUMNS, exportedFeatureFields, importedFeaturesRow } from '../analysis/battleFeatures.js';
import { registryNames } from '../analysis/store.js';
import type { Database, VoteOutcome } from '../db/schema.js';

/**
 * Battles in FastChat's format (LMArena's public dumps and notebooks): one JSON object per line
 * with `model_a`, `model_b`, `winner` and `tstamp`, plus our ids so a round trip keeps them.
 */
export const FASTCHAT_WINNERS = ['model_a', 'model_b', 'tie', 'tie (bothbad)'] as const;

const WINNER_BY_OUTCOME: Record<VoteOutcome, (typeof FASTCHAT_WINNERS)[number]> = {
  model1: 'model_a',
  model2: 'model_b',
  tie: 'tie',
  both_bad: 'tie (bothbad)',
};
const OUTCOME_BY_WINNER: Record<(typeof FASTCHAT_WINNERS)[number], VoteOutcome> = {
  model_a: 'model1',
  model_b: 'model2',
  tie: 'tie',
  'tie (bothbad)': 'both_bad',
};

export const battleSchema = z.object({
  model_a: z.string().min(1).max(200),
  model_b: z.string().min(1).max(200),
  winner: z.enum(FASTCHAT_WINNERS),
  tstamp: z.number().positive().optional(),
  anony: z.boolean().optional(),
  comparison_id: z.uuid().optional(),
  vote_id: z.uuid().optional(),
  /** Ours: the vote's time to the microsecond (tstamp, a float, cannot hold it), for exact order. */
  created_at: z.iso.datetime({ offset: true }).optional(),
  ...battleAnalysisFields,
}).refine((battle) => !battle.conversation_a === !battle.conversation_b, { message: 'give conversation_a and conversation_b together', path: ['conversation_b'] });
export type Battle = z.infer<typeof battleSchema>;

const PAGE = 5_000;

/** A timestamp as text with all its microseconds (JavaScript dates stop at milliseconds). */
const MICROSECONDS = sql<string>`to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every vote as a battle line, oldest first, read a page at a time so memory stays flat. */
export async function* exportBattles(db: Kysely<Database>): AsyncGenerator<string> {
  let after: { created_at: string; vote_id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom('model_votes as v')
      .innerJoin('comparisons as c', 'c.comparison_id', 'v.comparison_id')
      .innerJoin('ai_models as a', 'a.model_id', 'c.model1_id')
      .innerJoin('ai_models as b', 'b.model_id', 'c.model2_id')
      .leftJoin('comparison_features as f', 'f.comparison_id', 'c.comparison_id')
      .select(MICROSECONDS.as('created_at_text'))
      .select(['v.vote_id', 'v.created_at', 'v.outcome', 'v.winner_model_id', 'v.blind', 'c.comparison_id', 'c.model1_id', 'c.model2_id', 'c.mode', 'a.model_name as model_a', 'b.model_name as model_b'])
      .select(EXPORTED_FEATURE_COLUMNS.map((column) => `f.${column}` as const))
      .where('v.created_at', 'is not', null)
      .orderBy('v.created_at')
      .orderBy('v.vote_id')
      .limit(PAGE);
    if (after) {
      const cursor = after;
      query = query.where(sql<boolean>`(v.created_at, v.vote_id) > (${cursor.created_at}::timestamptz, ${cursor.vote_id}::uuid)`);
    }
    const rows = await query.execute();
    for (const row of rows) {
      const outcome: VoteOutcome =
        row.outcome ?? (row.winner_model_id === null ? 'tie' : row.winner_model_id === row.model1_id ? 'model1' : 'model2');
      yield `${JSON.stringify({
        model_a: row.model_a,
        model_b: row.model_b,
        winner: WINNER_BY_OUTCOME[outcome],
        tstamp: (row.created_at as Date).getTime() / 1000,
        // Blind, not merely anonymous: an imported battle has no thread, so `anony` alone decides it.
        anony: row.blind ?? row.mode === 'anonymous',
        comparison_id: row.comparison_id,
        vote_id: row.vote_id,
        created_at: row.created_at_text,
        ...exportedFeatureFields(row),
      })}\n`;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = { created_at: last.created_at_text, vote_id: last.vote_id };
  }
}

export interface ImportReport {
  imported: number;
  skipped: number;
  models_created: string[];
  /** The first few problems, with their line numbers. */
  errors: string[];
}

const BATCH = 500;

/**
 * Stores battles as comparisons with one vote each. Unknown model names become inactive models
 * (provider unset) so a public dump can seed a leaderboard; a battle whose ids are already here is
 * skipped, so importing the same file twice changes nothing. A battle that carries conv_metadata
 * or its conversations also gets its comparison_features row (see src/analysis/battleFeatures.ts),
 * its conversations analysed on the analyser's worker before each batch's transaction.
 */
export async function importBattles(db: Kysely<Database>, body: ReadableStream<Uint8Array>, analyser: Analyser): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, skipped: 0, models_created: [], errors: [] };
  const registry = await registryNames(db);
  const modelIds = new Map((await db.selectFrom('ai_models').select(['model_id', 'model_name']).orderBy('created_at').execute()).reverse().map((row) => [row.model_name, row.model_id]));
  // Created only now, right before it is read: readline drops lines emitted before iteration starts.
  const lines = readline.createInterface({ input: Readable.fromWeb(body as NodeReadableStream<Uint8Array>), crlfDelay: Infinity });
  let batch: Array<{ battle: Battle; line: number }> = [];
  let lineNumber = 0;
  const reportError = (line: number, issue: string) => {
    if (report.errors.length < 10) report.errors.push(`line ${line}: ${issue}`);
  };

  const modelFor = async (trx: Kysely<Database>, name: string): Promise<string> => {
    const known = modelIds.get(name);
    if (known) return known;
    const created = await trx
      .insertInto('ai_models')
      .values({ model_name: name, provider_name: null, description: 'Imported from a battle file', status: 'inactive', updated_at: sql<Date>`now()` })
      .returning('model_id')
      .executeTakeFirstOrThrow();
    modelIds.set(name, created.model_id);
    report.models_created.push(name);
    return created.model_id;
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const analysed = await analyseBattles(analyser, current.map(({ battle }) => battle), registry);
    await db.transaction().execute(async (trx) => {
      for (const [index, { battle, line }] of current.entries()) {
        const comparisonId = battle.comparison_id ?? crypto.randomUUID();
        const exists = await trx.selectFrom('comparisons').select('comparison_id').where('comparison_id', '=', comparisonId).executeTakeFirst();
        if (exists) {
          report.skipped += 1;
          continue;
        }
        const [a, b] = [await modelFor(trx, battle.model_a), await modelFor(trx, battle.model_b)];
        const outcome = OUTCOME_BY_WINNER[battle.winner];
        const createdAt = battle.created_at ?? (battle.tstamp ? new Date(battle.tstamp * 1000) : new Date());
        await trx
          .insertInto('comparisons')
          .values({ comparison_id: comparisonId, model1_id: a, model2_id: b, mode: battle.anony ? 'anonymous' : 'named', created_at: createdAt })
          .execute();
        await trx
          .insertInto('model_votes')
          .values({
            ...(battle.vote_id && { vote_id: battle.vote_id }),
            comparison_id: comparisonId,
            winner_model_id: outcome === 'model1' ? a : outcome === 'model2' ? b : null,
            outcome,
            created_at: createdAt,
          })
          .execute();
        const facts = analysed[index];
        if (facts && !facts.ok) reportError(line, `conversations not analysed (${facts.error}); imported without their categories`);
        const features = importedFeaturesRow(comparisonId, battle, facts?.ok ? facts.value : undefined);
        if (features) await trx.insertInto('comparison_features').values(features).execute();
        report.imported += 1;
      }
    });
  };

  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      report.skipped += 1;
      reportError(lineNumber, 'not JSON');
      continue;
    }
    const battle = battleSchema.safeParse(parsed);
    if (!battle.success || battle.data.model_a === battle.data.model_b) {
      report.skipped += 1;
      reportError(lineNumber, battle.success ? 'model_a and model_b are the same' : `${battle.error.issues[0]?.path.join('.')}: ${battle.error.issues[0]?.message}`);
      continue;
    }
    batch.push({ battle: battle.data, line: lineNumber });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return report;
}
