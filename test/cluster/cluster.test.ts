import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.js';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { freePort, startPostgresServer, type PostgresServer } from '../helpers/postgresServer.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { readEvents, type ReceivedEvent } from '../helpers/sse.js';
import { apiClient } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { configLines, DEPLOY_GUIDE, documentedSite, SITE_TEMPLATE, startNginx, type AccessEntry, type Nginx } from './nginx.js';

/**
 * Scale-out: one PostgreSQL server, three DualMind instances (dist/main.js) and nginx in front,
 * with deploy/nginx.conf as the docs show it. Everything shared lives in PostgreSQL; nginx only
 * balances. Dual chats and votes run through nginx while one instance gets SIGTERM and, later,
 * another gets kill -9; the client keeps a record of every acknowledged comparison and vote and
 * compares it with the database at the end.
 */

const INSTANCES = 3;
/** Each side of a load comparison streams 12 chunks 40 ms apart: ~0.5 s in flight. */
const LOAD_CHUNKS = Array.from({ length: 12 }, (_, index) => `w${index} `);
const LOAD_ANSWER = LOAD_CHUNKS.join('');
const LOAD_WORKERS = 6;
const WINNERS = ['model1', 'model2', 'tie', 'both_bad'] as const;

const testKey = (name: string) => `gsk_dualmind-test-cluster-${name}-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value (not undefined), within `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(intervalMs);
  }
}

/** What the client saw of one dual chat. */
interface Outcome {
  requestId: string;
  prompt: string;
  stream: boolean;
  startedAt: number;
  endedAt: number;
  status: number | 'network';
  /** From the JSON answer, or the stream's `meta`/`end` events. */
  comparisonId: string | undefined;
  /** 201 with both answers, or a stream that reached `end`. */
  acknowledged: boolean;
  detail: string;
  /** Side errors the server reported (none are expected: the upstream behaves). */
  sideErrors: unknown[];
}

/** What the client saw of one vote, after retrying failures until 201 or 409. */
interface VoteRecord {
  comparisonId: string;
  voteId: string | undefined;
  /** 201: this call stored it; 409: an earlier attempt (answered with a failure) had. */
  resolvedBy: 201 | 409 | undefined;
  failures: string[];
}

async function compare(
  baseUrl: string,
  token: string,
  pair: readonly [string, string],
  options: { stream: boolean; label: string; onEvent?: (event: ReceivedEvent) => void },
): Promise<Outcome> {
  const requestId = randomUUID();
  const prompt = `${options.label} ${requestId}`;
  const outcome: Outcome = {
    requestId,
    prompt,
    stream: options.stream,
    startedAt: Date.now(),
    endedAt: 0,
    status: 'network',
    comparisonId: undefined,
    acknowledged: false,
    detail: '',
    sideErrors: [],
  };
  try {
    const response = await fetch(`${baseUrl}/api/comparisons`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-test-request': requestId,
        ...(options.stream && { accept: 'text/event-stream' }),
      },
      body: JSON.stringify({ prompt, model1_id: pair[0], model2_id: pair[1], mode: 'named' }),
    });
    outcome.status = response.status;
    if (!options.stream || response.status !== 200) {
      const text = await response.text();
      if (response.status === 201) {
        const body = JSON.parse(text) as { comparison_id: string; errors?: unknown };
        outcome.comparisonId = body.comparison_id;
        outcome.acknowledged = true;
        if (body.errors) outcome.sideErrors.push(body.errors);
      } else {
        outcome.detail = text.replace(/\s+/g, ' ').slice(0, 200);
      }
      return outcome;
    }
    const events = await readEvents(response, (event) => {
      if (event.event === 'meta') outcome.comparisonId = event.data.comparison_id as string;
      if (event.event === 'error') outcome.sideErrors.push(event.data);
      options.onEvent?.(event);
      return false;
    });
    const end = events.at(-1);
    outcome.acknowledged = end?.event === 'end';
    if (!outcome.acknowledged) outcome.detail = `stream ended after ${events.length} events without "end"`;
  } catch (error) {
    outcome.acknowledged = false;
    outcome.detail = `${(error as Error).message} ${String((error as Error).cause ?? '')}`.trim();
  } finally {
    outcome.endedAt = Date.now();
  }
  return outcome;
}

