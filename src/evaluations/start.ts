import type { Analyser } from '../analysis/analyser.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connection.js';
import { BackgroundCalls, type InteractiveTraffic } from '../jobs/backgroundCalls.js';
import { JobQueue } from '../jobs/jobQueue.js';
import type { Logger } from '../logger.js';
import type { Providers } from '../providers/service.js';
import { providerConcurrency, type SettingsStore } from '../settings/settings.js';
import { EvaluationRunner } from './runner.js';
import { EvaluationService } from './service.js';
import { TableStatistics } from './statistics.js';

export interface Evaluations {
  service: EvaluationService;
  jobs: JobQueue;
  /** Stops the job queue: running calls are aborted and handed back for a retry. */
  stop(): Promise<void>;
}

/**
 * The job queue and the evaluation runner on it, started: every process that opens the database
 * (the server, the CLI) works on the runs in it.
 */
export async function startEvaluations(
  config: Config,
  database: DatabaseHandle,
  deps: { providers: Providers; settings: SettingsStore; logger: Logger; traffic: Pick<InteractiveTraffic, 'inFlight'>; analyser: Analyser },
): Promise<Evaluations> {
  const { providers, settings, logger } = deps;
  const jobs = new JobQueue(database.pool, database.db, logger, {
    pollIntervalMs: config.JOBS_POLL_MS,
    discoverMs: Math.max(1_000, config.JOBS_POLL_MS * 5),
    heartbeatMs: Math.max(200, Math.floor(config.JOBS_STALE_AFTER_MS / 6)),
    staleAfterMs: config.JOBS_STALE_AFTER_MS,
    // The embedded database has one owner process: whatever else is registered is dead.
    exclusive: database.kind === 'embedded',
  });
  const calls = new BackgroundCalls({
    gateway: providers.gateway,
    keyStates: () => providers.pool.stateCounts(),
    interactive: deps.traffic,
    maxConcurrency: async (provider) => providerConcurrency(await settings.get(), provider),
    attemptTimeoutMs: config.EVAL_CALL_TIMEOUT_MS,
  });
  const results = { rounds: config.LEADERBOARD_BOOTSTRAP_ROUNDS, seed: config.LEADERBOARD_SEED, analyser: deps.analyser };
  const statistics = new TableStatistics(database.db);
  const runner = new EvaluationRunner({ db: database.db, jobs, calls, catalog: providers.catalog, settings, logger, results, statistics });
  runner.register();
  await jobs.start();
  try {
    await runner.start();
  } catch (error) {
    await jobs.stop();
    throw error;
  }
  return { service: new EvaluationService({ db: database.db, runner, catalog: providers.catalog, results }), jobs, stop: () => jobs.stop() };
}
