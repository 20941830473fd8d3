import { sql, type Kysely } from 'kysely';
import { executePrepared } from '../db/prepared.js';
import type { Database, Evaluation, SideError, StoredVerdict } from '../db/schema.js';
import type { BackgroundCalls, Completion } from '../jobs/backgroundCalls.js';
import type { JobQueue, NewJob } from '../jobs/jobQueue.js';
import type { Logger } from '../logger.js';
import type { ChatMessage } from '../providers/adapter.js';
import type { Catalog } from '../providers/catalog.js';
import { classifyError } from '../providers/errors.js';
import type { SettingsStore } from '../settings/settings.js';
import { idFromKey } from './hashing.js';
import { judgePromptVersion, type ResolvedJudgePrompt } from './judgePrompts.js';
import { judgeMessages } from './judgeTemplate.js';
import { admitQueued, endRun, usersWithQueuedRuns } from './lifecycle.js';
import { attemptTag, finished, itemCounts, judgmentsReadyWith, pendingWork, type ItemCounts, type PendingWork } from './items.js';
import { computeResults, type ResultOptions } from './results.js';
import type { TableStatistics } from './statistics.js';
import { parseVerdict } from './verdicts.js';

interface AnswerJob {
  evaluation_id: string;
  attempt: number;
  model_id: string;
  prompt_hash: string;
}

interface JudgeJob {
  evaluation_id: string;
  attempt: number;
  first_id: string;
  second_id: string;
  position: number;
}

interface DriveJob {
  evaluation_id: string;
  /** Look for work that was never sent (first tick, start-up, a stall) rather than only count. */
  replan: boolean;
}

export const EVALUATION_QUEUES = { answer: 'eval-answer', judge: 'eval-judge', drive: 'eval-drive' } as const;
const DRIVE_GROUP = 'runs';
/** How often a running run's driver counts its items (and notices the end): one query over every item. */
const DRIVE_SECONDS = 2;
/** How often it counts once the run could end before the next regular count, so the end is seen soon. */
const NEAR_END_SECONDS = 0.25;
/** A run whose counts have not moved for this long is planned again, in case a send was lost. */
const STALL_MS = 30_000;
/** How long a run's status is trusted by job handlers: a pause reaches them within this. */
const LIVE_MS = 1_000;
/** How long a count of a run's items is reused (API polls, SSE streams and the driver share it). */
const COUNTS_MS = 1_000;
/** Judge calls per judgment: the first, and one retry when no verdict could be read from it. */
const JUDGE_TRIES = 2;
/** A job outlives a dead instance by at most this before pg-boss itself retries it (the registry is faster). */
const JOB_EXPIRY_SECONDS = 4 * 3600;
const SEND_BATCH = 1_000;

/**
 * Jobs a provider's queue runs at once on an instance, for `calls` calls allowed in flight (the
 * setting). A job also reads and writes the database before and after its call: on the embedded
 * database's one connection those waits came to 90 ms a job beside a 210 ms call in the
 * evaluations benchmark, and with a quarter more jobs than call slots the slots idled (answers
 * took 26 s where the calls needed 19 s). The extra jobs wait in BackgroundCalls, which still caps
 * the calls themselves.
 */
const jobsFor = (calls: number) => calls * 2;

export interface RunnerDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  calls: BackgroundCalls;
  catalog: Catalog;
  settings: SettingsStore;
  logger: Logger;
  results: ResultOptions;
  /** Refreshed before the driver counts a run's items (the embedded database has no autovacuum). */
  statistics: TableStatistics;
}

function failureOf(error: unknown): SideError {
  const classified = classifyError(error);
  return { category: classified.category, message: classified.message };
}

/**
 * Runs evaluations as jobs: a driver job per running run (counts its items every second, plans
 * work, ends the run), answer jobs grouped by the answering model's provider, judgment jobs by
 * the judge's. Job ids are derived from (run, attempt, item), so planning twice sends nothing
 * twice; a handler checks the stored row before calling anything, and writes with ON CONFLICT
 * against the row's unique key, so a job run twice (after a crash) stores nothing twice.
 */