/** Votes until the answer is 201 (stored now) or 409 (stored by an attempt that failed on the wire). */
async function vote(baseUrl: string, token: string, comparisonId: string, winner: string): Promise<VoteRecord> {
  const record: VoteRecord = { comparisonId, voteId: undefined, resolvedBy: undefined, failures: [] };
  for (let attempt = 0; attempt < 8 && record.resolvedBy === undefined; attempt++) {
    try {
      const response = await fetch(`${baseUrl}/api/comparisons/${comparisonId}/vote`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-test-request': randomUUID() },
        body: JSON.stringify({ winner }),
      });
      const text = await response.text();
      if (response.status === 201) {
        record.resolvedBy = 201;
        record.voteId = (JSON.parse(text) as { vote: { vote_id: string } }).vote.vote_id;
      } else if (response.status === 409) {
        record.resolvedBy = 409;
      } else {
        record.failures.push(`${response.status} ${text.slice(0, 100)}`);
      }
    } catch (error) {
      record.failures.push((error as Error).message);
    }
    if (record.resolvedBy === undefined) await sleep(200);
  }
  return record;
}

const METRICS_TOKEN = 'cluster-metrics-token-0123456789';

/** `dualmind_keys` of one instance for one provider: keys by state, as that instance's pool sees them. */
async function keyStates(baseUrl: string, provider: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const states: Record<string, number> = {};
  for (const match of text.matchAll(/^dualmind_keys\{([^}]*)\} (\S+)$/gm)) {
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1], label[2]]));
    if (labels.provider === provider) states[labels.state as string] = Number(match[2]);
  }
  return states;
}

function migrationsAppliedIn(output: string): string[] {
  return [...output.matchAll(/"migration":"([^"]+)"[^\n]*"msg":"migration applied"/g)].map((match) => match[1] as string);
}

