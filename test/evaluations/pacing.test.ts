import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { addModels, contestantReply, createSet, judges, waitForStatus, type Row } from './support.js';

/** The most arrivals within any window of `windowMs` whose start lies in [from, to]. */
function peakArrivals(arrivals: number[], windowMs: number, from: number, to: number): number {
  let peak = 0;
  for (const start of arrivals.filter((at) => at >= from && at <= to)) {
    peak = Math.max(peak, arrivals.filter((at) => at >= start && at < start + windowMs && at < to + windowMs).length);
  }
  return peak;
}

describe.each(DATABASE_KINDS)('evaluation calls and the key pool on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let stormy: FakeUpstream;
  let slow: FakeUpstream;
  let chatty: FakeUpstream;
  let judge: FakeUpstream;
  let models: Record<string, string> = {};

  beforeAll(async () => {
    stormy = await FakeUpstream.start({ reply: contestantReply });
    // Six chunks 100 ms apart: every call lasts at least 600 ms.
    slow = await FakeUpstream.start({ reply: () => ['a', 'b', 'c', 'd', 'e', 'f'], chunkDelayMs: 100 });
    chatty = await FakeUpstream.start({ chunks: Array.from({ length: 25 }, (_, index) => `w${index} `), chunkDelayMs: 100 });
    judge = await FakeUpstream.start({ reply: judges.positionA });
    // No waiting inside the gateway: a cooling pool comes back to the evaluation as "unavailable, retry after".
    server = await startTestServer(kind, { JWT_SECRET: 'pacing-test-secret-0123456789abcdefghijkl', UPSTREAM_MAX_WAIT_MS: '0', JOBS_POLL_MS: '100', CHAT_RATE_LIMIT_PER_MINUTE: '1000' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    models = {
      ...(await addModels(api, admin.token, 'stormy', stormy.baseURL, ['storm-a', 'storm-b', 'storm-base'], ['storm-key-one', 'storm-key-two'])),
      ...(await addModels(api, admin.token, 'slowp', slow.baseURL, ['slow-a', 'slow-base'])),
      ...(await addModels(api, admin.token, 'chatp', chatty.baseURL, ['chat-a', 'chat-b'])),
      ...(await addModels(api, admin.token, 'judging', judge.baseURL, ['judge'])),
    };
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([stormy, slow, chatty, judge].map((upstream) => upstream.close()));
  });

  it('a 429 storm slows the run and fails no item', async () => {
    // Each key answers its first five calls with 429 (Retry-After 1 s), then normally.
    for (const key of ['storm-key-one', 'storm-key-two']) stormy.behave(key, ...Array.from({ length: 5 }, () => behaviours.rateLimited(1)), behaviours.ok());
    const setId = await createSet(api, admin.token, 'Storm', 12);
    const started = Date.now();
    const created = await api<Row>('POST', '/api/evaluations', {
      token: admin.token,
      body: { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models['storm-a'], models['storm-b']], baseline_model_id: models['storm-base'], judge_model_id: models.judge },
    });
    const view = await waitForStatus(api, admin.token, created.body.evaluation_id as string, ['done', 'failed'], 120_000);
    expect(view.status).toBe('done');
    expect(view.progress).toMatchObject({ answers: { done: 36, failed: 0 }, judgments: { done: 48, failed: 0 }, failures: 0 });
    // Both keys were rate limited (how often each depends on which key the pool picked while the other cooled).
    const limited = ['storm-key-one', 'storm-key-two'].map((key) => stormy.log(key).rateLimits.length);
    for (const count of limited) expect(count).toBeGreaterThan(0);
    expect(limited.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(6);
    // It waited out at least one cooldown.
    expect(Date.now() - started).toBeGreaterThan(1_000);
  });

  it('gives way to interactive chats: while one streams, the evaluation runs half its calls', async () => {
    await api('PUT', '/api/admin/settings/eval_concurrency_per_provider', { token: admin.token, body: { value: 'slowp=4,*=8' } });
    const setId = await createSet(api, admin.token, 'Slow', 40);
    const created = await api<Row>('POST', '/api/evaluations', {
      token: admin.token,
      body: { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models['slow-a']], baseline_model_id: models['slow-base'], judge_model_id: models.judge },
    });
    const id = created.body.evaluation_id as string;
    // Alone, it keeps four calls in flight.
    const runStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // A 2.5 s arena turn streams.
    const chatStart = Date.now();
    const chat = await fetch(`${server.url}/api/comparisons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ prompt: 'Hello', model1_id: models['chat-a'], model2_id: models['chat-b'] }),
    });
    const events = await readEvents(chat);
    const chatEnd = Date.now();
    expect(events.at(-1)?.event).toBe('end');
    await api('POST', `/api/evaluations/${id}/cancel`, { token: admin.token });

    const arrivals = slow.log('(none)').arrivals;
    expect(peakArrivals(arrivals, 600, runStart, chatStart - 600)).toBe(4);
    // Windows that start once the chat is under way and end before it ends: at most half.
    expect(chatEnd - chatStart).toBeGreaterThan(2_000);
    expect(peakArrivals(arrivals, 600, chatStart + 100, chatEnd - 600)).toBeLessThanOrEqual(2);
    expect(arrivals.filter((at) => at > chatStart + 100 && at < chatEnd).length).toBeGreaterThan(0);
  });
});