export class EvaluationRunner {
  private readonly liveRuns = new Map<string, { at: number; run: Promise<Evaluation | undefined> }>();
  private readonly counted = new Map<string, { at: number; counts: Promise<ItemCounts> }>();
  private readonly stalls = new Map<string, { total: number; since: number }>();
  private readonly judgePrompts = new Map<string, Promise<ResolvedJudgePrompt>>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Declares the queues; call before the job queue starts. */
  register(): void {
    const { jobs, calls } = this.deps;
    const item = { policy: 'standard' as const, expireInSeconds: JOB_EXPIRY_SECONDS, retryLimit: 5, retryDelaySeconds: 2, concurrency: async (group: string) => jobsFor(await calls.concurrency(group)) };
    jobs.define<AnswerJob>({ name: EVALUATION_QUEUES.answer, ...item, handle: (job, signal) => this.answer(job.data, signal) });
    jobs.define<JudgeJob>({ name: EVALUATION_QUEUES.judge, ...item, handle: (job, signal) => this.judge(job.data, signal) });
    jobs.define<DriveJob>({
      name: EVALUATION_QUEUES.drive,
      policy: 'short',
      concurrency: () => 4,
      expireInSeconds: 600,
      retryLimit: 10,
      retryDelaySeconds: 1,
      handle: (job) => this.drive(job.data),
    });
  }

  /** After the job queue started: drive every running run (a restart lost nothing) and admit queued ones. */
  async start(): Promise<void> {
    const running = await this.deps.db.selectFrom('evaluations').select('evaluation_id').where('status', '=', 'running').execute();
    for (const { evaluation_id } of running) await this.launch(evaluation_id);
    for (const userId of await usersWithQueuedRuns(this.deps.db)) await this.admit(userId);
  }

  /** Starts the user's queued runs while their running ones are under the setting. */
  async admit(userId: string): Promise<void> {
    const { eval_max_running_per_user: limit } = await this.deps.settings.get();
    for (const run of await admitQueued(this.deps.db, userId, limit)) await this.launch(run.evaluation_id);
  }

  private launch(evaluationId: string): Promise<void> {
    this.liveRuns.delete(evaluationId);
    return this.deps.jobs.send<DriveJob>(EVALUATION_QUEUES.drive, DRIVE_GROUP, [{ data: { evaluation_id: evaluationId, replan: true }, singletonKey: evaluationId }]);
  }

  /** Forget what this instance cached of a run (after a status change made here). */
  forget(evaluationId: string): void {
    this.liveRuns.delete(evaluationId);
    for (const key of this.counted.keys()) if (key.startsWith(`${evaluationId}:`)) this.counted.delete(key);
  }

  /** The run's item counts, shared for a second by everything that asks. */
  counts(run: Evaluation): Promise<ItemCounts> {
    const key = `${run.evaluation_id}:${run.attempt}`;
    const now = Date.now();
    const cached = this.counted.get(key);
    if (cached && now - cached.at < COUNTS_MS) return cached.counts;
    const counts = itemCounts(this.deps.db, run);
    this.counted.set(key, { at: now, counts });
    counts.catch(() => this.counted.delete(key));
    return counts;
  }

  private liveRun(evaluationId: string): Promise<Evaluation | undefined> {
    const now = Date.now();
    const cached = this.liveRuns.get(evaluationId);
    if (cached && now - cached.at < LIVE_MS) return cached.run;
    const run = this.deps.db.selectFrom('evaluations').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirst();
    this.liveRuns.set(evaluationId, { at: now, run });
    run.catch(() => this.liveRuns.delete(evaluationId));
    return run;
  }

  /** The run, if its jobs of `attempt` should still work. */
  private async current(evaluationId: string, attempt: number): Promise<Evaluation | undefined> {
    const run = await this.liveRun(evaluationId);
    return run && run.status === 'running' && run.attempt === attempt ? run : undefined;
  }

