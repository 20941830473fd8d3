import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_DEFINITIONS, LABEL_CATEGORIES, type LabelCategory } from '../../src/labeller/categories.js';
import { LabellerService } from '../../src/labeller/service.js';
import { claim, labelProgress, MAX_ATTEMPTS } from '../../src/labeller/store.js';
import type { Logger } from '../../src/logger.js';
import { SettingsStore } from '../../src/settings/settings.js';
import { behaviours, FakeUpstream, type UpstreamRequest } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

// The marker lets the suite's audit (test/audit) find the key in any log line.
const KEY = 'sk-dualmind-test-labeller-0001';

/** Which category a labeller request asks about, from its instructions. */
function categoryOf(request: UpstreamRequest): LabelCategory {
  const found = LABEL_CATEGORIES.find((category) => CATEGORY_DEFINITIONS[category].system === request.messages[0]?.content);
  if (!found) throw new Error('not a labeller request');
  return found;
}

/** A scripted labeller: the prompt's marker words decide; GARBAGE gets replies in no format at all. */
function labellerReply(request: UpstreamRequest): string[] {
  const prompt = request.messages[1]?.content ?? '';
  if (prompt.includes('GARBAGE')) return ['I would rather', ' not say.'];
  const has = (word: string) => prompt.includes(word);
  switch (categoryOf(request)) {
    case 'hard_prompt':
      return [has('HARD') ? '[1, 2, 3, ' : '[1, ', has('HARD') ? '4, 6, 7]' : '5]'];
    case 'math':
      return [`<decision>${has('MATH') ? 'yes' : 'no'}</decision>`];
    case 'creative_writing':
      return ['<decision>\n', has('POEM') ? 'yes' : 'no', '\n</decision>'];
    case 'instruction_following':
      return [`<score>${has('FORMAT') ? 5 : 2}</score>`];
  }
}

/** Voted ones first in the list; the last has no prompt (imported from a battle file). */
const PROMPTS = [
  { text: 'HARD: design a MATH proof checker', voted: true },
  { text: 'HARD: plan a FORMAT-strict migration', voted: true },
  { text: 'hi there', voted: true },
  { text: 'A POEM about MATH', voted: false },
  { text: 'GARBAGE in, garbage out', voted: false },
];

