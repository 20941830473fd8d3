import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** How long the primary waits before replacing a worker that died. */
const RESTART_DELAY_MS = 1_000;
/** Beyond the workers' own SHUTDOWN_TIMEOUT_MS, before the primary kills what is left. */
const STOP_GRACE_MS = 5_000;

/**
 * The primary of `WORKERS` server processes (node:cluster): it serves nothing itself. The
 * workers share the one port (the primary hands out connections round-robin) and one PostgreSQL
 * database, which holds everything they must agree on. A worker that dies after it started
 * listening is replaced; one that dies before (bad database URL, failed migration) would only die
 * again, so then every worker is stopped and the primary exits 1. SIGTERM and SIGINT stop the
 * workers gracefully (each drains its requests), then the primary exits 0.
 */
export function runPrimary(config: Config, logger: Logger): void {
  const live = new Set<Worker>();
  const listening = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('listening', () => listening.add(worker));
  };
  const stop = (code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    if (live.size === 0) process.exit(exitCode);
    for (const worker of live) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
    }, config.SHUTDOWN_TIMEOUT_MS + STOP_GRACE_MS).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    if (stopping) {
      if (live.size === 0) process.exit(exitCode);
      return;
    }
    if (!listening.has(worker)) {
      const message = `failed to start: a worker exited (${signal ?? `code ${code}`}) before it listened; its error is above`;
      logger.fatal({ worker_pid: worker.process.pid, code, signal }, message);
      process.stderr.write(`${message}\n`);
      return stop(1);
    }
    logger.error({ worker_pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));

  logger.info({ workers: config.WORKERS }, 'starting workers');
  for (let index = 0; index < config.WORKERS; index++) fork();
}