  private async drive(job: DriveJob): Promise<void> {
    const run = await this.deps.db.selectFrom('evaluations').selectAll().where('evaluation_id', '=', job.evaluation_id).executeTakeFirst();
    if (!run || run.status !== 'running') {
      this.stalls.delete(job.evaluation_id);
      return;
    }
    this.forget(run.evaluation_id);
    await this.deps.statistics.refresh();
    const counts = await this.counts(run);
    const total = counts.answers.done + counts.answers.failed + counts.judgments.done + counts.judgments.failed + counts.judgments.blocked;
    const stall = this.stalls.get(run.evaluation_id);
    const stalled = stall !== undefined && stall.total === total && Date.now() - stall.since > STALL_MS;
    // Items finished per ms since the count before, which was the last tick while the run moves.
    const rate = stall && total > stall.total ? (total - stall.total) / Math.max(1, Date.now() - stall.since) : 0;
    if (!stall || stall.total !== total || stalled) this.stalls.set(run.evaluation_id, { total, since: Date.now() });
    if (finished(counts)) {
      this.stalls.delete(run.evaluation_id);
      await this.deps.statistics.refresh({ finished: true });
      await this.finish(run, counts);
      return;
    }
    if (job.replan || stalled) await this.send(run, await pendingWork(this.deps.db, run));
    const remaining = counts.answers.total + counts.judgments.total - total;
    const nearEnd = rate > 0 && remaining / rate < DRIVE_SECONDS * 1000;
    // The results tokenise every judged answer, and the analysis worker takes a second to start
    // after it stopped for idleness: started now, it is ready when they are computed.
    if (nearEnd) this.deps.results.analyser?.answers(['']).catch(() => {});
    await this.deps.jobs.send<DriveJob>(EVALUATION_QUEUES.drive, DRIVE_GROUP, [
      { data: { evaluation_id: run.evaluation_id, replan: false }, singletonKey: run.evaluation_id, startAfterSeconds: nearEnd ? NEAR_END_SECONDS : DRIVE_SECONDS },
    ]);
  }

  private async finish(run: Evaluation, counts: ItemCounts): Promise<void> {
    let ended: Evaluation | undefined;
    let resultsMs: number | undefined;
    if (counts.judgments.total > 0 && counts.judgments.done === 0) {
      const why = counts.answers.failed > 0 ? `${counts.answers.failed} of ${counts.answers.total} answers failed` : `all ${counts.judgments.failed} judgments failed`;
      ended = await endRun(this.deps.db, run.evaluation_id, { error: `No verdict could be made: ${why}` });
    } else {
      const models = new Map((await this.deps.catalog.snapshot()).models.map((model) => [model.model_id, model]));
      const started = performance.now();
      const results = await computeResults(this.deps.db, run, models, this.deps.results);
      resultsMs = Math.round(performance.now() - started);
      ended = await endRun(this.deps.db, run.evaluation_id, { results });
    }
    this.forget(run.evaluation_id);
    if (ended) {
      this.deps.logger.info({ evaluation_id: run.evaluation_id, status: ended.status, results_ms: resultsMs }, 'evaluation ended');
      await this.admit(run.user_id);
    }
  }

  /** Sends jobs for pending work, idempotently (ids from run, attempt and item). */
  private async send(run: Evaluation, work: PendingWork): Promise<void> {
    const { jobs } = this.deps;
    const byGroup = new Map<string, Array<{ id: string; priority: number; data: AnswerJob }>>();
    for (const { position, ...answer } of work.answers) {
      const group = await this.providerOf(answer.model_id);
      const list = byGroup.get(group) ?? [];
      list.push({
        id: idFromKey(`answer:${run.evaluation_id}:${run.attempt}:${answer.model_id}:${answer.prompt_hash}`),
        // A prompt's answers together, prompt after prompt: its judgments can start as soon as the
        // first prompts are answered. In any other order (pg-boss takes equal priorities by id) the
        // judge waited for most answers to be in before a pair of them was complete.
        priority: -position,
        data: { evaluation_id: run.evaluation_id, attempt: run.attempt, ...answer },
      });
      byGroup.set(group, list);
    }
    for (const [group, list] of byGroup) {
      for (let start = 0; start < list.length; start += SEND_BATCH) await jobs.send(EVALUATION_QUEUES.answer, group, list.slice(start, start + SEND_BATCH));
    }
    if (work.judgments.length === 0) return;
    const { group, list } = await this.judgeJobs(run, work.judgments);
    for (let start = 0; start < list.length; start += SEND_BATCH) await jobs.send<JudgeJob>(EVALUATION_QUEUES.judge, group, list.slice(start, start + SEND_BATCH));
  }

  private async providerOf(modelId: string): Promise<string> {
    return (await this.deps.catalog.model(modelId))?.provider_name ?? 'unknown';
  }