describe.each(DATABASE_KINDS)('the labeller model on %s', (kind) => {
  let lab: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  let upstream: FakeUpstream;
  let judgeId: string;
  let settings: SettingsStore;
  let log: Logger;
  const comparisons = new Map<string, string>();
  const services: LabellerService[] = [];

  const db = () => lab.database.handle.db;
  const put = async (key: string, value: string) => expect((await api('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } })).status).toBe(200);
  const service = () => {
    const started = new LabellerService(
      { db: db(), settings, providers: lab.server.providers, logger: log },
      { idleMs: 50, retryBaseMs: 40, pauseBaseMs: 50, maxPauseMs: 60_000, batchSize: 4 },
    );
    services.push(started);
    started.start();
    return started;
  };
  const calls = (category: LabelCategory) => upstream.requests.filter((request) => categoryOf(request) === category);
  const promptOf = (request: UpstreamRequest) => PROMPTS.find((prompt) => request.messages[1]?.content.includes(prompt.text))?.text;
  const progress = async (category: LabelCategory, modelId = judgeId) => (await labelProgress(db(), modelId, [category]))[0];
  const voteRows = () => db().selectFrom('model_votes').select(['vote_id', 'comparison_id', 'winner_model_id']).orderBy('vote_id').execute();
  const labels = (category: LabelCategory) =>
    db().selectFrom('comparison_labels').select(['comparison_id', 'value', 'score', 'labeller_model_id', 'attempts', 'retry_at']).where('category', '=', category).execute();
  const valueOf = async (category: LabelCategory, prompt: string) => (await labels(category)).find((row) => row.comparison_id === comparisons.get(prompt))?.value;
  /** Runs one labeller until the category has nothing pending. */
  const labelAll = async (category: LabelCategory) => {
    const running = service();
    await expect.poll(async () => (await progress(category))?.pending, { timeout: 20_000, interval: 50 }).toBe(0);
    await running.stop();
  };

  beforeAll(async () => {
    lab = await startTestServer(kind);
    // This file drives its own labellers (with short waits), as several server instances would.
    await lab.server.labeller.stop();
    api = apiClient(lab.url);
    admin = await signUp(api, 'labeller-admin');
    settings = new SettingsStore(db(), 0);
    log = testLogger(`labeller-${kind}`);
    upstream = await FakeUpstream.start({ reply: labellerReply });
    expect((await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'labelai' } })).status).toBe(201);
    expect((await api('POST', '/api/admin/providers/labelai/keys', { token: admin.token, body: { api_key: KEY } })).status).toBe(201);
    const judge = await api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'judge-1', provider_name: 'labelai', api_url: upstream.baseURL, status: 'inactive' } });
    expect(judge.status).toBe(201);
    judgeId = judge.body.model_id;

    const [a, b] = await db()
      .insertInto('ai_models')
      .values([
        { model_name: 'arena-a', provider_name: 'arena' },
        { model_name: 'arena-b', provider_name: 'arena' },
      ])
      .returning('model_id')
      .execute();
    for (const [index, prompt] of PROMPTS.entries()) {
      const id = randomUUID();
      comparisons.set(prompt.text, id);
      // The unvoted ones are the newest: only the vote puts the others first.
      await db()
        .insertInto('comparisons')
        .values({ comparison_id: id, user_id: admin.user_id, prompt_text: prompt.text, model1_id: a?.model_id ?? null, model2_id: b?.model_id ?? null, model1_response: 'One.', model2_response: 'Two.', created_at: new Date(Date.UTC(2026, 0, 1, index)) })
        .execute();
      if (prompt.voted) await db().insertInto('model_votes').values({ user_id: admin.user_id, comparison_id: id, winner_model_id: a?.model_id ?? null }).execute();
    }
    await db().insertInto('comparisons').values({ model1_id: a?.model_id ?? null, model2_id: b?.model_id ?? null }).execute();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((running) => running.stop()));
    await upstream?.close();
    await lab?.close();
  });

  it('refuses labeller settings it cannot use, naming the setting', async () => {
    for (const [key, value] of [
      ['labeller_model_id', 'judge-1'],
      ['labeller_rate_per_minute', '0'],
      ['labeller_rate_per_minute', 'fast'],
      ['labeller_categories', 'hard_prompt,poetry'],
      ['labeller_categories', ' , '],
    ]) {
      const response = await api<{ error: { message: string } }>('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } });
      expect(response.status, `${key}=${value}`).toBe(400);
      expect(response.body.error.message).toContain(key);
    }
  });

  it('labels voted comparisons first, each once; unreadable replies are retried a bounded number of times and never become labels', async () => {
    const votesBefore = await voteRows();
    await put('labeller_rate_per_minute', '600');
    await put('labeller_categories', 'hard_prompt,math');
    await put('labeller_model_id', judgeId);
    const running = service();
    await expect.poll(async () => [(await progress('hard_prompt'))?.pending, (await progress('math'))?.pending], { timeout: 20_000, interval: 50 }).toEqual([0, 0]);
    await running.stop();

    // Four readable comparisons once per category, GARBAGE MAX_ATTEMPTS times per category.
    expect(upstream.requests).toHaveLength(2 * (4 + MAX_ATTEMPTS));
    for (const category of ['hard_prompt', 'math'] as const) {
      expect(calls(category)).toHaveLength(4 + MAX_ATTEMPTS);
      expect(await progress(category)).toMatchObject({ labelled: 4, pending: 0, retrying: 0, failed: 1 });
      expect(await valueOf(category, 'GARBAGE in, garbage out')).toBeNull();
    }
    // The three voted comparisons were asked about before any other.
    const voted = new Set(PROMPTS.filter((prompt) => prompt.voted).map((prompt) => prompt.text));
    expect(upstream.requests.slice(0, 6).every((request) => voted.has(promptOf(request) ?? ''))).toBe(true);

    expect(await valueOf('hard_prompt', 'HARD: design a MATH proof checker')).toBe(true);
    expect((await labels('hard_prompt')).find((row) => row.comparison_id === comparisons.get('HARD: plan a FORMAT-strict migration'))?.score).toBe(6);
    expect(await valueOf('hard_prompt', 'hi there')).toBe(false);
    expect(await valueOf('hard_prompt', 'A POEM about MATH')).toBe(false);
    expect(await valueOf('math', 'A POEM about MATH')).toBe(true);
    expect(await valueOf('math', 'hi there')).toBe(false);
    expect(await progress('hard_prompt')).toMatchObject({ in_category: 2 });
    expect(await voteRows()).toEqual(votesBefore);
  });

  it('the leaderboard’s hard_prompt filter counts exactly the labelled votes, and the category is listed', async () => {
    const board = await api<{ votes: number }>('GET', '/api/leaderboard?category=hard_prompt', { token: admin.token });
    expect(board.status).toBe(200);
    expect(board.body.votes).toBe(2);
    expect((await api<{ votes: number }>('GET', '/api/leaderboard?category=math', { token: admin.token })).body.votes).toBe(1);
    const overview = await api<{ categories: Array<{ key: string }> }>('GET', '/api/leaderboard/categories', { token: admin.token });
    expect(overview.body.categories.map((category) => category.key)).toEqual(expect.arrayContaining(['hard_prompt', 'math']));
  });

  it('shows progress per category to admins', async () => {
    const response = await api<{ enabled: boolean; model: { model_name: string }; categories: Array<{ category: string; enabled: boolean; labelled: number; failed: number; pending: number }> }>('GET', '/api/admin/labeller', {
      token: admin.token,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ enabled: true, model: { model_name: 'judge-1' } });
    expect(response.body.categories.find((row) => row.category === 'hard_prompt')).toMatchObject({ enabled: true, labelled: 4, failed: 1, pending: 0 });
    expect(response.body.categories.find((row) => row.category === 'creative_writing')).toMatchObject({ enabled: false, labelled: 0, pending: 5 });
  });

  it('a failing labeller labels nothing, charges no attempt and loses no vote; it labels everything once the upstream recovers', async () => {
    const votesBefore = await voteRows();
    await put('labeller_categories', 'instruction_following');
    upstream.behave(KEY, behaviours.serverError(500));
    const failing = service();
    await expect.poll(() => calls('instruction_following').length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    // Stopped between calls, so no failing call is still on its way to the upstream.
    await expect.poll(() => failing.status().state, { timeout: 10_000, interval: 5 }).toMatch(/paused|waiting_for_key/);
    await failing.stop();
    expect(await progress('instruction_following')).toMatchObject({ labelled: 0, retrying: 0, failed: 0, pending: 5 });
    expect((await labels('instruction_following')).every((row) => row.value === null && row.retry_at === null)).toBe(true);
    expect(await voteRows()).toEqual(votesBefore);

    const failedCalls = calls('instruction_following').length;
    upstream.behave(KEY, behaviours.ok());
    await api('PATCH', `/api/admin/keys/${await keyId()}`, { token: admin.token, body: { clear_cooldown: true } });
    await labelAll('instruction_following');
    expect(calls('instruction_following').length - failedCalls).toBe(4 + MAX_ATTEMPTS);
    expect(await progress('instruction_following')).toMatchObject({ labelled: 4, failed: 1, in_category: 1 });
    expect(await valueOf('instruction_following', 'HARD: plan a FORMAT-strict migration')).toBe(true);
  });

  it('yields to a rate limit: no call while the key cools down', async () => {
    await put('labeller_categories', 'creative_writing');
    upstream.behave(KEY, behaviours.rateLimited(60));
    const running = service();
    await expect.poll(() => calls('creative_writing').length, { timeout: 10_000, interval: 20 }).toBe(1);
    await expect.poll(() => running.status().state, { timeout: 10_000, interval: 20 }).toMatch(/paused|waiting_for_key/);
    // At 600 a minute it would have made about ten calls by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(calls('creative_writing')).toHaveLength(1);
    await running.stop();
    expect(await progress('creative_writing')).toMatchObject({ labelled: 0, retrying: 0, pending: 5 });
    upstream.behave(KEY, behaviours.ok());
    expect((await api('PATCH', `/api/admin/keys/${await keyId()}`, { token: admin.token, body: { clear_cooldown: true } })).status).toBe(200);
  });

  it('keeps the admin’s rate across instances (counted calls per window)', async () => {
    await put('labeller_rate_per_minute', '6');
    await db().updateTable('labeller_pace').set({ next_call_at: sql<Date>`now()` }).execute();
    const before = calls('creative_writing').length;
    const [first, second] = [service(), service()];
    await expect.poll(() => calls('creative_writing').length, { timeout: 10_000, interval: 20 }).toBe(before + 1);
    // The next call is 10 s away; two instances together still make none for a while.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls('creative_writing')).toHaveLength(before + 1);
    await Promise.all([first.stop(), second.stop()]);
    // The next test starts this category afresh.
    await db().deleteFrom('comparison_labels').where('category', '=', 'creative_writing').execute();
  });

  it('resumes after a restart, a dead instance’s claim included, without labelling anything twice', async () => {
    await put('labeller_rate_per_minute', '600');
    await db().updateTable('labeller_pace').set({ next_call_at: sql<Date>`now()` }).execute();
    // An instance killed mid-call leaves its claim behind: the lease lapses and another takes over.
    const orphan = comparisons.get('A POEM about MATH') ?? '';
    expect(await claim(db(), { modelId: judgeId, category: 'creative_writing' }, orphan, 1_500)).toBe(0);
    const before = calls('creative_writing').length;
    const first = service();
    await expect.poll(async () => (await progress('creative_writing'))?.labelled, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(1);
    await first.stop();
    await labelAll('creative_writing');
    const made = calls('creative_writing').slice(before);
    expect(made).toHaveLength(4 + MAX_ATTEMPTS);
    const perPrompt = new Map<string, number>();
    for (const request of made) perPrompt.set(promptOf(request) ?? '', (perPrompt.get(promptOf(request) ?? '') ?? 0) + 1);
    expect(Object.fromEntries(perPrompt)).toEqual(Object.fromEntries(PROMPTS.map((prompt) => [prompt.text, prompt.text.startsWith('GARBAGE') ? MAX_ATTEMPTS : 1])));
    expect(await valueOf('creative_writing', 'A POEM about MATH')).toBe(true);
  });

  it('a new labeller model labels again, keeping the old labels until it replaces them; two instances never ask twice', async () => {
    const judge2 = await api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'judge-2', provider_name: 'labelai', api_url: upstream.baseURL, status: 'inactive' } });
    await put('labeller_categories', 'math');
    await put('labeller_model_id', judge2.body.model_id);
    expect(await progress('math', judge2.body.model_id)).toMatchObject({ labelled: 0, pending: 5 });
    expect((await api<{ votes: number }>('GET', '/api/leaderboard?category=math', { token: admin.token })).body.votes).toBe(1);
    const before = calls('math').length;
    // Two instances share the work and still ask about each comparison once.
    const running = [service(), service()];
    await expect.poll(async () => (await progress('math', judge2.body.model_id))?.pending, { timeout: 20_000, interval: 50 }).toBe(0);
    await Promise.all(running.map((instance) => instance.stop()));
    expect(calls('math').length - before).toBe(4 + MAX_ATTEMPTS);
    expect((await labels('math')).filter((row) => row.value !== null).every((row) => row.labeller_model_id === judge2.body.model_id)).toBe(true);
  });

  async function keyId(): Promise<string> {
    const keys = await api<Array<{ key_id: string }>>('GET', '/api/admin/providers/labelai/keys', { token: admin.token });
    return keys.body[0]?.key_id ?? '';
  }
});
