import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort, start, startScript, waitFor200, type Child } from './processes.js';

export const BENCH_SECRET_ENV = {
  JWT_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  // The lab's own event-loop delay and heap are read from /metrics, which needs a token.
  METRICS_TOKEN: 'bench-metrics-token-0123456789',
  // The benchmark is one user sending thousands of turns a minute.
  CHAT_RATE_LIMIT_PER_MINUTE: '100000000',
  // Request logs at `info` would measure how fast the parent drains the pipe; production ships them elsewhere.
  LOG_LEVEL: 'warn',
};

export interface Upstream {
  child: Child;
  baseURL: string;
}

/**
 * A fake upstream in its own process: `fast` answers at once, `paced` streams 64 chunks 20 ms
 * apart, `timed` is the self-timing upstream of the fairness benchmark (timedUpstream.ts).
 */
export async function startUpstream(kind: 'fast' | 'paced' | 'timed'): Promise<Upstream> {
  const started =
    kind === 'timed'
      ? await startScript('bench/gateway/timedUpstream.ts', {})
      : await startScript('bench/gateway/upstreamProcess.ts', kind === 'fast' ? {} : { chunks: Array.from({ length: 64 }, (_, index) => ` token${index}`), chunkDelayMs: 20 });
  return { child: started.child, baseURL: (JSON.parse(started.firstLine) as { baseURL: string }).baseURL };
}

export type Upstreams = Record<'fast' | 'paced' | 'timed', Upstream>;

export async function startUpstreams(): Promise<Upstreams> {
  const [fast, paced, timed] = await Promise.all([startUpstream('fast'), startUpstream('paced'), startUpstream('timed')]);
  return { fast, paced, timed };
}

export async function stopUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.child.stop()));
}

export interface Lab {
  child: Child;
  url: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
}

/** The built server (`dist/main.js`), or `npm start` when measuring a cold start, on `env`'s database. */
export async function startLab(env: Record<string, string>, via: 'node' | 'npm' = 'node', nodeArgs: string[] = []): Promise<Lab> {
  const port = await freePort();
  const started = performance.now();
  const fullEnv = { ...BENCH_SECRET_ENV, HOST: '127.0.0.1', PORT: String(port), ...env };
  const child =
    via === 'node' ? start(process.execPath, [...nodeArgs, path.join(PROJECT_ROOT, 'dist/main.js')], fullEnv) : start('npm', ['start', '--silent'], fullEnv);
  const url = `http://127.0.0.1:${port}`;
  try {
    const readyMs = await waitFor200(`${url}/readyz`, started);
    return { child, url, readyMs };
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
}

export async function call<T>(lab: Lab, method: string, route: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${lab.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface LabSetup {
  token: string;
  fastModelId: string;
  pacedModelIds: [string, string];
  /** The timed upstream's 6-chunk and 60-chunk models (fairness). */
  timedModelIds: { short: string; long: string };
  apiKeys: Record<keyof Upstreams, string>;
}

/**
 * Through the admin API, as an operator would: the first account (admin, who also sends the
 * benchmark's chats), one provider per upstream with one key each, a model on the fast upstream,
 * two on the paced one and two on the timed one.
 */
/** The key the lab is given for each fake upstream, which sends it on to that upstream. */
export const BENCH_API_KEYS = { fast: 'sk-bench-fast-0123456789', paced: 'sk-bench-paced-0123456789', timed: 'sk-bench-timed-0123456789' };

export async function configureLab(lab: Lab, upstreams: Upstreams): Promise<LabSetup> {
  const credentials = { email: 'bench@example.com', password: 'password-bench' };
  await call(lab, 'POST', '/api/auth/signup', undefined, credentials);
  const token = (await call<{ access_token: string }>(lab, 'POST', '/api/auth/login', undefined, credentials)).access_token;
  const model = async (name: string, provider: string, apiUrl: string) =>
    (await call<{ model_id: string }>(lab, 'POST', '/api/admin/models', token, { model_name: name, provider_name: provider, api_url: apiUrl })).model_id;
  for (const kind of ['fast', 'paced', 'timed'] as const) {
    await call(lab, 'POST', '/api/admin/providers', token, { provider_name: `bench-${kind}` });
    await call(lab, 'POST', `/api/admin/providers/bench-${kind}/keys`, token, { api_key: BENCH_API_KEYS[kind] });
  }
  return {
    token,
    apiKeys: BENCH_API_KEYS,
    fastModelId: await model('bench-fast', 'bench-fast', upstreams.fast.baseURL),
    pacedModelIds: [await model('bench-paced-a', 'bench-paced', upstreams.paced.baseURL), await model('bench-paced-b', 'bench-paced', upstreams.paced.baseURL)],
    timedModelIds: { short: await model('timed-short', 'bench-timed', upstreams.timed.baseURL), long: await model('timed-long', 'bench-timed', upstreams.timed.baseURL) },
  };
}

/** Signs in the benchmark's account again (a lab restarted on the same database). */
export async function signIn(lab: Lab): Promise<string> {
  return (await call<{ access_token: string }>(lab, 'POST', '/api/auth/login', undefined, { email: 'bench@example.com', password: 'password-bench' })).access_token;
}

/** Threads for the benchmark's turns, made before the clock starts. */
export async function createThreads(lab: Lab, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const batch = 32;
  for (let made = 0; made < count; made += batch) {
    const threads = await Promise.all(
      Array.from({ length: Math.min(batch, count - made) }, () => call<{ thread_id: string }>(lab, 'POST', '/api/threads', token, { title: 'Benchmark' })),
    );
    ids.push(...threads.map((thread) => thread.thread_id));
  }
  return ids;
}

async function metric(lab: Lab, name: string): Promise<number> {
  const text = await (await fetch(`${lab.url}/metrics`, { headers: { authorization: `Bearer ${BENCH_SECRET_ENV.METRICS_TOKEN}` } })).text();
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(value);
}

/** The lab's own event-loop delay p99 since the last scrape, from /metrics (prom-client resets it on every scrape). */
export async function eventLoopP99Ms(lab: Lab): Promise<number> {
  return (await metric(lab, 'nodejs_eventloop_lag_p99_seconds')) * 1000;
}

/** The lab's V8 heap in use, to tell a leak from a heap that grew and was not given back. */
export async function heapUsedMb(lab: Lab): Promise<number> {
  return (await metric(lab, 'nodejs_heap_size_used_bytes')) / 2 ** 20;
}
