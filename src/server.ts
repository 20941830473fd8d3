import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createAnalyser } from './analysis/analyser.js';
import { FeaturesService } from './analysis/service.js';
import { createAuthService } from './auth/service.js';
import { ChatService } from './chat/chatService.js';
import { Regenerations } from './chat/regenerate.js';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { startEvaluations, type Evaluations } from './evaluations/start.js';
import { judgeVerdictCounts, judgeVerdictWatermark } from './evaluations/verdictCounts.js';
import { BackupSchedule } from './backup/schedule.js';
import { publishLocalApi } from './backup/localApi.js';
import { loadMigrations, migrate } from './db/migrate.js';
import { createApp } from './http/app.js';
import { startMetricsListener, type MetricsListener } from './http/metricsRoutes.js';
import type { Logger } from './logger.js';
import { InteractiveTraffic } from './jobs/backgroundCalls.js';
import { Metrics } from './metrics.js';
import { startProviders, type Providers } from './providers/service.js';
import { LabellerService } from './labeller/service.js';
import { FixedWindowRateLimiter } from './rateLimiter.js';
import { LeaderboardService } from './ratings/leaderboard.js';
import { SettingsStore } from './settings/settings.js';

export interface RunningServer {
  url: string;
  database: DatabaseHandle;
  providers: Providers;
  /** Computes comparison_features in the background (tests await `features.settled()`). */
  features: FeaturesService;
  /** Labels comparisons with the labeller model's categories in the background. */
  labeller: LabellerService;
  /** The METRICS_PORT listener's /metrics URL, when there is one. */
  metricsUrl: string | undefined;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), closes the database it opened. */
  close(): Promise<void>;
}

function listen(server: ServerType): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * `server.close()` stops new connections, but a keep-alive connection outlives it: a reverse
 * proxy's connection pool (nginx `keepalive`) keeps sending requests down it, the server keeps
 * answering, and shutdown only ends when SHUTDOWN_TIMEOUT_MS cuts off whatever is in flight.
 * So while draining, every response says `Connection: close`.
 *
 * An idle connection is the hard part: whoever closes it races a request the other side may be
 * sending down it at that moment, which then meets a reset. A browser resends such a request;
 * nginx does not when it is a POST (`proxy_next_upstream` skips non-idempotent requests), so a
 * vote would fail. Behind a proxy (`behindProxy`), idle connections are therefore left for the
 * proxy to close (nginx's `keepalive_timeout`, below Node's 5 s idle timeout, as docs/deploy.md
 * sets it), or to carry one last request, answered with `Connection: close`. Otherwise they are
 * closed at once, and a stream's connection as soon as the stream completes.
 */
