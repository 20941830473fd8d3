import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { testLogDir } from '../helpers/testLogger.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type ErrorBody = { error: { code: string; message: string } };

/** Text PostgreSQL refuses (NUL) or that JSON carries but UTF-8 cannot (a lone surrogate), as raw JSON escapes. */
const UNSTORABLE = [
  ['a NUL byte', String.raw`"before\u0000after"`],
  ['a lone high surrogate', String.raw`"broken \ud83d emoji"`],
  ['a lone low surrogate', String.raw`"\ude00 at the start"`],
] as const;

describe.each(DATABASE_KINDS)('text the database cannot store, on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let upstream: FakeUpstream;
  let nulUpstream: FakeUpstream;
  let user: SignedUp;
  const models: Record<string, string> = {};

  const post = (route: string, json: string, stream: boolean) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', ...(stream && { accept: 'text/event-stream' }) },
      body: json,
    });
  const upstreamCalls = () => upstream.requests.length + nulUpstream.requests.length;

  beforeAll(async () => {
    [upstream, nulUpstream] = await Promise.all([FakeUpstream.start({ chunks: ['Fine ', 'answer.'] }), FakeUpstream.start({ chunks: ['Bad ', 'byte: \u0000', '.'] })]);
    server = await startTestServer(kind, { JWT_SECRET: 'unstorable-text-secret-0123456789abcdefgh' });
    api = apiClient(server.url);
    const admin = await signUp(api, 'admin');
    user = await signUp(api, 'user');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'plain' } });
    for (const [name, base] of [
      ['one', upstream.baseURL],
      ['two', upstream.baseURL],
      ['nul', nulUpstream.baseURL],
    ] as const) {
      const created = await api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'plain', api_url: base } });
      models[name] = created.body.model_id;
    }
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([upstream.close(), nulUpstream.close()]);
  });

  it.each(UNSTORABLE)('refuses a prompt with %s before any upstream call, as JSON and as a stream', async (_what, prompt) => {
    const thread = await api<{ thread_id: string }>('POST', '/api/threads', { token: user.token, body: { title: 'Chat' } });
    const before = upstreamCalls();
    for (const stream of [false, true]) {
      const compare = await post('/api/comparisons', `{"prompt": ${prompt}, "model1_id": "${models.one}", "model2_id": "${models.two}"}`, stream);
      expect(compare.status).toBe(400);
      expect(compare.headers.get('content-type')).toContain('application/json');
      const body = (await compare.json()) as ErrorBody;
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message).toMatch(/^prompt: /);

      const message = await post(`/api/threads/${thread.body.thread_id}/messages`, `{"prompt": ${prompt}, "model_id": "${models.one}"}`, stream);
      expect(message.status).toBe(400);
      expect(((await message.json()) as ErrorBody).error.message).toMatch(/^prompt: /);
    }
    expect(upstreamCalls()).toBe(before);
    const stored = await api<{ messages: unknown[] }>('GET', `/api/threads/${thread.body.thread_id}`, { token: user.token });
    expect(stored.body.messages).toEqual([]);
  });

  it.each(UNSTORABLE)('refuses a thread title with %s, naming the field', async (_what, title) => {
    const created = await post('/api/threads', `{"title": ${title}}`, false);
    expect(created.status).toBe(400);
    expect(((await created.json()) as ErrorBody).error.message).toMatch(/^title: /);
  });

  it('ends a stream whose turn cannot be stored with an error event, and logs the failure as JSON', async () => {
    const before = nulUpstream.requests.length;
    const response = await post('/api/comparisons', JSON.stringify({ prompt: 'Say something odd', model1_id: models.nul, model2_id: models.one }), true);
    expect(response.status).toBe(200);
    const events = await readEvents(response);
    expect(nulUpstream.requests.length).toBe(before + 1);
    expect(events.filter((event) => event.event === 'done')).toHaveLength(2);
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    expect(last?.data.side).toBeUndefined();
    expect(last?.data.message).toMatch(/could not be stored/);
    expect(events.some((event) => event.event === 'end')).toBe(false);

    const logged = fs
      .readdirSync(testLogDir())
      .filter((file) => file.startsWith(`server-${kind}-`))
      .flatMap((file) => fs.readFileSync(path.join(testLogDir(), file), 'utf8').split('\n'))
      .filter((line) => line.includes('"msg":"turn not stored"'));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.parse(logged.at(-1) as string).err.stack).toMatch(/\n\s+at /);
  });

  it('answers the same turn asked for as JSON with a JSON error, not a 201', async () => {
    const response = await post('/api/comparisons', JSON.stringify({ prompt: 'Say something odd', model1_id: models.nul, model2_id: models.one }), false);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toMatch(/could not be stored/);
  });
});
