import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the key pool reports about its keys, per provider. */
export interface KeyStateCount {
  provider: string;
  state: 'available' | 'cooling' | 'inactive' | 'undecryptable';
  keys: number;
}

/** The gateway's view of upstream calls, without a dependency on Prometheus. */
export interface UpstreamObserver {
  succeeded(provider: string, model: string, ttftMs: number, totalMs: number): void;
  failed(provider: string, model: string, category: string): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Prometheus metrics (prom-client): HTTP requests, upstream calls, the key pool, votes and
 * comparisons, and Node's defaults (event-loop delay, memory, GC).
 */
export class Metrics implements UpstreamObserver {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'dualmind_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamDuration = this.upstreamHistogram('dualmind_upstream_duration_seconds', 'Whole upstream call, by provider and model');
  readonly upstreamTtft = this.upstreamHistogram('dualmind_upstream_time_to_first_token_seconds', 'Time to the first streamed token, by provider and model');
  readonly upstreamFailures = new Counter({
    name: 'dualmind_upstream_failures_total',
    help: 'Failed upstream calls by provider and failure category',
    labelNames: ['provider', 'model', 'category'] as const,
    registers: [this.registry],
  });
  readonly comparisons = new Counter({ name: 'dualmind_comparisons_total', help: 'Comparisons stored, by mode', labelNames: ['mode'] as const, registers: [this.registry] });
  readonly votes = new Counter({ name: 'dualmind_votes_total', help: 'Votes cast, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });

  constructor(keyStates: () => KeyStateCount[]) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'dualmind_keys',
      help: 'API keys per provider by state (as this instance sees them)',
      labelNames: ['provider', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const count of keyStates()) this.set({ provider: count.provider, state: count.state }, count.keys);
      },
    });
  }

  private upstreamHistogram(name: string, help: string) {
    return new Histogram({ name, help, labelNames: ['provider', 'model'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  }

  succeeded(provider: string, model: string, ttftMs: number, totalMs: number): void {
    this.upstreamTtft.observe({ provider, model }, ttftMs / 1000);
    this.upstreamDuration.observe({ provider, model }, totalMs / 1000);
  }

  failed(provider: string, model: string, category: string): void {
    this.upstreamFailures.inc({ provider, model, category });
  }
}
