import fs from 'node:fs';
import path from 'node:path';
import { MultiBar, Presets } from 'cli-progress';
import type { Kysely } from 'kysely';
import { createAnalyser } from '../../analysis/analyser.js';
import { toRole, type SessionUser } from '../../auth/users.js';
import type { Database } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { readPromptFile, type ImportFormat } from '../../evaluations/promptImport.js';
import { createPromptSet } from '../../evaluations/promptSets.js';
import type { EvaluationView } from '../../evaluations/service.js';
import { startEvaluations } from '../../evaluations/start.js';
import { startProviders } from '../../providers/service.js';
import { SettingsStore } from '../../settings/settings.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { note, print } from '../output.js';
import { formatTable } from '../table.js';

const POLL_MS = 500;
const TERMINAL = new Set(['done', 'failed', 'cancelled']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function formatOf(file: string): ImportFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new UsageError(`eval run: --set must be a .jsonl, .ndjson or .csv file (got ${JSON.stringify(file)})`);
}

/** A model by id or by name; a name that several providers serve must be given as an id. */
async function resolveModel(db: Kysely<Database>, reference: string, option: string): Promise<string> {
  const rows = await db
    .selectFrom('ai_models')
    .select(['model_id', 'model_name', 'provider_name'])
    .where((eb) => (UUID.test(reference) ? eb('model_id', '=', reference) : eb('model_name', '=', reference)))
    .execute();
  if (rows.length === 0) throw new ValidationError(`${option}: no model named ${JSON.stringify(reference)}`);
  if (rows.length > 1) throw new ValidationError(`${option}: ${reference} is served by ${rows.map((row) => row.provider_name).join(', ')}; give one model id (${rows.map((row) => row.model_id).join(', ')})`);
  return (rows[0] as { model_id: string }).model_id;
}

/** The owner of the set and the run: --owner's user, else the first admin. */
async function resolveOwner(db: Kysely<Database>, email: string | undefined): Promise<SessionUser> {
  let query = db.selectFrom('users').select(['user_id', 'email', 'full_name', 'role']).orderBy('created_at').limit(1);
  query = email === undefined ? query.where('role', '=', 'admin') : query.where('email', '=', email.trim().toLowerCase());
  const user = await query.executeTakeFirst();
  if (!user) throw new ValidationError(email === undefined ? 'no admin yet: create one (dualmind create-admin) or name the owner with --owner <email>' : `--owner: no user with the email ${email}`);
  // Acting in-process: no token is involved, so its generation does not matter.
  return { ...user, role: toRole(user.role), token_generation: 0 };
}

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const duration = (ms: number | null) => (ms === null ? '?' : ms < 60_000 ? `${Math.ceil(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`);

/** The results as a table: win rate and interval, rating, MT-Bench consistency, usage. */
export function resultsTable(view: EvaluationView): string {
  const results = view.results;
  if (!results) return 'No results.';
  const rows = results.models.map((model) => [
    `${model.model_name}${model.is_baseline ? ' (baseline)' : ''}${model.is_judge ? ' (judge)' : ''}`,
    percent(model.win_rate),
    model.ci_lower === null || model.ci_upper === null ? '-' : `${percent(model.ci_lower)} – ${percent(model.ci_upper)}`,
    model.rating === null ? '-' : model.rating.toFixed(0),
    `${model.consistency.wins}/${model.consistency.losses}/${model.consistency.ties}`,
    String(model.answers),
    model.avg_time_ms === null ? '-' : `${model.avg_time_ms} ms`,
    model.cost === null ? '-' : model.cost.toFixed(4),
  ]);
  const table = formatTable(['model', 'win rate', '95% interval', 'rating', 'consistent W/L/T', 'answers', 'avg time', 'cost'], rows);
  const flips = results.position_flip_rate === null ? '-' : percent(results.position_flip_rate);
  return `${table}\n\nVerdicts: ${results.verdicts.parsed} parsed, ${results.verdicts.unparsed} unparsed. Position flips: ${flips} of ${results.pairs_judged_both_orders} pairs.${
    results.judge_is_contestant ? ' The judge is also a contestant.' : ''
  }`;
}

/**
 * `dualmind eval run --set FILE --models a,b --baseline c --judge d`: imports the file as a new
 * prompt set, starts the run, works on it in this process (with any server instances on the
 * same database) while a progress bar runs on stderr, and prints the results table.
 */
