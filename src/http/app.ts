import type { ServerResponse } from 'node:http';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { accountRoutes } from '../accounts/routes.js';
import { adminBattlesRoutes } from '../admin/battlesRoutes.js';
import { adminInvitesRoutes } from '../admin/invitesRoutes.js';
import { adminModelsRoutes } from '../admin/modelsRoutes.js';
import { adminPricesRoutes } from '../admin/pricesRoutes.js';
import { adminProvidersRoutes } from '../admin/providersRoutes.js';
import { adminUsersRoutes } from '../admin/usersRoutes.js';
import { auditAdminRequests } from '../audit/middleware.js';
import { adminAuditRoutes } from '../audit/routes.js';
import { authConfigRoutes } from '../auth/configRoutes.js';
import { authRoutes } from '../auth/routes.js';
import { localRoutes } from '../backup/routes.js';
import { chatRoutes } from '../chat/routes.js';
import { evaluationRoutes } from '../evaluations/evaluationRoutes.js';
import { judgePromptRoutes } from '../evaluations/judgePromptRoutes.js';
import { promptSetRoutes } from '../evaluations/promptSetRoutes.js';
import type { Config } from '../config.js';
import { AppError, NotFoundError } from '../errors.js';
import { adminLabellerRoutes } from '../labeller/routes.js';
import { WEB_DIST_DIR } from '../paths.js';
import { modelsRoutes } from '../providers/modelsRoutes.js';
import { adminLeaderboardRoutes } from '../ratings/adminRoutes.js';
import { leaderboardRoutes } from '../ratings/routes.js';
import { adminSettingsRoutes, publicSettingsRoutes } from '../settings/routes.js';
import { requireAdmin, requireAuth } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { docsRoutes } from './docsRoutes.js';
import { errorHandler, notFoundHandler, sendError } from './errorHandler.js';
import { healthRoutes } from './healthRoutes.js';
import { MAX_BODY_BYTES } from './limits.js';
import { httpMetrics, metricsRoutes } from './metricsRoutes.js';
import { requestLog } from './requestLog.js';
import { createRouter } from './router.js';
import { eventStreams } from './sseWriter.js';

/** What `/api/openapi.json` says about itself; the web app's generated types come from the same document. */
export const OPENAPI_DOCUMENT = { openapi: '3.1.0', info: { title: 'DualMind Lab API', version: '1' } } as const;

/** Routes that take files: the battle import and prompt-set imports get IMPORT_MAX_BYTES. */
const IMPORT_PATHS = /^\/api\/(admin\/import\/battles|prompt-sets\/import|prompt-sets\/[^/]+\/import)$/;
/** Interactive requests: while any is in flight, background calls give way. */
const INTERACTIVE_PATHS = /^\/api\/(comparisons|threads\/[^/]+\/messages)$/;

/**
 * The Content-Security-Policy of every answer, the web app's included: its scripts, styles and
 * API calls come from this origin only; images may also be data: URLs; nothing may frame it.
 * React sets `style` props through the CSSOM, which CSP does not restrict, so style-src needs no
 * 'unsafe-inline' (the browser tests fail on any CSP violation in the console).
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Counts a chat or arena turn as in flight until its response has been sent in full (an SSE
 * stream ends long after the handler returned), so evaluations can yield to it.
 */
function trackInteractive(traffic: AppDeps['traffic']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || !INTERACTIVE_PATHS.test(c.req.path)) return next();
    const end = traffic.begin();
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    outgoing?.once('close', end);
    try {
      await next();
    } finally {
      if (!outgoing) end();
    }
  };
}

/** In Supabase mode the browser also calls the project's Auth API (sign-in, refresh, sign-out). */
function contentSecurityPolicy(config: Config) {
  const supabase = config.AUTH_MODE === 'supabase' && config.SUPABASE_URL ? [new URL(config.SUPABASE_URL).origin] : [];
  return { ...CONTENT_SECURITY_POLICY, connectSrc: ["'self'", ...supabase] };
}

