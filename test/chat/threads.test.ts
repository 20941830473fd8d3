import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
type Caller = 'anonymous' | 'owner' | 'other' | 'admin';

describe.each(DATABASE_KINDS)('threads, single chat and sharing on %s', (kind) => {
  let server: TestServer;
  let upstream: FakeUpstream;
  let api: ApiClient;
  const people = {} as Record<Exclude<Caller, 'anonymous'>, SignedUp>;
  let modelId: string;

  const as = <T = Row>(caller: Caller, method: string, route: string, body?: unknown) =>
    api<T>(method, route, { token: caller === 'anonymous' ? undefined : people[caller].token, body });
  const setSetting = (key: string, value: string) => as('admin', 'PUT', `/api/admin/settings/${key}`, { value });

  beforeAll(async () => {
    upstream = await FakeUpstream.start({ chunks: ['Paris', ' is the capital.'] });
    server = await startTestServer(kind, { JWT_SECRET: 'threads-test-secret-0123456789abcdefghijk', CHAT_HISTORY_CHARS: '200' });
    api = apiClient(server.url);
    people.admin = await signUp(api, 'admin');
    people.owner = await signUp(api, 'owner');
    people.other = await signUp(api, 'other');
    await as('admin', 'POST', '/api/admin/providers', { provider_name: 'local' });
    modelId = (await as('admin', 'POST', '/api/admin/models', { model_name: 'local-model', provider_name: 'local', api_url: upstream.baseURL })).body.model_id as string;
    // Anonymous battles here pair the one real model with the demo models, which would otherwise retire.
    await as('admin', 'PUT', '/api/admin/settings/keep_demo_models', { value: true });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('chats in a thread: the first prompt names it, later turns carry the history', async () => {
    const thread = await as('owner', 'POST', '/api/threads', {});
    expect(thread.status).toBe(201);
    expect(thread.body).toMatchObject({ title: null, visibility: 'private', user_id: people.owner.user_id });
    const id = thread.body.thread_id as string;

    const first = await as('owner', 'POST', `/api/threads/${id}/messages`, { prompt: 'What is the capital of France?', model_id: modelId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ model1_id: modelId, model1_response: 'Paris is the capital.', model2_id: null, comparison_id: null });
    expect(first.body.model1_time_ms).toBeGreaterThanOrEqual(0);

    const second = await fetch(`${server.url}/api/threads/${id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${people.owner.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ prompt: 'And of Spain?', model_id: modelId }),
    });
    const events = await readEvents(second);
    expect(events.map((event) => event.event)).toEqual(['meta', 'delta', 'delta', 'done', 'end']);
    expect(upstream.requests.at(-1)?.messages).toEqual([
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris is the capital.' },
      { role: 'user', content: 'And of Spain?' },
    ]);

    // 200 characters of history: the oldest turns drop out first.
    await as('owner', 'POST', `/api/threads/${id}/messages`, { prompt: 'x'.repeat(150), model_id: modelId });
    await as('owner', 'POST', `/api/threads/${id}/messages`, { prompt: 'Last one', model_id: modelId });
    const sent = upstream.requests.at(-1)?.messages.map((message) => message.content);
    expect(sent?.[0]).toBe('x'.repeat(150));
    expect(sent?.at(-1)).toBe('Last one');

    const full = await as<{ title: string; messages: Row[] }>('owner', 'GET', `/api/threads/${id}`);
    expect(full.body.title).toBe('What is the capital of France?');
    expect(full.body.messages.map((message) => message.prompt_text)).toEqual(['What is the capital of France?', 'And of Spain?', 'x'.repeat(150), 'Last one']);
  });

  it('lists, renames and deletes threads; comparisons and votes outlive a deleted thread', async () => {
    const comparison = await as('owner', 'POST', '/api/comparisons', { prompt: 'Keep my vote', model1_id: modelId, model2_id: (await as<Row[]>('anonymous', 'GET', '/api/models')).body.find((model) => model.model_name === 'demo-concise')?.model_id });
    expect(comparison.status).toBe(201);
    await as('owner', 'POST', `/api/comparisons/${comparison.body.comparison_id}/vote`, { winner: 'model1' });
    const threadId = comparison.body.thread_id as string;

    const list = await as<Row[]>('owner', 'GET', '/api/threads?limit=50');
    expect(list.body.map((thread) => thread.thread_id)).toContain(threadId);
    expect((await as<Row[]>('other', 'GET', '/api/threads')).body.map((thread) => thread.thread_id)).not.toContain(threadId);

    const renamed = await as('owner', 'PATCH', `/api/threads/${threadId}`, { title: 'Renamed' });
    expect(renamed.body.title).toBe('Renamed');
    expect((await as('owner', 'PATCH', `/api/threads/${threadId}`, {})).status).toBe(400);

    expect((await as('owner', 'DELETE', `/api/threads/${threadId}`)).status).toBe(204);
    expect((await as('owner', 'GET', `/api/threads/${threadId}`)).status).toBe(404);
    const db = server.database.handle.db;
    expect(await db.selectFrom('thread_messages').select('message_id').where('thread_id', '=', threadId).execute()).toEqual([]);
    expect(await db.selectFrom('comparisons').select('comparison_id').where('comparison_id', '=', comparison.body.comparison_id as string).execute()).toHaveLength(1);
    expect(await db.selectFrom('model_votes').select('vote_id').where('comparison_id', '=', comparison.body.comparison_id as string).execute()).toHaveLength(1);
  });

  it('shares threads only while public_sharing is on; private threads are 404 to everyone else', async () => {
    const thread = (await as('owner', 'POST', '/api/threads', { title: 'Shareable' })).body;
    const id = thread.thread_id as string;
    await as('owner', 'POST', `/api/threads/${id}/messages`, { prompt: 'Share me', model_id: modelId });

    await setSetting('public_sharing', 'false');
    const refused = await as<{ error: { code: string } }>('owner', 'PATCH', `/api/threads/${id}`, { visibility: 'public' });
    expect(refused.status).toBe(403);
    expect((await as('owner', 'POST', '/api/threads', { visibility: 'unlisted' })).status).toBe(403);

    await setSetting('public_sharing', 'true');
    expect((await as('anonymous', 'GET', `/api/shared/${id}`)).status).toBe(404);
    expect((await as('owner', 'GET', `/api/shared/${id}`)).status).toBe(404);

    await as('owner', 'PATCH', `/api/threads/${id}`, { visibility: 'unlisted' });
    const shared = await as<{ messages: Row[] }>('anonymous', 'GET', `/api/shared/${id}`);
    expect(shared.status).toBe(200);
    expect(shared.body.messages[0]?.prompt_text).toBe('Share me');
    expect((await as<Row[]>('anonymous', 'GET', '/api/public/threads')).body.map((row) => row.thread_id)).not.toContain(id);

    await as('owner', 'PATCH', `/api/threads/${id}`, { visibility: 'public' });
    expect((await as<Row[]>('anonymous', 'GET', '/api/public/threads')).body.map((row) => row.thread_id)).toContain(id);

    // Turning sharing off hides what was shared, without changing the threads.
    await setSetting('public_sharing', 'false');
    expect((await as('anonymous', 'GET', `/api/shared/${id}`)).status).toBe(404);
    expect((await as<Row[]>('anonymous', 'GET', '/api/public/threads')).body).toEqual([]);
    await setSetting('public_sharing', 'true');
  });

  it('checks every chat route against who is asking and the thread’s visibility', async () => {
    const privateThread = (await as('owner', 'POST', '/api/threads', { title: 'Mine' })).body.thread_id as string;
    const unlisted = (await as('owner', 'POST', '/api/threads', { title: 'Link only', visibility: 'unlisted' })).body.thread_id as string;
    const battle = (await as('owner', 'POST', '/api/comparisons', { prompt: 'Matrix', model1_id: modelId, model2_id: (await as<Row[]>('anonymous', 'GET', '/api/models')).body.find((model) => model.model_name === 'demo-detailed')?.model_id })).body;
    const battleThread = battle.thread_id as string;
    const message = { prompt: 'hi', model_id: modelId };

    const cases: Array<[string, string, unknown, Record<Caller, number>]> = [
      ['GET', '/api/threads', undefined, { anonymous: 401, owner: 200, other: 200, admin: 200 }],
      ['POST', '/api/threads', {}, { anonymous: 401, owner: 201, other: 201, admin: 201 }],
      ['GET', `/api/threads/${privateThread}`, undefined, { anonymous: 401, owner: 200, other: 404, admin: 404 }],
      ['PATCH', `/api/threads/${privateThread}`, { title: 'x' }, { anonymous: 401, owner: 200, other: 404, admin: 404 }],
      ['POST', `/api/threads/${privateThread}/messages`, message, { anonymous: 401, owner: 201, other: 404, admin: 404 }],
      ['GET', `/api/shared/${privateThread}`, undefined, { anonymous: 404, owner: 404, other: 404, admin: 404 }],
      ['GET', `/api/shared/${unlisted}`, undefined, { anonymous: 200, owner: 200, other: 200, admin: 200 }],
      ['GET', `/api/comparisons/${battle.comparison_id}`, undefined, { anonymous: 404, owner: 200, other: 404, admin: 404 }],
      ['POST', `/api/comparisons/${battle.comparison_id}/vote`, { winner: 'sideways' }, { anonymous: 401, owner: 400, other: 400, admin: 400 }],
      ['POST', '/api/comparisons', { prompt: 'p', mode: 'anonymous' }, { anonymous: 401, owner: 201, other: 201, admin: 201 }],
      ['GET', '/api/public/threads', undefined, { anonymous: 200, owner: 200, other: 200, admin: 200 }],
      ['GET', '/api/settings', undefined, { anonymous: 200, owner: 200, other: 200, admin: 200 }],
      ['GET', '/api/admin/settings', undefined, { anonymous: 401, owner: 403, other: 403, admin: 200 }],
      ['PUT', '/api/admin/settings/theme', { value: 'dark' }, { anonymous: 401, owner: 403, other: 403, admin: 200 }],
    ];
    for (const caller of ['anonymous', 'owner', 'other', 'admin'] as const) {
      for (const [method, route, body, expected] of cases) {
        const response = await as(caller, method, route, body);
        expect([caller, method, route, response.status]).toEqual([caller, method, route, expected[caller]]);
      }
    }

    // Once the battle's thread is shared, others may read the comparison but still not vote on it.
    await as('owner', 'PATCH', `/api/threads/${battleThread}`, { visibility: 'public' });
    expect((await as('other', 'GET', `/api/comparisons/${battle.comparison_id}`)).status).toBe(200);
    expect((await as('anonymous', 'GET', `/api/comparisons/${battle.comparison_id}`)).status).toBe(200);
    expect((await as('other', 'POST', `/api/comparisons/${battle.comparison_id}/vote`, { winner: 'model1' })).status).toBe(403);
    expect((await as('owner', 'POST', `/api/comparisons/${battle.comparison_id}/vote`, { winner: 'model1' })).status).toBe(201);
    expect((await as('owner', 'DELETE', `/api/threads/${unlisted}`)).status).toBe(204);
    expect((await as('other', 'DELETE', `/api/threads/${privateThread}`)).status).toBe(404);
  });

  it('validates settings by their type and keeps unknown keys as text', async () => {
    const bad = await as<{ error: { message: string } }>('admin', 'PUT', '/api/admin/settings/public_sharing', { value: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^public_sharing: must be true or false/);
    expect((await as('admin', 'PUT', '/api/admin/settings/max_prompt_chars', { value: -3 })).status).toBe(400);
    // Beyond what a 1 MiB request body can carry.
    const tooMany = await as<{ error: { message: string } }>('admin', 'PUT', '/api/admin/settings/max_prompt_chars', { value: '1000000' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^max_prompt_chars: must be between 1 and \d+/);
    expect((await as('admin', 'PUT', '/api/admin/settings/default_model1', { value: 'not-a-uuid' })).status).toBe(400);
    expect((await as('admin', 'PUT', '/api/admin/settings/anonymous_battles_enabled', { value: false })).body).toMatchObject({ value: 'false', known: true });
    expect((await as('owner', 'POST', '/api/comparisons', { prompt: 'p', mode: 'anonymous' })).status).toBe(403);
    await as('admin', 'PUT', '/api/admin/settings/anonymous_battles_enabled', { value: true });
    const custom = await as('admin', 'PUT', '/api/admin/settings/banner.text', { value: 'Hello <b>lab</b>' });
    expect(custom.body).toMatchObject({ key: 'banner.text', value: 'Hello <b>lab</b>', known: false });
    const listed = await as<Row[]>('admin', 'GET', '/api/admin/settings');
    expect(listed.body.find((row) => row.key === 'public_sharing')).toMatchObject({ known: true, description: expect.stringContaining('shared') });
  });

  it('applies a settings change on another instance once its settings cache expires', async () => {
    // A short cache, so the poll's timeout is a wide margin over it: an instance that never
    // re-read its settings would fail.
    const config = loadConfig({ PORT: '0', DATA_DIR: os.tmpdir(), JWT_SECRET: 'threads-test-secret-0123456789abcdefghijk', SETTINGS_CACHE_MS: '300' });
    const second = await startServer(config, testLogger('second-instance'), { database: server.database.handle });
    try {
      const read = async () => ((await apiClient(second.url)<Row>('GET', '/api/settings')).body.max_prompt_chars as number);
      expect(await read()).toBe(16000);
      await setSetting('max_prompt_chars', '1234');
      await expect.poll(read, { timeout: 10_000, interval: 100 }).toBe(1234);
    } finally {
      await setSetting('max_prompt_chars', '16000');
      await second.close();
    }
  });

  it('lists threads with their kind and first prompt; the gallery adds the author’s chosen name and the models, an unvoted anonymous pair unnamed', async () => {
    const grace = await api('POST', '/api/auth/signup', { body: { email: 'grace@example.com', password: 'password-grace', full_name: 'Grace H.' } });
    expect(grace.status).toBe(201);
    const token = (await api<{ access_token: string }>('POST', '/api/auth/login', { body: { email: 'grace@example.com', password: 'password-grace' } })).body.access_token;
    const mine = <T = Row>(method: string, route: string, body?: unknown) => api<T>(method, route, { token, body });
    const chat = (await mine('POST', '/api/threads', { visibility: 'public' })).body.thread_id as string;
    await mine('POST', `/api/threads/${chat}/messages`, { prompt: `Tell me about Paris ${'and more '.repeat(40)}`, model_id: modelId });
    const hidden = (await mine<{ thread_id: string }>('POST', '/api/comparisons', { prompt: 'Who are you?', mode: 'anonymous' })).body.thread_id;
    await mine('PATCH', `/api/threads/${hidden}`, { visibility: 'public' });
    const demo = (await api<Array<{ model_id: string; model_name: string; provider_name: string }>>('GET', '/api/models')).body.find((model) => model.provider_name === 'demo');
    const named = (await mine<{ thread_id: string }>('POST', '/api/comparisons', { prompt: 'Compare yourselves', mode: 'named', model1_id: modelId, model2_id: demo?.model_id })).body.thread_id;
    await mine('PATCH', `/api/threads/${named}`, { visibility: 'public' });

    type Summary = { thread_id: string; kind: string; preview: string | null; models?: string[]; author?: string | null };
    const listed = new Map((await mine<Summary[]>('GET', '/api/threads')).body.map((thread) => [thread.thread_id, thread]));
    expect(listed.size).toBe(3);
    expect(listed.get(chat)).toMatchObject({ kind: 'chat' });
    expect(listed.get(chat)?.preview?.startsWith('Tell me about Paris and more')).toBe(true);
    expect(listed.get(hidden)).toMatchObject({ kind: 'battle', preview: 'Who are you?' });
    expect(listed.get(named)).toMatchObject({ kind: 'battle', preview: 'Compare yourselves' });

    const gallery = new Map((await api<Summary[]>('GET', '/api/public/threads')).body.map((thread) => [thread.thread_id, thread]));
    for (const id of [chat, hidden, named]) expect(gallery.get(id)?.author).toBe('Grace H.');
    expect(JSON.stringify([...gallery.values()])).not.toContain('grace@example.com');
    expect(gallery.get(chat)?.models).toEqual(['local-model']);
    expect(gallery.get(hidden)?.models).toEqual([]);
    expect(gallery.get(named)?.models).toEqual([demo?.model_name, 'local-model'].sort());
  });
});

describe('chat rate limits', () => {
  it('answers 429 with Retry-After past the per-user limit', async () => {
    const server = await startTestServer('postgres', { JWT_SECRET: 'rate-test-secret-0123456789abcdefghijklmn', CHAT_RATE_LIMIT_PER_MINUTE: '3', DEMO_DELAY_MS: '0' });
    try {
      const api = apiClient(server.url);
      const user = await signUp(api, 'chatty');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let request = 0; request < 5; request++) {
        const response = await api('POST', '/api/comparisons', { token: user.token, body: { prompt: 'again', mode: 'anonymous' } });
        statuses.push(response.status);
        retryAfter ??= response.headers.get('retry-after');
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const other = await signUp(api, 'quiet');
      expect((await api('POST', '/api/comparisons', { token: other.token, body: { prompt: 'mine', mode: 'anonymous' } })).status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
