import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

const MODELS = ['hidden-alpha', 'hidden-beta'];

/** A lab with exactly two active models (the demo ones retired), so an anonymous battle pairs them. */
async function twoModelLab(env: Record<string, string>) {
  const upstream = await FakeUpstream.start({ chunks: ['An ', 'answer.'] });
  const server = await startTestServer('pglite', { JWT_SECRET: 'metrics-privacy-secret-0123456789abcdef', ...env });
  const api = apiClient(server.url);
  const admin = await signUp(api, 'admin');
  const user = await signUp(api, 'user');
  const models = await api<Array<{ model_id: string }>>('GET', '/api/admin/models', { token: admin.token });
  for (const model of models.body) await api('PATCH', `/api/admin/models/${model.model_id}`, { token: admin.token, body: { status: 'inactive' } });
  await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'secretive' } });
  for (const name of MODELS) {
    await api('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'secretive', api_url: upstream.baseURL } });
  }
  return { upstream, server, api, admin, user };
}

const mentionsAModel = (text: string) => MODELS.some((name) => text.includes(name));

describe('by default (no METRICS_TOKEN, no METRICS_PORT)', () => {
  let lab: Awaited<ReturnType<typeof twoModelLab>>;
  beforeAll(async () => {
    lab = await twoModelLab({});
  });
  afterAll(async () => {
    await lab.server.close();
    await lab.upstream.close();
  });

  it('two scrapes around an anonymous battle reveal nothing, signed out or with a user token', async () => {
    const scrape = async (token?: string) => {
      const response = await lab.api<unknown>('GET', '/metrics', { token });
      return { status: response.status, text: JSON.stringify(response.body) };
    };
    const before = [await scrape(), await scrape(lab.user.token)];

    const battle = await lab.api<Record<string, unknown>>('POST', '/api/comparisons', { token: lab.user.token, body: { prompt: 'Who are you?', mode: 'anonymous' } });
    expect(battle.status).toBe(201);
    expect(lab.upstream.requests.map((request) => request.model).sort()).toEqual(MODELS);
    // The answer itself names neither model, in its body or its headers.
    expect(battle.body.model1_id).toBeNull();
    expect(mentionsAModel(JSON.stringify(battle.body))).toBe(false);
    expect(mentionsAModel(JSON.stringify([...battle.headers]))).toBe(false);

    const after = [await scrape(), await scrape(lab.user.token)];
    for (const [index, scraped] of after.entries()) {
      expect(scraped.status).toBe(404);
      expect(scraped).toEqual(before[index]);
      expect(mentionsAModel(scraped.text)).toBe(false);
    }
    expect(after[0]?.text).toContain('METRICS_TOKEN');
  });

  it('streams an anonymous battle without naming its models until the vote', async () => {
    const response = await fetch(`${lab.server.url}/api/comparisons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lab.user.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ prompt: 'And you?', mode: 'anonymous' }),
    });
    expect(mentionsAModel(JSON.stringify([...response.headers]))).toBe(false);
    const events = await readEvents(response);
    expect(events.at(-1)?.event).toBe('end');
    expect(events.some((event) => mentionsAModel(event.raw))).toBe(false);
    const comparisonId = events.at(-1)?.data.comparison_id as string;
    const vote = await lab.api<Record<string, unknown>>('POST', `/api/comparisons/${comparisonId}/vote`, { token: lab.user.token, body: { winner: 'tie' } });
    expect(vote.status).toBe(201);
    expect(mentionsAModel(JSON.stringify(vote.body))).toBe(true);
  });
});

describe('with METRICS_PORT', () => {
  let lab: Awaited<ReturnType<typeof twoModelLab>>;
  beforeAll(async () => {
    lab = await twoModelLab({ METRICS_PORT: '0' });
  });
  afterAll(async () => {
    await lab.server.close();
    await lab.upstream.close();
  });

  it('serves the full metrics on a loopback listener of its own, and none on the public port', async () => {
    const url = lab.server.server.metricsUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(url).port).not.toBe(new URL(lab.server.url).port);
    await lab.api('POST', '/api/comparisons', { token: lab.user.token, body: { prompt: 'Hello', mode: 'anonymous' } });

    const scraped = await fetch(url);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/dualmind_upstream_duration_seconds_count\{provider="secretive",model="hidden-alpha"\} 1/);
    expect(text).toMatch(/dualmind_keys|nodejs_eventloop_lag_seconds/);

    expect((await lab.api('GET', '/metrics')).status).toBe(404);
    const other = await fetch(url.replace('/metrics', '/api/models'));
    expect(other.status).toBe(404);
    await other.arrayBuffer();
  });
});