function keepAliveDrain(server: http.Server, behindProxy: boolean): { drain(): void; close(done: () => void): void } {
  const inFlight = new Set<http.ServerResponse>();
  let draining = false;
  const closeWhenDone = (response: http.ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
    // Once finished the response has left its socket, which is then idle.
    else if (!behindProxy) response.once('finish', () => server.closeIdleConnections());
  };
  // Prepended, so it runs before the app's listener can write the headers.
  server.prependListener('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (draining) return closeWhenDone(response);
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  return {
    drain() {
      draining = true;
      for (const response of inFlight) closeWhenDone(response);
      inFlight.clear();
    },
    // http.Server#close also closes the idle connections; net.Server#close only stops accepting.
    close: (done) => (behindProxy ? net.Server.prototype.close.call(server, done) : server.close(done)),
  };
}

function closeHttpServer(server: http.Server, keepAlive: ReturnType<typeof keepAliveDrain>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    keepAlive.drain();
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    keepAlive.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface StartOptions {
  /** An already open database (tests); the server then leaves closing it to the caller. */
  database?: DatabaseHandle;
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const startedAt = performance.now();
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX }));
  const closeDatabase = () => (ownsDatabase ? database.close() : Promise.resolve());

  let providers: Providers | undefined;
  let leaderboard: LeaderboardService | undefined;
  let evaluations: Evaluations | undefined;
  let settings: SettingsStore | undefined;
  let labeller: LabellerService | undefined;
  const analyser = createAnalyser();
  const traffic = new InteractiveTraffic();
  const features = new FeaturesService(database.db, analyser, logger, { interactive: traffic });
  let server: ServerType | undefined;
  let metricsListener: MetricsListener | undefined;
  let keepAlive: ReturnType<typeof keepAliveDrain>;
  let address: AddressInfo;
  try {
    const migrations = loadMigrations();
    await migrate(database.pool, logger, migrations);
    const auth = createAuthService(config, database.db);
    // The gauge reads the pool, which does not exist yet: it is looked up at scrape time.
    const pool = { current: undefined as Providers | undefined };
    const metrics = new Metrics(() => pool.current?.pool.stateCounts() ?? []);
    providers = await startProviders(config, database.db, logger, metrics);
    pool.current = providers;
    settings = new SettingsStore(database.db, config.SETTINGS_CACHE_MS);
    // One rate limiter for every chat request, regenerations included.
    const chatDeps = {
      db: database.db,
      providers,
      settings,
      limiter: new FixedWindowRateLimiter(config.CHAT_RATE_LIMIT_PER_MINUTE, 60_000),
      historyBudgetChars: config.CHAT_HISTORY_CHARS,
      logger,
      onComparisonStored: (comparisonId: string) => features.enqueue(comparisonId),
    };
    const chat = new ChatService(chatDeps);
    const regenerations = new Regenerations(chatDeps);
    leaderboard = new LeaderboardService(database.db, providers.catalog, {
      rounds: config.LEADERBOARD_BOOTSTRAP_ROUNDS,
      seed: config.LEADERBOARD_SEED,
      freshnessMs: config.LEADERBOARD_FRESHNESS_MS,
      settings,
      judgeVerdicts: { counts: (since) => judgeVerdictCounts(database.db, { since }), watermark: () => judgeVerdictWatermark(database.db) },
    });
    labeller = new LabellerService({ db: database.db, settings, providers, logger }, { idleMs: config.LABELLER_IDLE_MS, leaseMs: config.LABELLER_LEASE_MS });
    evaluations = await startEvaluations(config, database, { providers, settings, logger, traffic, analyser });
    const app = createApp({
      config,
      db: database.db,
      pool: database.pool,
      databaseKind: database.kind,
      logger,
      migrations,
      auth,
      providers,
      settings,
      chat,
      regenerations,
      leaderboard,
      metrics,
      analyser,
      features,
      evaluations: evaluations.service,
      traffic,
      labeller,
    });
    server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
    // serve() without a createServer option makes a plain HTTP/1.1 server.
    keepAlive = keepAliveDrain(server as http.Server, config.TRUST_PROXY);
    address = await listen(server);
    metricsListener = await startMetricsListener(metrics, config, logger);
  } catch (error) {
    await evaluations?.stop();
    server?.close();
    await providers?.stop();
    await leaderboard?.close();
    await features.stop();
    await closeDatabase();
    throw error;
  }
  // After listening: the backfill of existing comparisons never delays start-up.
  features.start();
  const labelling = labeller;
  labelling.start();
  const running = providers;
  const ratings = leaderboard;
  const background = evaluations;
  // The server that opened the embedded database is the only process on it: local tools reach
  // it through the server (see src/backup/localApi.ts), and it takes the automatic backups.
  const holdsDataDir = ownsDatabase && database.kind === 'embedded';
  const backups = holdsDataDir ? new BackupSchedule(database, settings, config.BACKUP_DIR, logger) : undefined;
  const listening = server;

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, database: database.kind, startup_ms: Math.round(performance.now() - startedAt) }, 'DualMind Lab is listening');
  const unpublish = holdsDataDir ? publishLocalApi(config.DATA_DIR, url) : () => {};
  backups?.start();

  let closing: Promise<void> | undefined;
  return {
    url,
    database,
    providers: running,
    features,
    labeller: labelling,
    metricsUrl: metricsListener?.url,
    close() {
      closing ??= (async () => {
        await closeHttpServer(listening as http.Server, keepAlive, config.SHUTDOWN_TIMEOUT_MS);
        await metricsListener?.close();
        // Background calls are handed back for another instance (or the next start) to redo.
        await background.stop();
        unpublish();
        await backups?.stop();
        await labelling.stop();
        // Written last, after in-flight streams finished: their key health must not be lost.
        await running.stop();
        await ratings.close();
        await features.stop();
        await closeDatabase();
      })();
      return closing;
    },
  };
}