  /** Judgment jobs, for the judge's provider. */
  private async judgeJobs(run: Evaluation, judgments: PendingWork['judgments']): Promise<{ group: string; list: NewJob<JudgeJob>[] }> {
    const list = judgments.map((judgment) => ({
      id: idFromKey(`judge:${run.evaluation_id}:${run.attempt}:${judgment.first_id}:${judgment.second_id}:${judgment.question_hash}`),
      // Judgments first: finished pairs make the partial results (and the ETA) meaningful early.
      priority: 1,
      data: { evaluation_id: run.evaluation_id, attempt: run.attempt, first_id: judgment.first_id, second_id: judgment.second_id, position: judgment.position },
    }));
    return { group: await this.providerOf(run.judge_model_id), list };
  }

  private async answer(job: AnswerJob, signal: AbortSignal): Promise<void> {
    const run = await this.current(job.evaluation_id, job.attempt);
    if (!run) return;
    const tag = attemptTag(run);
    const { rows } = await executePrepared(this.deps.db, sql<{ prompt_text: string; stored: boolean; failed: boolean; attempt_tag: string | null }>`
      SELECT p.prompt_text, a.answer_id IS NOT NULL AS stored, a.error IS NOT NULL AS failed, a.attempt_tag
      FROM eval_prompts p
      LEFT JOIN eval_answers a ON a.prompt_hash = p.prompt_hash AND a.model_id = ${job.model_id} AND a.settings_hash = ${run.settings_hash}
      WHERE p.prompt_hash = ${job.prompt_hash}`.compile(this.deps.db));
    const found = rows[0];
    if (!found) return;
    if (!found.stored || (found.failed && found.attempt_tag !== tag)) await this.generateAnswer(run, job, found.prompt_text, tag, signal);
    const ready = await judgmentsReadyWith(this.deps.db, run, job);
    if (ready.length === 0) return;
    // Gathered with other answers' sends of the next few milliseconds: one insert for many.
    const { group, list } = await this.judgeJobs(run, ready);
    await this.deps.jobs.sendSoon(EVALUATION_QUEUES.judge, group, list);
  }

  private async generateAnswer(run: Evaluation, job: AnswerJob, promptText: string, tag: string, signal: AbortSignal): Promise<void> {
    const { db, catalog, calls } = this.deps;
    const model = await catalog.model(job.model_id);
    const messages: ChatMessage[] = [
      ...(run.generation_settings.system_prompt ? [{ role: 'system' as const, content: run.generation_settings.system_prompt }] : []),
      { role: 'user', content: promptText },
    ];
    let completion: Completion | undefined;
    let error: SideError | null = model ? null : { category: 'bad_request', message: 'The model was deleted' };
    if (model) {
      try {
        completion = await calls.complete(model, messages, signal);
      } catch (thrown) {
        if (signal.aborted) throw thrown;
        error = failureOf(thrown);
      }
    }
    const values = {
      answer_text: completion?.text ?? '',
      error: error ? JSON.stringify(error) : null,
      input_tokens: completion?.usage?.inputTokens ?? null,
      output_tokens: completion?.usage?.outputTokens ?? null,
      time_ms: completion?.total_ms ?? null,
      ttft_ms: completion?.ttft_ms ?? null,
      provider_name: completion?.provider_name ?? model?.provider_name ?? null,
      attempt_tag: tag,
      evaluation_id: run.evaluation_id,
    };
    // A stored answer is never replaced; a failed one is, by a later attempt.
    await executePrepared(
      db,
      db
        .insertInto('eval_answers')
        .values({ model_id: job.model_id, prompt_hash: job.prompt_hash, settings_hash: run.settings_hash, ...values })
        .onConflict((conflict) =>
          conflict
            .columns(['model_id', 'prompt_hash', 'settings_hash'])
            .doUpdateSet(values)
            .where('eval_answers.error', 'is not', null),
        )
        .compile(),
    );
  }

  private judgePrompt(run: Evaluation): Promise<ResolvedJudgePrompt> {
    const key = `${run.judge_prompt_id}:${run.judge_prompt_version}`;
    let prompt = this.judgePrompts.get(key);
    if (!prompt) {
      prompt = judgePromptVersion(this.deps.db, run.judge_prompt_id, run.judge_prompt_version);
      this.judgePrompts.set(key, prompt);
      prompt.catch(() => this.judgePrompts.delete(key));
    }
    return prompt;
  }

