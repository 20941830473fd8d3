import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { UnauthorizedError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { AppEnv } from './context.js';

/** Observes every request's duration under its route pattern (not its path: ids would explode the labels). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    metrics.httpDuration.observe({ method: c.req.method, route: c.req.routePath || '*', status: String(c.res.status) }, (performance.now() - started) / 1000);
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics in Prometheus' text format; with METRICS_TOKEN, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (token && !sameToken(c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '', token)) {
      throw new UnauthorizedError('Send Authorization: Bearer <METRICS_TOKEN>');
    }
    return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
}
