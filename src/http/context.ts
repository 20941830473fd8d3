import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Analyser } from '../analysis/analyser.js';
import type { FeaturesService } from '../analysis/service.js';
import type { AuditNote } from '../audit/middleware.js';
import type { AuthService } from '../auth/service.js';
import type { ChatService } from '../chat/chatService.js';
import type { Regenerations } from '../chat/regenerate.js';
import type { SessionUser } from '../auth/users.js';
import type { Config } from '../config.js';
import type { EvaluationService } from '../evaluations/service.js';
import type { InteractiveTraffic } from '../jobs/backgroundCalls.js';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import type { Migration } from '../db/migrate.js';
import type { LabellerService } from '../labeller/service.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Providers } from '../providers/service.js';
import type { LeaderboardService } from '../ratings/leaderboard.js';
import type { SettingsStore } from '../settings/settings.js';
import type { EventStreamRun } from './sseWriter.js';

/** What route modules need from the running server; passed in, never imported as globals. */
export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  pool: pg.Pool;
  databaseKind: DatabaseHandle['kind'];
  logger: Logger;
  migrations: Migration[];
  auth: AuthService;
  providers: Providers;
  settings: SettingsStore;
  chat: ChatService;
  regenerations: Regenerations;
  leaderboard: LeaderboardService;
  metrics: Metrics;
  evaluations: EvaluationService;
  /** Interactive requests in flight: background calls give way to them. */
  traffic: InteractiveTraffic;
  /** Tokenises and classifies texts on a worker thread (battle imports). */
  analyser: Analyser;
  features: FeaturesService;
  /** Labels comparisons with a labeller model's categories in the background. */
  labeller: LabellerService;
}

/** Hono's typed per-request variables. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Set by requireAuth; read it through currentUser(). */
    user: SessionUser | undefined;
    /** Set by eventStream(): the stream `eventStreams` starts once the app has answered. */
    eventStream: EventStreamRun | undefined;
    /** What an admin route adds to its audit entry (see noteAudit). */
    audit: AuditNote | undefined;
  };
};