  private async judge(job: JudgeJob, signal: AbortSignal): Promise<void> {
    const run = await this.current(job.evaluation_id, job.attempt);
    if (!run) return;
    const { db, catalog, calls } = this.deps;
    const { rows } = await executePrepared(db, sql<{
      question_hash: string;
      reference: string | null;
      prompt_text: string;
      a_id: string | null;
      a_text: string | null;
      a_failed: boolean;
      b_id: string | null;
      b_text: string | null;
      b_failed: boolean;
      verdict: StoredVerdict | null;
      attempt_tag: string | null;
    }>`
      SELECT i.question_hash, i.reference, p.prompt_text,
        a.answer_id AS a_id, a.answer_text AS a_text, a.error IS NOT NULL AS a_failed,
        b.answer_id AS b_id, b.answer_text AS b_text, b.error IS NOT NULL AS b_failed,
        j.verdict, j.attempt_tag
      FROM prompt_set_items i
      JOIN eval_prompts p ON p.prompt_hash = i.prompt_hash
      LEFT JOIN eval_answers a ON a.model_id = ${job.first_id} AND a.prompt_hash = i.prompt_hash AND a.settings_hash = ${run.settings_hash}
      LEFT JOIN eval_answers b ON b.model_id = ${job.second_id} AND b.prompt_hash = i.prompt_hash AND b.settings_hash = ${run.settings_hash}
      LEFT JOIN eval_judgments j ON j.judge_model_id = ${run.judge_model_id} AND j.judge_prompt_id = ${run.judge_prompt_id}
        AND j.judge_prompt_version = ${run.judge_prompt_version} AND j.question_hash = i.question_hash
        AND j.answer_a_id = a.answer_id AND j.answer_b_id = b.answer_id
      WHERE i.prompt_set_id = ${run.prompt_set_id} AND i.version = ${run.prompt_set_version} AND i.position = ${job.position}`.compile(db));
    const item = rows[0];
    // Not ready (its answer job sends it again once it is) or never judgeable (an answer failed).
    if (!item || !item.a_id || !item.b_id || item.a_failed || item.b_failed) return;
    const tag = attemptTag(run);
    if (item.verdict !== null && (item.verdict !== 'failed' || item.attempt_tag === tag)) return;
    const key = {
      judge_model_id: run.judge_model_id,
      judge_prompt_id: run.judge_prompt_id,
      judge_prompt_version: run.judge_prompt_version,
      question_hash: item.question_hash,
      answer_a_id: item.a_id,
      answer_b_id: item.b_id,
    };

    const judgeModel = await catalog.model(run.judge_model_id);
    const messages = judgeMessages(await this.judgePrompt(run), { question: item.prompt_text, reference: item.reference, answerA: item.a_text ?? '', answerB: item.b_text ?? '' });
    let verdict: StoredVerdict = 'failed';
    let error: SideError | null = judgeModel ? null : { category: 'bad_request', message: 'The judge model was deleted' };
    let text = '';
    let attempts = 0;
    const usage = { input: 0, output: 0, time: 0, counted: false };
    let provider: string | null = judgeModel?.provider_name ?? null;
    if (judgeModel) {
      try {
        while (attempts < JUDGE_TRIES) {
          attempts += 1;
          const completion = await calls.complete(judgeModel, messages, signal);
          text = completion.text;
          provider = completion.provider_name;
          usage.input += completion.usage?.inputTokens ?? 0;
          usage.output += completion.usage?.outputTokens ?? 0;
          usage.time += completion.total_ms;
          usage.counted ||= completion.usage !== undefined;
          const parsed = parseVerdict(text);
          verdict = parsed ?? 'unparsed';
          if (parsed) break;
        }
      } catch (thrown) {
        if (signal.aborted) throw thrown;
        verdict = 'failed';
        error = failureOf(thrown);
      }
    }
    const values = {
      verdict,
      judgment_text: text,
      attempts: Math.max(attempts, 1),
      error: error ? JSON.stringify(error) : null,
      input_tokens: usage.counted ? usage.input : null,
      output_tokens: usage.counted ? usage.output : null,
      time_ms: attempts > 0 ? usage.time : null,
      provider_name: provider,
      attempt_tag: tag,
      evaluation_id: run.evaluation_id,
    };
    await executePrepared(
      db,
      db
        .insertInto('eval_judgments')
        .values({ ...key, ...values })
        .onConflict((conflict) =>
          conflict
            .columns(['judge_model_id', 'judge_prompt_id', 'judge_prompt_version', 'question_hash', 'answer_a_id', 'answer_b_id'])
            .doUpdateSet(values)
            .where('eval_judgments.verdict', '=', 'failed'),
        )
        .compile(),
    );
  }
}

