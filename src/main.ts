import cluster from 'node:cluster';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/dataDirLock.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/** Exit codes: 2 for a bad configuration, 1 for any other failure to start. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = createLogger(config.LOG_LEVEL);
  if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, logger);

  let server;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    const message = error instanceof DataDirInUseError ? error.message : `failed to start: ${(error as Error).message}`;
    logger.fatal({ err: error }, message);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }

  const shutdown = (reason: NodeJS.Signals | 'primary gone') => {
    logger.info({ reason }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // A worker whose primary died (kill -9) would otherwise serve on, unsupervised.
  if (cluster.isWorker) process.once('disconnect', () => shutdown('primary gone'));
}

await main();
