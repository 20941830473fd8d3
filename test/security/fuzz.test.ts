import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

/** Cases per route; the issue asks for at least 1,000. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

let server: TestServer;
let api: ApiClient;
let adminToken: string;
let routes: Array<{ method: string; route: string }>;
let database: DatabaseState;

beforeAll(async () => {
  server = await startTestServer('pglite', { JWT_SECRET: 'fuzz-test-secret-0123456789abcdefghijklm', DEMO_DELAY_MS: '0', CHAT_RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_MAX_ATTEMPTS_PER_IP: '1000000', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000000' });
  api = apiClient(server.url);
  adminToken = (await signUp(api, 'admin')).token;
  const document = (await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json')).body;
  routes = Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), route })));
  database = await databaseState(server.database.handle.pool);
});
afterAll(() => server.close());

/** Hostile strings: path traversal, SQL and shell metacharacters, NUL bytes, odd Unicode, very long ones. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', "'; DROP TABLE users; --", '" OR 1=1 --', '%00', '\u0000', '\uFFFF\uD800', '$(reboot)', 'null', 'undefined', '-1', '1e309', '__proto__', 'constructor'),
  fc.uuid(),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);

/** Bodies of every shape: valid-looking objects with hostile values, arrays, scalars, deep nesting. */
const bodies = fc.oneof(
  fc.dictionary(fc.constantFrom('prompt', 'email', 'password', 'model_id', 'model1_id', 'model2_id', 'mode', 'winner', 'title', 'visibility', 'role', 'value', 'api_key', 'provider_name', 'model_name', 'api_url', 'status', 'priority', 'is_enabled', 'is_active', 'clear_cooldown', 'thread_id'), fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }))),
  fc.jsonValue(),
  fc.integer({ min: 50, max: 2000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

/** Raw bodies that are not JSON at all, or not valid UTF-8. */
const rawBodies = fc.oneof(
  fc.string(),
  fc.constantFrom('{"prompt": ', '{]', '\u0000\u0001', '{"a":1}{"b":2}'),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

/**
 * Columns that legitimately change on a request that writes nothing of its own, left out of the
 * fingerprint: `users.last_login_at` moves when ensureUserExists refreshes a cached caller (at
 * most once a minute, on any authenticated request, whatever its answer).
 */
const VOLATILE_COLUMNS: Record<string, string[]> = { users: ['last_login_at'] };

/**
 * "Never a partial write", cheaply enough for 40,000 requests. Every transaction that writes a
 * row is given a transaction id, so while the horizon of completed transaction ids has not moved,
 * nothing was written: one trivial query. When it has moved (a write, or a write that failed and
 * rolled back, such as a NUL byte refused by PostgreSQL), a fingerprint of every table of the
 * database (its row count, and the sum of a hash of each row's JSON) tells whether the data
 * changed. (Transaction ids are per server, not per database: on a shared PostgreSQL server other
 * databases' writes would only cost extra fingerprints. The fuzzer runs on the embedded one.)
 */
interface DatabaseState {
  horizon(): Promise<string>;
  fingerprint(): Promise<string>;
}

async function databaseState(pool: pg.Pool): Promise<DatabaseState> {
  const tables = (
    await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
  ).rows.map((row) => row.table_name);
  const fingerprintSql = `SELECT concat_ws(' ', ${tables
    .map((table) => {
      const row = (VOLATILE_COLUMNS[table] ?? []).reduce((json, column) => `(${json} - '${column}')`, 'to_jsonb(t)');
      return `(SELECT '${table}:' || count(*) || ':' || coalesce(sum(hashtext(${row}::text)::bigint), 0) FROM "${table}" t)`;
    })
    .join(', ')}) AS fingerprint`;
  return {
    horizon: async () => (await pool.query<{ horizon: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS horizon')).rows[0]?.horizon ?? '',
    fingerprint: async () => (await pool.query<{ fingerprint: string }>(fingerprintSql)).rows[0]?.fingerprint ?? '',
  };
}

/** The tables whose part of two fingerprints differs. */
function changedTables(before: string, after: string): string {
  const old = new Set(before.split(' '));
  return after.split(' ').filter((part) => !old.has(part)).map((part) => part.split(':')[0]).join(', ');
}

/** Lone surrogates replaced, as a browser would before encoding a URL. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function fill(route: string, values: string[]): string {
  let index = 0;
  return route.replace(/\{[^}]+\}/g, () => encodeURIComponent(wellFormed(values[index++ % values.length] ?? 'x')));
}

describe('fuzzing every route of the OpenAPI document', () => {
  it(`answers ${RUNS} hostile requests per route with a 4xx JSON error or a success, never a 5xx, and a 4xx writes nothing`, async () => {
    const problems: string[] = [];
    const counts = { cases: 0, refused: 0, fingerprints: 0 };
    const fingerprint = () => {
      counts.fingerprints += 1;
      return database.fingerprint();
    };
    // The data as of the last answer. Cases run one at a time, so a change seen right after an
    // answer was made while that request was served (or, for a write that lands after its
    // request's answer, while the next one was).
    let known = { horizon: await database.horizon(), fingerprint: await fingerprint() };
    const checkDatabase = async (refused: string | undefined) => {
      const horizon = await database.horizon();
      if (horizon === known.horizon) return;
      const current = await fingerprint();
      if (refused !== undefined && current !== known.fingerprint) problems.push(`${refused} → changed the database: ${changedTables(known.fingerprint, current)}`);
      known = { horizon, fingerprint: current };
    };
    for (const { method, route } of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostile, { minLength: 1, maxLength: 3 }),
          fc.dictionary(fc.constantFrom('limit', 'offset', 'method', 'blind', 'since', 'mine', 'query'), hostile, { maxKeys: 3 }),
          fc.oneof(bodies.map((body) => ({ json: body })), rawBodies.map((raw) => ({ raw }))),
          fc.constantFrom('admin', 'anonymous', 'garbage'),
          async (params, query, payload, who) => {
            const search = new URLSearchParams(query).toString();
            const url = `${server.url}${fill(route, params)}${search ? `?${search}` : ''}`;
            const headers: Record<string, string> = { 'content-type': 'json' in payload ? 'application/json' : 'text/plain' };
            if (who === 'admin') headers.authorization = `Bearer ${adminToken}`;
            if (who === 'garbage') headers.authorization = `Bearer ${params[0] ?? ''}`.replace(/[^\t\x20-\x7e]/g, '');
            const body = method === 'GET' || method === 'DELETE' ? null : 'json' in payload ? JSON.stringify(payload.json ?? null) : payload.raw;
            const label = () => `${method} ${route} (url ${url.slice(0, 200)}, body ${String(body).slice(0, 200)})`;
            counts.cases += 1;
            let response: Response;
            let text: string;
            try {
              response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
              text = await response.text();
            } catch (error) {
              problems.push(`${label()} → no answer (${(error as Error).name})`);
              await checkDatabase(undefined);
              return;
            }
            const refused = response.status >= 400 && response.status < 500;
            if (refused) counts.refused += 1;
            await checkDatabase(refused ? `${label()} → ${response.status}` : undefined);
            if (response.status >= 500) problems.push(`${label()} → ${response.status}: ${text.slice(0, 200)}`);
            // 414/431: Node's HTTP parser refuses an oversized URL or header before the app runs.
            if (response.status >= 400 && response.status !== 414 && response.status !== 431 && url.includes('/api/')) {
              const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
              expect(typeof parsed.error?.code).toBe('string');
              expect(typeof parsed.error?.message).toBe('string');
            }
          },
        ),
        { numRuns: RUNS, seed: 20261125, endOnFailure: true },
      );
    }
    console.info(`fuzz: ${counts.cases} cases over ${routes.length} routes, ${counts.refused} answered 4xx, ${counts.fingerprints} database fingerprints`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(counts.cases).toBe(RUNS * routes.length);
    // The check means something only if most cases were refused.
    expect(counts.refused).toBeGreaterThan(counts.cases / 2);
    expect((await api('GET', '/readyz')).status).toBe(200);
  }, 600_000);

  it('never serves files outside the web app', async () => {
    for (const path of ['/../package.json', '/..%2Fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../src/config.ts', '/.env']) {
      const response = await fetch(`${server.url}${path}`);
      const text = await response.text();
      expect(text).not.toContain('"dependencies"');
      expect(text).not.toContain('root:x:0:0');
      expect(text).not.toContain('configSchema');
    }
  });
  // Last: the server closes the connection it refused mid-upload.
  it('refuses an oversized body with 413 before reading it', async () => {
    const response = await api<{ error: { code: string } }>('POST', '/api/auth/login', { body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

});
