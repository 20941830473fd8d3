import { createAuthService } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config.js';
import { createApp, OPENAPI_DOCUMENT } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/context.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';

export type App = ReturnType<typeof createApp>;

/**
 * A service that route modules may hold while they declare their routes but must not use until a
 * request arrives: building the document runs no handler, so any use is a route module doing
 * work at start-up, and the generator says which one instead of returning a wrong document.
 */
function unusedWhileDeclaring<T extends object>(name: keyof AppDeps): T {
  return new Proxy({} as T, {
    get(_target, property) {
      throw new Error(`deps.${name}.${String(property)} was used while the routes were being declared; use it inside a handler`);
    },
  });
}

/**
 * The real app, as `startServer` assembles it, without a database or providers behind it: enough
 * to declare every route and so to produce `/api/openapi.json` in-process. Local auth mode, so the
 * sign-up and login routes (absent in Supabase mode) are part of the document.
 */
export function createDocumentApp(): App {
  const config = loadConfig({ AUTH_MODE: 'local', JWT_SECRET: 'openapi-document-only-secret-never-signs', LOG_LEVEL: 'silent' });
  const db = unusedWhileDeclaring<AppDeps['db']>('db');
  return createApp({
    config,
    db,
    pool: unusedWhileDeclaring('pool'),
    databaseKind: 'embedded',
    logger: createLogger('silent'),
    migrations: [],
    auth: createAuthService(config, db),
    providers: unusedWhileDeclaring('providers'),
    settings: unusedWhileDeclaring('settings'),
    chat: unusedWhileDeclaring('chat'),
    regenerations: unusedWhileDeclaring('regenerations'),
    leaderboard: unusedWhileDeclaring('leaderboard'),
    metrics: new Metrics(() => []),
    evaluations: unusedWhileDeclaring('evaluations'),
    traffic: unusedWhileDeclaring('traffic'),
    analyser: unusedWhileDeclaring('analyser'),
    features: unusedWhileDeclaring('features'),
    labeller: unusedWhileDeclaring('labeller'),
  });
}

/** The OpenAPI 3.1 document the server serves at `/api/openapi.json`. */
export function openApiDocument(app: App = createDocumentApp()) {
  return app.getOpenAPI31Document(OPENAPI_DOCUMENT);
}
