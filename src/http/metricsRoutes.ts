import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Handler, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { Config } from '../config.js';
import { AppError, NotFoundError, UnauthorizedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AppEnv } from './context.js';
import { sendError } from './errorHandler.js';
import { sameToken } from './sameToken.js';

/** Observes every request's duration under its route pattern (not its path: ids would explode the labels). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    metrics.httpDuration.observe({ method: c.req.method, route: c.req.routePath || '*', status: String(c.res.status) }, (performance.now() - started) / 1000);
  };
}

/** Prometheus' text format; with a token, only for `Authorization: Bearer <token>`. */
function scrape(metrics: Metrics, token: string | undefined): Handler<AppEnv> {
  return async (c) => {
    if (token && !sameToken(c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '', token)) {
      throw new UnauthorizedError('Send Authorization: Bearer <METRICS_TOKEN>');
    }
    return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  };
}

/**
 * GET /metrics on the public port, only with METRICS_TOKEN. Upstream latencies are labelled by
 * model and move with every call, so two open scrapes around an anonymous battle would name its
 * models before the vote: without a token the public port does not serve them at all.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  const closed: Handler<AppEnv> = () => {
    throw new NotFoundError('Metrics are not served on this port: set METRICS_TOKEN to scrape them here with a bearer token, or METRICS_PORT for a loopback-only listener');
  };
  return new Hono<AppEnv>().get('/metrics', token ? scrape(metrics, token) : closed);
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * METRICS_PORT: a listener of its own on METRICS_HOST (loopback by default) that serves only
 * /metrics, for a Prometheus on the same host or network namespace, as exporters' management
 * ports do. METRICS_TOKEN, when set, is asked for here too.
 */
export async function startMetricsListener(metrics: Metrics, config: Pick<Config, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>, logger: Logger): Promise<MetricsListener | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  const app = new Hono<AppEnv>()
    .get('/metrics', scrape(metrics, config.METRICS_TOKEN))
    .notFound((c) => sendError(c, new NotFoundError('Only GET /metrics is served on this port')))
    .onError((error, c) => sendError(c, error instanceof AppError ? error : new AppError('internal', 'Internal server error')));
  const server = serve({ fetch: app.fetch, port: config.METRICS_PORT, hostname: config.METRICS_HOST });
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/metrics`;
  logger.info({ url }, 'metrics listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
