import { afterAll, beforeAll, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp } from '../helpers/users.js';

const TOKEN = 'metrics-token-0123456789';
let server: TestServer;
let upstream: FakeUpstream;
let api: ApiClient;

beforeAll(async () => {
  upstream = await FakeUpstream.start({ chunks: ['a', 'b'] });
  server = await startTestServer('pglite', { JWT_SECRET: 'metrics-test-secret-0123456789abcdefghij', METRICS_TOKEN: TOKEN });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

const scrape = async () => (await api<string>('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body;

it('guards /metrics with METRICS_TOKEN', async () => {
  expect((await api('GET', '/metrics')).status).toBe(401);
  expect((await api('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  const response = await api<string>('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  expect(response.body).toContain('nodejs_eventloop_lag_seconds');
});

it('counts requests by route pattern, upstream calls by provider, keys by state, comparisons and votes', async () => {
  const admin = await signUp(api, 'admin');
  await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'metered' } });
  const ids: string[] = [];
  for (const name of ['m-one', 'm-two']) {
    ids.push((await api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'metered', api_url: upstream.baseURL } })).body.model_id);
  }
  const good = `sk-dualmind-test-good-${Date.now()}`;
  const revoked = `sk-dualmind-test-revoked-${Date.now()}`;
  upstream.behave(revoked, behaviours.invalidKey());
  await api('POST', '/api/admin/providers/metered/keys', { token: admin.token, body: { api_key: revoked } });
  await api('POST', '/api/admin/providers/metered/keys', { token: admin.token, body: { api_key: good } });

  const battle = await api<{ comparison_id: string }>('POST', '/api/comparisons', { token: admin.token, body: { prompt: 'Count me', model1_id: ids[0], model2_id: ids[1] } });
  expect(battle.status).toBe(201);
  await api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: admin.token, body: { winner: 'model2' } });
  await api('GET', `/api/comparisons/${battle.body.comparison_id}`, { token: admin.token });

  const text = await scrape();
  expect(text).toMatch(/dualmind_http_request_duration_seconds_count\{method="GET",route="\/api\/comparisons\/:id",status="200"\} 1/);
  expect(text).not.toContain(battle.body.comparison_id);
  expect(text).toMatch(/dualmind_upstream_time_to_first_token_seconds_count\{provider="metered",model="m-(one|two)"\} 1/);
  expect(text).toMatch(/dualmind_upstream_failures_total\{provider="metered",model="m-(one|two)",category="auth"\} 1/);
  expect(text).toMatch(/dualmind_keys\{provider="metered",state="inactive"\} 1/);
  expect(text).toMatch(/dualmind_keys\{provider="metered",state="available"\} 1/);
  expect(text).toMatch(/dualmind_comparisons_total\{mode="named"\} 1/);
  expect(text).toMatch(/dualmind_votes_total\{outcome="model2"\} 1/);
});