describe('three instances behind nginx on one PostgreSQL server', () => {
  let postgres: PostgresServer;
  let databaseUrl: string;
  let db: pg.Client;
  let loadUpstream: FakeUpstream;
  let coolUpstream: FakeUpstream;
  let nginx: Nginx;
  const ports: number[] = [];
  const dataDirs: string[] = [];
  const instances: ServerProcess[] = [];
  /** Every process started, to stop whatever is left in afterAll. */
  const started: ServerProcess[] = [];
  const firstOutputs: string[] = [];
  const models: Record<string, string> = {};
  /** The test's API keys by name: the fake upstream tells keys apart by their plaintext. */
  const plaintexts: Record<string, string> = {};
  let admin: SignedUp;
  const users: SignedUp[] = [];
  const jwtSecret = `cluster-${randomBytes(24).toString('hex')}`;
  const secretKey = randomBytes(32).toString('base64');

  const environment = (index: number): Record<string, string> => ({
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    // Nothing is shared through the file system: each instance has its own data directory.
    DATA_DIR: dataDirs[index] as string,
    PORT: String(ports[index]),
    JWT_SECRET: jwtSecret,
    DUALMIND_SECRET_KEY: secretKey,
    METRICS_TOKEN,
    TRUST_PROXY: 'true',
    CHAT_RATE_LIMIT_PER_MINUTE: '100000',
    LEADERBOARD_BOOTSTRAP_ROUNDS: '200',
    UPSTREAM_TIMEOUT_MS: '5000',
    // Long, so an instance that only exits because this ran out is told apart from a clean drain.
    SHUTDOWN_TIMEOUT_MS: '20000',
    // Shorter than the defaults (500 ms, 2 s), so the promises checked below (a cooldown honoured
    // everywhere within 1 s, a settings change within 2 s) hold with a 5x margin on a busy machine.
    KEY_POOL_REFRESH_MS: '100',
    SETTINGS_CACHE_MS: '300',
  });
  const start = async (index: number) => {
    const instance = await startServerProcess(environment(index));
    started.push(instance);
    instances[index] = instance;
    return instance;
  };
  const api = () => apiClient(nginx.url);

  beforeAll(async () => {
    postgres = await startPostgresServer();
    const superuser = new pg.Client({ connectionString: postgres.url() });
    await superuser.connect();
    await superuser.query('CREATE DATABASE dualmind_cluster');
    await superuser.end();
    databaseUrl = postgres.url('dualmind_cluster');
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    [loadUpstream, coolUpstream] = await Promise.all([FakeUpstream.start({ chunks: LOAD_CHUNKS, chunkDelayMs: 40 }), FakeUpstream.start({ chunks: ['Cool', ' answer.'] })]);
    for (let index = 0; index < INSTANCES; index++) {
      ports.push(await freePort());
      dataDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `dualmind-cluster-${index}-`)));
    }
    // All three at once, on an empty database: they race for the migrations.
    await Promise.all(Array.from({ length: INSTANCES }, (_, index) => start(index)));
    for (const instance of instances) firstOutputs.push(instance.output());
    nginx = await startNginx(ports);
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(started.map((instance) => instance.stop('SIGKILL')));
    await db?.end();
    await Promise.all([loadUpstream?.close(), coolUpstream?.close()]);
    postgres?.stop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the nginx configuration that docs/deploy.md shows', () => {
    expect(configLines(documentedSite(fs.readFileSync(DEPLOY_GUIDE, 'utf8')))).toEqual(configLines(fs.readFileSync(SITE_TEMPLATE, 'utf8')));
  });

  it('applies each migration once when all three start together on an empty database', async () => {
    const expected = loadMigrations().map((migration) => `${migration.version}_${migration.name}`);
    const applied = firstOutputs.flatMap(migrationsAppliedIn).sort();
    expect(applied).toEqual(expected);
    const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((row) => row.version)).toEqual(loadMigrations().map((migration) => migration.version));
    for (const instance of instances) expect((await fetch(`${instance.url}/readyz`)).status).toBe(200);
  });

  it('is set up through nginx, and a token from one instance works on all', async () => {
    admin = await signUp(api(), 'cluster-admin');
    for (const name of ['ada', 'grace', 'edsger']) users.push(await signUp(api(), `cluster-${name}`));
    for (const instance of instances) {
      for (const user of [admin, ...users]) {
        const me = await apiClient(instance.url)<{ user_id: string }>('GET', '/api/me', { token: user.token });
        expect(me.status).toBe(200);
        expect(me.body.user_id).toBe(user.user_id);
      }
    }

    const as = (method: string, route: string, body?: unknown) => api()<Record<string, unknown>>(method, route, { token: admin.token, body });
    for (const [provider, keys] of [
      ['alpha', ['alpha-1', 'alpha-2']],
      ['beta', ['beta-1']],
      ['cool', ['cool-ok', 'cool-limited']],
    ] as const) {
      expect((await as('POST', '/api/admin/providers', { provider_name: provider })).status).toBe(201);
      for (const key of keys) {
        plaintexts[key] = testKey(key);
        expect((await as('POST', `/api/admin/providers/${provider}/keys`, { api_key: plaintexts[key] })).status).toBe(201);
      }
    }
    for (const [name, provider, upstream] of [
      ['alpha-chat', 'alpha', loadUpstream],
      ['beta-chat', 'beta', loadUpstream],
      ['gamma-chat', 'beta', loadUpstream],
      ['cool-a', 'cool', coolUpstream],
      ['cool-b', 'cool', coolUpstream],
    ] as const) {
      const created = await as('POST', '/api/admin/models', { model_name: name, provider_name: provider, api_url: upstream.baseURL });
      expect(created.status).toBe(201);
      models[name] = created.body.model_id as string;
    }
    // Each instance reads the catalog on its own (2 s cache): wait until all offer the models.
    for (const instance of instances) {
      await waitFor(
        `${instance.url} to offer the new models`,
        async () => {
          const listed = (await (await fetch(`${instance.url}/api/models`)).json()) as Array<{ model_id: string }>;
          return Object.values(models).every((id) => listed.some((model) => model.model_id === id)) ? true : undefined;
        },
        10_000,
      );
    }
  }, 60_000);

  it('streams server-sent events through nginx as they are written', async () => {
    const deltas: number[] = [];
    const outcome = await compare(nginx.url, users[0]!.token, [models['alpha-chat']!, models['beta-chat']!], {
      stream: true,
      label: 'unbuffered',
      onEvent: (event) => {
        if (event.event === 'delta') deltas.push(event.at);
      },
    });
    expect(outcome.acknowledged, outcome.detail).toBe(true);
    expect(deltas).toHaveLength(2 * LOAD_CHUNKS.length);
    // 12 chunks 40 ms apart: a buffering proxy would hand them over in one go at the end.
    expect((deltas.at(-1) as number) - (deltas[0] as number)).toBeGreaterThan(250);
  });

  it('skips a key on every instance within 1 s of one instance cooling it', async () => {
    // One key of `cool` answers 429 (Retry-After 60 s). The first dual chat on instance 0 uses
    // both keys at once (one per side): the limited one gets its 429, that side moves to the
    // other key, and instance 0 writes the cooldown.
    const okKey = plaintexts['cool-ok'] as string;
    const limitedKey = plaintexts['cool-limited'] as string;
    coolUpstream.behave(limitedKey, behaviours.rateLimited(60));
    for (const instance of instances) {
      await waitFor(`${instance.url} to load both keys`, async () => ((await keyStates(instance.url, 'cool')).available === 2 ? true : undefined), 5_000);
    }
    // The 429 went out after the last look that found the key not yet called: the clock starts there.
    let notYetCalledAt = Date.now();
    const limitedAt = (async () => {
      for (;;) {
        const lookedAt = Date.now();
        if (coolUpstream.stats(limitedKey).calls > 0) return notYetCalledAt;
        notYetCalledAt = lookedAt;
        await sleep(5);
      }
    })();
    const [first] = instances;
    const battle = await compare(first!.url, users[0]!.token, [models['cool-a']!, models['cool-b']!], { stream: false, label: 'cool' });
    expect(battle.acknowledged, battle.detail).toBe(true);
    expect(battle.sideErrors).toEqual([]);
    expect(coolUpstream.stats(limitedKey).calls).toBe(1);
    const cooledAt = await limitedAt;

    // Each instance's own pool (its metrics gauge) shows the key cooling within 1 s.
    const seenAfter = await Promise.all(
      instances.map((instance) =>
        waitFor(`${instance.url} to see the cooldown`, async () => ((await keyStates(instance.url, 'cool')).cooling === 1 ? Date.now() - cooledAt : undefined), 5_000),
      ),
    );
    console.log(`cooldown seen by the instances ${seenAfter.join(', ')} ms after the 429`);
    for (const delay of seenAfter) expect(delay).toBeLessThan(1_000);

    // And none of them calls it again: every pick goes to the healthy key.
    for (const instance of instances) {
      for (let round = 0; round < 2; round++) {
        const outcome = await compare(instance.url, users[0]!.token, [models['cool-a']!, models['cool-b']!], { stream: false, label: 'cool' });
        expect(outcome.acknowledged, outcome.detail).toBe(true);
        expect(outcome.sideErrors).toEqual([]);
      }
    }
    expect(coolUpstream.stats(limitedKey).calls).toBe(1);
    expect(coolUpstream.stats(okKey).calls).toBe(1 + 1 + 2 * 2 * INSTANCES);
  }, 30_000);

  it('applies a settings change on every instance within a few seconds', async () => {
    const before = Date.now();
    const put = await api()('PUT', '/api/admin/settings/max_prompt_chars', { token: admin.token, body: { value: '12345' } });
    expect(put.status).toBe(200);
    const seenAfter = await Promise.all(
      instances.map((instance) =>
        waitFor(
          `${instance.url} to see max_prompt_chars=12345`,
          async () => {
            const settings = (await (await fetch(`${instance.url}/api/settings`)).json()) as { max_prompt_chars: number };
            return settings.max_prompt_chars === 12345 ? Date.now() - before : undefined;
          },
          10_000,
        ),
      ),
    );
    console.log(`settings change seen by the instances ${seenAfter.join(', ')} ms after the PUT was sent`);
    // SETTINGS_CACHE_MS is 300 ms here: each instance re-reads within that, plus request time.
    for (const delay of seenAfter) expect(delay).toBeLessThan(2_000);
  }, 20_000);

  it('loses and doubles nothing while one instance is stopped (SIGTERM) and another killed (kill -9)', async () => {
    const pairs = [
      [models['alpha-chat']!, models['beta-chat']!],
      [models['beta-chat']!, models['gamma-chat']!],
      [models['gamma-chat']!, models['alpha-chat']!],
    ] as const;
    const outcomes: Outcome[] = [];
    const votes: VoteRecord[] = [];
    const readBacks: Array<{ startedAt: number; endedAt: number; status: number | string }> = [];
    let running = true;
    const worker = async (index: number) => {
      const user = users[index % users.length]!;
      for (let round = 0; running; round++) {
        const outcome = await compare(nginx.url, user.token, pairs[(index + round) % pairs.length]!, { stream: (index + round) % 2 === 0, label: 'load' });
        outcomes.push(outcome);
        if (!outcome.acknowledged || !outcome.comparisonId) continue;
        votes.push(await vote(nginx.url, user.token, outcome.comparisonId, WINNERS[round % WINNERS.length]!));
        // Now and then read it back (likely from another instance). Besides checking that, the
        // random extra request keeps round-robin from settling into a rhythm where every chat
        // lands on one instance and every vote on another.
        if (Math.random() < 0.5) {
          const startedAt = Date.now();
          const status = await fetch(`${nginx.url}/api/comparisons/${outcome.comparisonId}`, { headers: { authorization: `Bearer ${user.token}` } }).then(
            async (response) => (await response.text(), response.status),
            (error: Error) => error.message,
          );
          readBacks.push({ startedAt, endedAt: Date.now(), status });
        }
      }
    };
    const workers = Array.from({ length: LOAD_WORKERS }, (_, index) => worker(index));
    const acknowledgedSince = (since: number) => outcomes.filter((outcome) => outcome.acknowledged && outcome.startedAt >= since).length;
    const loadStarted = Date.now();
    await waitFor('traffic on every instance', async () => (acknowledgedSince(loadStarted) >= 12 ? true : undefined), 20_000);

    // SIGTERM instance 0 while a stream runs on it (sent straight to it, so it surely is in flight).
    const [stopped, killed, survivor] = instances as [ServerProcess, ServerProcess, ServerProcess];
    let firstDelta: () => void = () => {};
    const deltaSeen = new Promise<void>((resolve) => (firstDelta = resolve));
    const onStopped = compare(stopped.url, users[0]!.token, pairs[0], { stream: true, label: 'on-stopped', onEvent: (event) => event.event === 'delta' && firstDelta() });
    await deltaSeen;
    const stoppedAt = Date.now();
    const exitCode = await stopped.stop('SIGTERM');
    const drainMs = Date.now() - stoppedAt;
    expect(exitCode).toBe(0);
    const inFlightOnStopped = await onStopped;
    expect(inFlightOnStopped.acknowledged, inFlightOnStopped.detail).toBe(true);
    // Draining lasts until nginx has dropped its pooled connections to the instance (each after
    // one more request, answered with Connection: close, or keepalive_timeout 4s idle), not until
    // SHUTDOWN_TIMEOUT_MS (20 s here), which would cut streams off.
    expect(drainMs).toBeLessThan(10_000);
    await waitFor('traffic after the SIGTERM', async () => (acknowledgedSince(stoppedAt + drainMs) >= 6 ? true : undefined), 20_000);

    // kill -9 instance 1 while a stream runs on it.
    let killDelta: () => void = () => {};
    const killDeltaSeen = new Promise<void>((resolve) => (killDelta = resolve));
    const onKilled = compare(killed.url, users[0]!.token, pairs[1], { stream: true, label: 'on-killed', onEvent: (event) => event.event === 'delta' && killDelta() });
    await killDeltaSeen;
    const killedAt = Date.now();
    expect(await killed.stop('SIGKILL')).toBeNull();
    const inFlightOnKilled = await onKilled;
    expect(inFlightOnKilled.acknowledged).toBe(false);
    expect(inFlightOnKilled.comparisonId).toBeDefined();

    // Only the survivor is left; new requests keep succeeding through it.
    await waitFor('traffic after the kill', async () => (acknowledgedSince(killedAt + 1_000) >= 8 ? true : undefined), 30_000);
    running = false;
    await Promise.all(workers);
    const loadEnded = Date.now();

    const failures = outcomes.filter((outcome) => !outcome.acknowledged);
    console.log(
      `load: ${outcomes.length} dual chats (${outcomes.length - failures.length} acknowledged, ${failures.length} failed), ${votes.length} votes ` +
        `(${votes.filter((record) => record.failures.length > 0).length} retried), ${readBacks.length} read-backs, ` +
        `SIGTERM drain ${drainMs} ms, ${Math.round((loadEnded - loadStarted) / 1000)} s in all`,
    );
    for (const failure of failures) console.log(`  failed: ${failure.stream ? 'stream' : 'json'} ${failure.status} ${failure.detail.slice(0, 60)} (started ${failure.startedAt - killedAt} ms after the kill)`);

    // The SIGTERM cost nothing: every failure was in flight on the killed instance, or reached it
    // before nginx noticed it was gone.
    for (const failure of failures) {
      expect(failure.endedAt).toBeGreaterThanOrEqual(killedAt);
      expect(failure.startedAt).toBeLessThan(killedAt + 5_000);
      // A clean failure: nginx's 502, or a stream cut off before its `end`.
      const fromNginx = failure.status === 502 && failure.detail.includes('502 Bad Gateway');
      expect(fromNginx || (failure.stream && failure.status === 200) || failure.status === 'network', `${failure.status} ${failure.detail}`).toBe(true);
    }
    expect(failures.length).toBeLessThanOrEqual(LOAD_WORKERS);
    for (const outcome of outcomes) if (outcome.acknowledged) expect(outcome.sideErrors).toEqual([]);
    // A comparison stored by one instance is readable through any other at once.
    for (const read of readBacks) if (read.endedAt < killedAt || read.startedAt > killedAt + 5_000) expect(read.status).toBe(200);
    // The stopped instance's part, as nginx saw it: its only errors are refused connections after it closed.
    const stoppedUpstream = `upstream: "http://127.0.0.1:${ports[0]}/`;
    const stoppedErrors = nginx
      .errorLog()
      .split('\n')
      .filter((line) => line.includes(stoppedUpstream) && !/connect\(\) failed \(111: Connection refused\)|upstream server temporarily disabled/.test(line));
    expect(stoppedErrors).toEqual([]);
    const served = new Set(nginx.accessLog().flatMap((entry: AccessEntry) => entry.attempts.filter((attempt) => /^2/.test(attempt.status)).map((attempt) => attempt.address)));
    expect([...served].sort()).toEqual(ports.map((port) => `127.0.0.1:${port}`).sort());

    // Comparisons: each acknowledged one stored once, complete; nothing stored twice or half.
    const all = [...outcomes, inFlightOnStopped, inFlightOnKilled];
    const byPrompt = new Map(all.map((outcome) => [outcome.prompt, outcome]));
    const stored = (
      await db.query<{ comparison_id: string; prompt_text: string; model1_response: string; model2_response: string; model1_error: unknown; model2_error: unknown; messages: string }>(
        `SELECT c.comparison_id, c.prompt_text, c.model1_response, c.model2_response, c.model1_error, c.model2_error,
                (SELECT count(*) FROM thread_messages m WHERE m.comparison_id = c.comparison_id) AS messages
           FROM comparisons c WHERE c.prompt_text LIKE 'load %' OR c.prompt_text LIKE 'on-%'`,
      )
    ).rows;
    const storedIds = new Set(stored.map((row) => row.comparison_id));
    for (const outcome of all) if (outcome.acknowledged) expect(storedIds.has(outcome.comparisonId as string), outcome.prompt).toBe(true);
    expect(storedIds.has(inFlightOnKilled.comparisonId as string)).toBe(false);
    expect(new Set(stored.map((row) => row.prompt_text)).size).toBe(stored.length);
    for (const row of stored) {
      const sent = byPrompt.get(row.prompt_text);
      expect(sent, `a comparison nobody asked for: ${row.prompt_text}`).toBeDefined();
      expect(row.comparison_id).toBe(sent?.comparisonId);
      expect(row).toMatchObject({ model1_response: LOAD_ANSWER, model2_response: LOAD_ANSWER, model1_error: null, model2_error: null, messages: '1' });
    }

    // Votes: every vote the client settled (201, or 409 after a failed attempt) is stored, once.
    expect(votes.filter((record) => record.resolvedBy === undefined)).toEqual([]);
    const storedVotes = (
      await db.query<{ vote_id: string; comparison_id: string }>(
        `SELECT v.vote_id, v.comparison_id FROM model_votes v JOIN comparisons c USING (comparison_id) WHERE c.prompt_text LIKE 'load %'`,
      )
    ).rows;
    expect(storedVotes.map((row) => row.comparison_id).sort()).toEqual(votes.map((record) => record.comparisonId).sort());
    const storedVoteIds = new Set(storedVotes.map((row) => row.vote_id));
    for (const record of votes) if (record.voteId) expect(storedVoteIds.has(record.voteId)).toBe(true);
  }, 90_000);

  it('restarts the stopped instances (nothing left to migrate), and every instance serves the same leaderboard', async () => {
    const [restarted0, restarted1] = await Promise.all([start(0), start(1)]);
    for (const instance of [restarted0, restarted1]) expect(migrationsAppliedIn(instance.output())).toEqual([]);
    const totalVotes = Number((await db.query<{ count: string }>('SELECT count(*) AS count FROM model_votes')).rows[0]?.count);
    expect(totalVotes).toBeGreaterThan(20);

    for (const route of ['/api/leaderboard?method=bt', '/api/leaderboard?method=elo', '/api/leaderboard/matrix']) {
      await waitFor(
        `the same ${route} from every instance and nginx`,
        async () => {
          const answers = await Promise.all(
            [...instances.map((instance) => instance.url), nginx.url].map(async (url) => {
              const { computed_at: _computedAt, ...board } = (await (await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${admin.token}` } })).json()) as Record<string, unknown>;
              return JSON.stringify(board);
            }),
          );
          const same = answers.every((answer) => answer === answers[0]);
          // Every vote is counted or left out for a stated reason (a battle a killed instance cut off, say).
          const { votes, excluded = {} } = JSON.parse(answers[0] as string) as { votes?: number; excluded?: Record<string, number> };
          const accounted = votes === undefined ? undefined : votes + Object.values(excluded).reduce((sum, count) => sum + count, 0);
          return same && (accounted === undefined || accounted === totalVotes) ? true : undefined;
        },
        15_000,
        200,
      );
    }
  }, 60_000);
});