export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use(
    '*',
    // Outermost: it starts a route's event stream once every other middleware has set its headers.
    eventStreams(deps.logger),
    requestId(),
    requestLog(deps.logger),
    httpMetrics(deps.metrics),
    // Hono's defaults (nosniff, Referrer-Policy: no-referrer, HSTS, COOP/CORP same-origin, …) plus a CSP and DENY.
    secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(deps.config), xFrameOptions: 'DENY' }),
  );
  // CORS is closed unless CORS_ORIGINS lists origins: then those (exactly) may call the API with
  // a bearer token. No cookies are involved, so no credentials.
  if (deps.config.CORS_ORIGINS.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: deps.config.CORS_ORIGINS,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['Retry-After', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }
  // Battle imports are files, not requests: they get their own, larger limit.
  const limit = (maxSize: number): MiddlewareHandler<AppEnv> => {
    const tooLarge = (c: Context<AppEnv>) => sendError(c, new AppError('payload_too_large', `Request body is larger than ${maxSize} bytes`));
    const counting = bodyLimit({ maxSize, onError: tooLarge });
    // Node's parser never reads past Content-Length, so the header settles it without touching
    // the body; Hono's bodyLimit would build a web Request and stream for every POST to find out.
    return (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      const length = c.req.header('content-length');
      if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number(length) > maxSize ? Promise.resolve(tooLarge(c)) : next();
      return counting(c, next);
    };
  };
  const apiLimit = limit(MAX_BODY_BYTES);
  const importLimit = limit(deps.config.IMPORT_MAX_BYTES);
  app.use('/api/*', (c, next) => (IMPORT_PATHS.test(c.req.path) ? importLimit(c, next) : apiLimit(c, next)));
  app.use('/api/*', trackInteractive(deps.traffic));

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps.metrics, deps.config.METRICS_TOKEN));

  const admin = createRouter();
  admin.use('*', requireAuth(deps.auth), requireAdmin, auditAdminRequests({ db: deps.db, logger: deps.logger, trustProxy: deps.config.TRUST_PROXY }));
  admin.route('/', adminUsersRoutes(deps));
  admin.route('/', adminProvidersRoutes(deps));
  admin.route('/', adminModelsRoutes(deps));
  admin.route('/', adminPricesRoutes(deps));
  admin.route('/', adminSettingsRoutes(deps));
  admin.route('/', adminBattlesRoutes(deps));
  admin.route('/', adminLeaderboardRoutes(deps));
  admin.route('/', adminLabellerRoutes(deps));
  admin.route('/', adminInvitesRoutes(deps));
  admin.route('/', adminAuditRoutes(deps));

  const api = createRouter();
  api.route('/', authRoutes(deps));
  api.route('/', accountRoutes(deps));
  api.route('/', localRoutes(deps));
  api.route('/', authConfigRoutes(deps));
  api.route('/', modelsRoutes(deps));
  api.route('/', publicSettingsRoutes(deps));
  api.route('/', chatRoutes(deps));
  api.route('/', leaderboardRoutes(deps));
  api.route('/', promptSetRoutes(deps));
  api.route('/', judgePromptRoutes(deps));
  api.route('/', evaluationRoutes(deps));
  api.route('/', docsRoutes());
  api.route('/admin', admin);
  app.route('/api', api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  app.doc31('/api/openapi.json', OPENAPI_DOCUMENT);
  app.all('/api/*', (c) => sendError(c, new NotFoundError(`No route for ${c.req.method} ${c.req.path}`)));

  // The single-page app: real files first, then index.html for client-side routes.
  app.use('*', serveStatic({ root: WEB_DIST_DIR }));
  app.get('*', serveStatic({ root: WEB_DIST_DIR, path: 'index.html' }));

  app.notFound(notFoundHandler);
  app.onError(errorHandler(deps.logger));
  return app;
}