export const evalRunCommand: Command = async (args, { config, logger }) => {
  const { values } = parseCommand(
    'eval run',
    args,
    {
      set: { type: 'string' },
      models: { type: 'string' },
      baseline: { type: 'string' },
      judge: { type: 'string' },
      mode: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      'system-prompt': { type: 'string' },
      'judge-prompt': { type: 'string' },
    },
    [],
  );
  const mode = values.mode ?? (values.baseline === undefined ? 'round_robin' : 'vs_baseline');
  if (mode !== 'vs_baseline' && mode !== 'round_robin') throw new UsageError('eval run: --mode is vs_baseline or round_robin');
  if (!values.set) throw new UsageError('eval run: --set <file> is required');
  if (!values.models) throw new UsageError('eval run: --models <a,b,...> is required');
  if (!values.judge) throw new UsageError('eval run: --judge <model> is required');
  if (mode === 'vs_baseline' && !values.baseline) throw new UsageError('eval run: --baseline <model> is required in vs_baseline mode');
  const format = formatOf(values.set);
  if (!fs.existsSync(values.set)) throw new UsageError(`eval run: cannot read ${values.set}`);
  // The whole file is checked before the database is touched: a bad line stores nothing.
  const prompts = await readPromptFile(fs.createReadStream(values.set), format).catch((error: unknown) => {
    throw error instanceof ValidationError ? new ValidationError(`${values.set}: ${error.message}`) : error;
  });

  return withMigratedDatabase(config, logger, async (database) => {
    const { db } = database;
    const owner = await resolveOwner(db, values.owner);
    const modelIds = [];
    for (const reference of (values.models ?? '').split(',').map((part) => part.trim()).filter(Boolean)) modelIds.push(await resolveModel(db, reference, '--models'));
    const baseline = values.baseline ? await resolveModel(db, values.baseline, '--baseline') : undefined;
    const judge = await resolveModel(db, values.judge ?? '', '--judge');

    const providers = await startProviders(config, db, logger);
    const settings = new SettingsStore(db, config.SETTINGS_CACHE_MS);
    const analyser = createAnalyser();
    const evaluations = await startEvaluations(config, database, { providers, settings, logger, traffic: { inFlight: () => 0 }, analyser });
    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
    };
    process.once('SIGINT', onSignal);
    try {
      const set = await createPromptSet(db, owner, values.name ?? path.basename(values.set ?? 'prompts'), prompts);
      const run = await evaluations.service.create(owner, {
        prompt_set_id: set.prompt_set_id,
        mode,
        model_ids: modelIds,
        baseline_model_id: baseline,
        judge_model_id: judge,
        judge_prompt_id: values['judge-prompt'],
        name: values.name,
        system_prompt: values['system-prompt'],
      });
      note(`Evaluation ${run.evaluation_id}: ${prompts.length} prompts, ${run.answers_total} answers, ${run.judgments_total} judgments.`);
      const bars = new MultiBar(
        { format: '{stage} |{bar}| {value}/{total} | {status} | ETA {eta_text}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000, stream: process.stderr },
        Presets.shades_classic,
      );
      const answers = bars.create(run.answers_total, 0, { stage: 'answers  ', status: run.status, eta_text: '?' });
      const judgments = bars.create(run.judgments_total, 0, { stage: 'judgments', status: run.status, eta_text: '?' });
      let view = await evaluations.service.view(owner, run.evaluation_id);
      while (!interrupted && !TERMINAL.has(view.evaluation.status)) {
        const { progress } = view;
        const payload = { status: view.evaluation.status, eta_text: duration(progress.eta_ms) };
        answers.update(progress.answers.done + progress.answers.failed, payload);
        judgments.update(progress.judgments.done + progress.judgments.failed + progress.judgments.blocked, payload);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        view = await evaluations.service.view(owner, run.evaluation_id);
      }
      const { progress } = view;
      answers.update(progress.answers.done + progress.answers.failed, { status: view.evaluation.status, eta_text: '-' });
      judgments.update(progress.judgments.done + progress.judgments.failed + progress.judgments.blocked, { status: view.evaluation.status, eta_text: '-' });
      bars.stop();
      if (interrupted) {
        note(`Interrupted: evaluation ${run.evaluation_id} is still running; a server on this database (or this command) carries it on.`);
        return 1;
      }
      if (view.evaluation.status !== 'done') {
        note(`Evaluation ${view.evaluation.status}${view.evaluation.error ? `: ${view.evaluation.error}` : ''}`);
        return 1;
      }
      print(resultsTable(view));
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      await evaluations.stop();
      await providers.stop();
      await analyser.close();
    }
  });
};
