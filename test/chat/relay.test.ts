import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

/**
 * The relay end to end: what the upstream streams is what the client's SSE carries, chunk for
 * chunk and byte for byte, whatever the text holds (characters of every UTF-8 length, line
 * breaks, SSE syntax, JSON escapes, Unicode line separators, a 70 KB chunk that spans many reads).
 */
const CHUNKS = [
  'Grüße ',
  '👋🏽 世界',
  '\nline\r\nbreak\r',
  'data: not an event\n\n',
  'event: end\n',
  ': comment ',
  '"quoted" \\ back\\slash \t tab',
  '\u2028sep\u2029',
  '[DONE]',
  ' <b>&amp;</b> ',
  'x'.repeat(70_000),
  ' the end.',
];
const REVERSED = [...CHUNKS].reverse();

type Row = Record<string, unknown>;

describe.each(DATABASE_KINDS)('the relay on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let upstreams: FakeUpstream[];
  let owner: SignedUp;
  const models: string[] = [];

  const post = (route: string, body: unknown) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    upstreams = await Promise.all([FakeUpstream.start({ chunks: CHUNKS }), FakeUpstream.start({ chunks: REVERSED, groq: true })]);
    server = await startTestServer(kind, { JWT_SECRET: 'relay-test-secret-0123456789abcdefghijklm' });
    api = apiClient(server.url);
    const admin = await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
    for (const [index, upstream] of upstreams.entries()) {
      await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: `relay${index}` } });
      const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: `relay-model-${index}`, provider_name: `relay${index}`, api_url: upstream.baseURL } });
      models.push(created.body.model_id as string);
    }
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
  });

  it('gives each side of a dual chat exactly the chunks its upstream sent, in order, and stores the same text', async () => {
    const response = await post('/api/comparisons', { prompt: 'Relay this', model1_id: models[0], model2_id: models[1] });
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    expect(events[0]?.event).toBe('meta');
    expect(events.at(-1)?.event).toBe('end');
    expect(events.filter((event) => event.event === 'error')).toEqual([]);
    const deltas = (side: string) => events.filter((event) => event.event === 'delta' && event.data.side === side).map((event) => event.data.text);
    expect(deltas('model1')).toEqual(CHUNKS);
    expect(deltas('model2')).toEqual(REVERSED);
    // Each side's `done` comes after its last delta.
    for (const side of ['model1', 'model2']) {
      const lastDelta = events.findLastIndex((event) => event.event === 'delta' && event.data.side === side);
      expect(events.findIndex((event) => event.event === 'done' && event.data.side === side)).toBeGreaterThan(lastDelta);
    }
    const stored = await api<Row>('GET', `/api/comparisons/${events.at(-1)?.data.comparison_id}`, { token: owner.token });
    expect(stored.body).toMatchObject({ model1_response: CHUNKS.join(''), model2_response: REVERSED.join('') });
  });

  it('streams a single-chat turn the same way, with the headers every answer carries', async () => {
    const thread = await api<Row>('POST', '/api/threads', { token: owner.token, body: { title: 'Relay' } });
    const response = await post(`/api/threads/${thread.body.thread_id}/messages`, { prompt: 'Once more', model_id: models[1] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toMatch(/\S/);
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-hono'))).toEqual([]);
    const events = await readEvents(response);
    expect(events.map((event) => event.event)).toEqual(['meta', ...REVERSED.map(() => 'delta'), 'done', 'end']);
    expect(events.filter((event) => event.event === 'delta').map((event) => event.data.text)).toEqual(REVERSED);
  });
});
