import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Caller = 'anonymous' | 'owner' | 'other' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'owner', 'other', 'admin'];
type Row = Record<string, unknown>;

interface Request {
  path: string;
  body?: unknown;
  /** Sent instead of the caller's token: a fresh account for routes that end the caller's own. */
  token?: string | undefined;
  /** Sent as is, with this content type (battle files). */
  raw?: { text: string; type: string };
}

/**
 * One declared expectation per route of the OpenAPI document (and per visibility where it
 * matters): the status each kind of caller gets. `request` builds the call, making fresh
 * resources for routes that change or delete them, so every caller meets the same situation.
 */
interface Entry {
  method: string;
  route: string;
  variant?: string;
  request: (caller: Caller) => Promise<Request>;
  expect: Record<Caller, number>;
}

const all = (status: number) => ({ anonymous: status, owner: status, other: status, admin: status });
const signedIn = (status: number) => ({ anonymous: 401, owner: status, other: status, admin: status });
const ownerOnly = (status: number) => ({ anonymous: 401, owner: status, other: 404, admin: 404 });
const adminOnly = (status: number) => ({ anonymous: 401, owner: 403, other: 403, admin: status });

let server: TestServer;
let upstream: FakeUpstream;
let api: ApiClient;
const people = {} as Record<Exclude<Caller, 'anonymous'>, SignedUp>;
let demoModel: string;
let otherDemoModel: string;
/** Served by a fake upstream that answers at once, and by one that never answers (runs that stay live). */
let fakeModel: string;
let fakeModel2: string;
let hangingModel: string;
let hanging: FakeUpstream;

async function call<T = Row>(caller: Caller | 'admin', method: string, path: string, body?: unknown): Promise<T> {
  const response = await api<T>(method, path, { token: caller === 'anonymous' ? undefined : people[caller as Exclude<Caller, 'anonymous'>].token, body });
  if (response.status >= 300) throw new Error(`fixture ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Fixtures, each made fresh when asked for. */
const fresh = {
  thread: async (visibility = 'private') => (await call('owner', 'POST', '/api/threads', { title: 'Fixture', visibility })).thread_id as string,
  comparison: async (threadVisibility = 'private') => {
    const created = await call('owner', 'POST', '/api/comparisons', { prompt: 'Fixture battle', model1_id: demoModel, model2_id: otherDemoModel });
    if (threadVisibility !== 'private') await call('owner', 'PATCH', `/api/threads/${created.thread_id}`, { visibility: threadVisibility });
    return created.comparison_id as string;
  },
  provider: async () => {
    const name = `prov-${randomUUID().slice(0, 8)}`;
    await call('admin', 'POST', '/api/admin/providers', { provider_name: name });
    return name;
  },
  key: async () => (await call('admin', 'POST', '/api/admin/providers/groq/keys', { api_key: `gsk_dualmind-test-matrix-${randomUUID()}` })).key_id as string,
  model: async () => (await call('admin', 'POST', '/api/admin/models', { model_name: `model-${randomUUID().slice(0, 8)}`, provider_name: 'groq' })).model_id as string,
  pricedModel: async () => {
    const modelId = await fresh.model();
    await call('admin', 'PUT', `/api/admin/models/${modelId}/price`, { input_per_million: 0.5, output_per_million: 1.5 });
    return modelId;
  },
  user: async () => (await signUp(api, `user-${randomUUID().slice(0, 8)}`)).user_id,
  promptSet: async () => (await call('owner', 'POST', '/api/prompt-sets', { name: 'Fixture set', prompts: [{ prompt: 'Fixture prompt?' }] })).prompt_set_id as string,
  judgePrompt: async () =>
    (await call('owner', 'POST', '/api/judge-prompts', { name: 'Fixture judge', system_prompt: 'Judge.', prompt_template: '{question} {answer_a} {answer_b}' })).judge_prompt_id as string,
  /** A run of the owner's: finished, or live (its contestant never answers), or paused. */
  evaluation: async (state: 'done' | 'live' | 'paused') => {
    const body = { prompt_set_id: await fresh.promptSet(), mode: 'vs_baseline', model_ids: [state === 'done' ? fakeModel : hangingModel], baseline_model_id: fakeModel2, judge_model_id: fakeModel };
    const id = (await call('owner', 'POST', '/api/evaluations', body)).evaluation_id as string;
    if (state === 'paused') await call('owner', 'POST', `/api/evaluations/${id}/pause`);
    for (let waited = 0; state === 'done' && (await call('owner', 'GET', `/api/evaluations/${id}`)).status !== 'done'; waited += 1) {
      if (waited > 600) throw new Error('fixture evaluation did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return id;
  },
  resetCode: async () => (await call<{ code: string }>('admin', 'POST', `/api/admin/users/${await fresh.user()}/password-reset`)).code,
  invite: async () => (await call('admin', 'POST', '/api/admin/invites', { note: 'Fixture' })).invite_id as string,
};

const ownerOrAdmin = (status: number) => ({ anonymous: 401, owner: status, other: 404, admin: status });
const ownerChanges = (status: number) => ({ anonymous: 401, owner: status, other: 404, admin: 403 });
const JSONL = { text: '{"prompt": "Imported?", "id": "i1"}\n', type: 'application/x-ndjson' };

/** For routes that act on the caller's own account: anonymous stays anonymous, anyone else is a fresh account. */
const ownAccount = async (caller: Caller) => (caller === 'anonymous' ? undefined : (await signUp(api, `self-${randomUUID().slice(0, 8)}`)).token);

const ENTRIES: Entry[] = [
  { method: 'GET', route: '/healthz', request: async () => ({ path: '/healthz' }), expect: all(200) },
  { method: 'GET', route: '/readyz', request: async () => ({ path: '/readyz' }), expect: all(200) },
  { method: 'POST', route: '/api/auth/signup', request: async () => ({ path: '/api/auth/signup', body: { email: `new-${randomUUID()}@example.com`, password: 'long enough' } }), expect: all(201) },
  { method: 'POST', route: '/api/auth/login', request: async () => ({ path: '/api/auth/login', body: { email: 'owner@example.com', password: 'password-owner' } }), expect: all(200) },
  { method: 'GET', route: '/api/auth/config', request: async () => ({ path: '/api/auth/config' }), expect: all(200) },
  { method: 'GET', route: '/api/me', request: async () => ({ path: '/api/me' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/me/export', request: async () => ({ path: '/api/me/export' }), expect: signedIn(200) },
  // Users delete themselves (fresh accounts here, so the fixtures live on); the lab's last admin cannot.
  {
    method: 'DELETE',
    route: '/api/me',
    request: async (caller) => (caller === 'admin' ? { path: '/api/me' } : { path: '/api/me', token: await ownAccount(caller) }),
    expect: { anonymous: 401, owner: 200, other: 200, admin: 409 },
  },
  { method: 'POST', route: '/api/me/password', variant: 'wrong current password', request: async () => ({ path: '/api/me/password', body: { current_password: 'not-it', new_password: 'a-new-password' } }), expect: signedIn(400) },
  { method: 'POST', route: '/api/auth/password-reset', request: async () => ({ path: '/api/auth/password-reset', body: { code: await fresh.resetCode(), new_password: 'a-new-password' } }), expect: all(200) },
  // For local tools with the data directory's token, never for a user's token, an admin's included.
  { method: 'GET', route: '/api/local/backup', request: async () => ({ path: '/api/local/backup' }), expect: all(401) },
  { method: 'GET', route: '/api/models', request: async () => ({ path: '/api/models' }), expect: all(200) },
  { method: 'GET', route: '/api/settings', request: async () => ({ path: '/api/settings' }), expect: all(200) },
  { method: 'GET', route: '/api/threads', request: async () => ({ path: '/api/threads' }), expect: signedIn(200) },
  { method: 'POST', route: '/api/threads', request: async () => ({ path: '/api/threads', body: { title: 'Mine' } }), expect: signedIn(201) },
  { method: 'GET', route: '/api/threads/{id}', variant: 'private', request: async () => ({ path: `/api/threads/${await fresh.thread()}` }), expect: ownerOnly(200) },
  { method: 'GET', route: '/api/threads/{id}', variant: 'public', request: async () => ({ path: `/api/threads/${await fresh.thread('public')}` }), expect: ownerOnly(200) },
  { method: 'PATCH', route: '/api/threads/{id}', request: async () => ({ path: `/api/threads/${await fresh.thread()}`, body: { title: 'Renamed' } }), expect: ownerOnly(200) },
  { method: 'DELETE', route: '/api/threads/{id}', variant: 'unlisted', request: async () => ({ path: `/api/threads/${await fresh.thread('unlisted')}` }), expect: ownerOnly(204) },
  { method: 'POST', route: '/api/threads/{id}/messages', request: async () => ({ path: `/api/threads/${await fresh.thread('public')}/messages`, body: { prompt: 'Hello', model_id: demoModel } }), expect: ownerOnly(201) },
  { method: 'POST', route: '/api/comparisons', request: async () => ({ path: '/api/comparisons', body: { prompt: 'Battle', mode: 'anonymous' } }), expect: signedIn(201) },
  { method: 'GET', route: '/api/comparisons/{id}', variant: 'private', request: async () => ({ path: `/api/comparisons/${await fresh.comparison()}` }), expect: { anonymous: 404, owner: 200, other: 404, admin: 404 } },
  { method: 'GET', route: '/api/comparisons/{id}', variant: 'unlisted', request: async () => ({ path: `/api/comparisons/${await fresh.comparison('unlisted')}` }), expect: all(200) },
  { method: 'POST', route: '/api/comparisons/{id}/vote', variant: 'private', request: async () => ({ path: `/api/comparisons/${await fresh.comparison()}/vote`, body: { winner: 'tie' } }), expect: ownerOnly(201) },
  { method: 'POST', route: '/api/comparisons/{id}/vote', variant: 'public', request: async () => ({ path: `/api/comparisons/${await fresh.comparison('public')}/vote`, body: { winner: 'model1' } }), expect: { anonymous: 401, owner: 201, other: 403, admin: 403 } },
  { method: 'POST', route: '/api/comparisons/{id}/regenerate', variant: 'private', request: async () => ({ path: `/api/comparisons/${await fresh.comparison()}/regenerate`, body: { side: 'model2' } }), expect: ownerOnly(201) },
  { method: 'POST', route: '/api/comparisons/{id}/regenerate', variant: 'public', request: async () => ({ path: `/api/comparisons/${await fresh.comparison('public')}/regenerate`, body: { side: 'both' } }), expect: { anonymous: 401, owner: 201, other: 403, admin: 403 } },
  { method: 'GET', route: '/api/public/threads', request: async () => ({ path: '/api/public/threads' }), expect: all(200) },
  { method: 'GET', route: '/api/shared/{id}', variant: 'private', request: async () => ({ path: `/api/shared/${await fresh.thread()}` }), expect: all(404) },
  { method: 'GET', route: '/api/shared/{id}', variant: 'unlisted', request: async () => ({ path: `/api/shared/${await fresh.thread('unlisted')}` }), expect: all(200) },
  { method: 'GET', route: '/api/shared/{id}', variant: 'public', request: async () => ({ path: `/api/shared/${await fresh.thread('public')}` }), expect: all(200) },
  { method: 'GET', route: '/api/leaderboard', request: async () => ({ path: '/api/leaderboard?method=elo' }), expect: all(200) },
  { method: 'GET', route: '/api/leaderboard', variant: 'mine', request: async () => ({ path: '/api/leaderboard?mine=true' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/leaderboard/matrix', request: async () => ({ path: '/api/leaderboard/matrix' }), expect: all(200) },
  { method: 'GET', route: '/api/leaderboard/categories', request: async () => ({ path: '/api/leaderboard/categories?blind=true' }), expect: all(200) },
  { method: 'GET', route: '/api/admin/leaderboard/excluded', request: async () => ({ path: '/api/admin/leaderboard/excluded?reason=failed' }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/admin/labeller', request: async () => ({ path: '/api/admin/labeller' }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/docs', request: async () => ({ path: '/api/docs' }), expect: all(200) },
  { method: 'GET', route: '/api/docs/{file}', request: async () => ({ path: '/api/docs/swagger-ui.css' }), expect: all(200) },
  { method: 'GET', route: '/api/docs/{file}', variant: 'not a reference file', request: async () => ({ path: '/api/docs/package.json' }), expect: all(404) },
  { method: 'GET', route: '/api/admin/users', request: async () => ({ path: '/api/admin/users' }), expect: adminOnly(200) },
  { method: 'PATCH', route: '/api/admin/users/{id}', request: async () => ({ path: `/api/admin/users/${await fresh.user()}`, body: { role: 'user' } }), expect: adminOnly(200) },
  { method: 'DELETE', route: '/api/admin/users/{id}', request: async () => ({ path: `/api/admin/users/${await fresh.user()}` }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/admin/users/{id}/password-reset', request: async () => ({ path: `/api/admin/users/${await fresh.user()}/password-reset` }), expect: adminOnly(201) },
  { method: 'GET', route: '/api/admin/providers', request: async () => ({ path: '/api/admin/providers' }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/admin/providers', request: async () => ({ path: '/api/admin/providers', body: { provider_name: `p-${randomUUID().slice(0, 8)}` } }), expect: adminOnly(201) },
  { method: 'PATCH', route: '/api/admin/providers/{name}', request: async () => ({ path: `/api/admin/providers/${await fresh.provider()}`, body: { priority: 2 } }), expect: adminOnly(200) },
  { method: 'DELETE', route: '/api/admin/providers/{name}', request: async () => ({ path: `/api/admin/providers/${await fresh.provider()}` }), expect: adminOnly(204) },
  { method: 'GET', route: '/api/admin/providers/{name}/keys', request: async () => ({ path: '/api/admin/providers/groq/keys' }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/admin/providers/{name}/keys', request: async () => ({ path: '/api/admin/providers/groq/keys', body: { api_key: `gsk_dualmind-test-${randomUUID()}` } }), expect: adminOnly(201) },
  { method: 'POST', route: '/api/admin/providers/{name}/discover', request: async () => ({ path: '/api/admin/providers/fakeai/discover' }), expect: adminOnly(200) },
  { method: 'PATCH', route: '/api/admin/keys/{key_id}', request: async () => ({ path: `/api/admin/keys/${await fresh.key()}`, body: { is_active: false } }), expect: adminOnly(200) },
  { method: 'DELETE', route: '/api/admin/keys/{key_id}', request: async () => ({ path: `/api/admin/keys/${await fresh.key()}` }), expect: adminOnly(204) },
  { method: 'GET', route: '/api/admin/health', request: async () => ({ path: '/api/admin/health' }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/admin/models', request: async () => ({ path: '/api/admin/models' }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/admin/models', request: async () => ({ path: '/api/admin/models', body: { model_name: `m-${randomUUID().slice(0, 8)}`, provider_name: 'groq' } }), expect: adminOnly(201) },
  { method: 'PATCH', route: '/api/admin/models/{id}', request: async () => ({ path: `/api/admin/models/${await fresh.model()}`, body: { status: 'inactive' } }), expect: adminOnly(200) },
  { method: 'DELETE', route: '/api/admin/models/{id}', request: async () => ({ path: `/api/admin/models/${await fresh.model()}` }), expect: adminOnly(204) },
  { method: 'PUT', route: '/api/admin/models/{id}/price', request: async () => ({ path: `/api/admin/models/${await fresh.model()}/price`, body: { input_per_million: 0.59, output_per_million: 0.79 } }), expect: adminOnly(200) },
  { method: 'DELETE', route: '/api/admin/models/{id}/price', request: async () => ({ path: `/api/admin/models/${await fresh.pricedModel()}/price` }), expect: adminOnly(204) },
  { method: 'GET', route: '/api/admin/settings', request: async () => ({ path: '/api/admin/settings' }), expect: adminOnly(200) },
  { method: 'PUT', route: '/api/admin/settings/{key}', request: async () => ({ path: '/api/admin/settings/motd', body: { value: 'hi' } }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/admin/invites', request: async () => ({ path: '/api/admin/invites' }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/admin/invites', request: async () => ({ path: '/api/admin/invites', body: { max_uses: 2 } }), expect: adminOnly(201) },
  { method: 'DELETE', route: '/api/admin/invites/{id}', request: async () => ({ path: `/api/admin/invites/${await fresh.invite()}` }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/admin/audit', request: async () => ({ path: '/api/admin/audit?action=providers' }), expect: adminOnly(200) },
  { method: 'GET', route: '/api/admin/export/battles', request: async () => ({ path: '/api/admin/export/battles' }), expect: adminOnly(200) },
  {
    method: 'POST',
    route: '/api/admin/import/battles',
    request: async () => ({ path: '/api/admin/import/battles', raw: { text: '{"model_a":"x1","model_b":"x2","winner":"tie"}\n', type: 'application/x-ndjson' } }),
    expect: adminOnly(200),
  },
  { method: 'GET', route: '/api/prompt-sets', request: async () => ({ path: '/api/prompt-sets' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/prompt-sets', variant: 'all', request: async () => ({ path: '/api/prompt-sets?all=true' }), expect: adminOnly(200) },
  { method: 'POST', route: '/api/prompt-sets', request: async () => ({ path: '/api/prompt-sets', body: { name: 'Mine', prompts: [{ prompt: 'Hello?' }] } }), expect: signedIn(201) },
  { method: 'POST', route: '/api/prompt-sets/import', request: async () => ({ path: '/api/prompt-sets/import?name=Imported', raw: JSONL }), expect: signedIn(201) },
  { method: 'GET', route: '/api/prompt-sets/{id}', request: async () => ({ path: `/api/prompt-sets/${await fresh.promptSet()}` }), expect: ownerOrAdmin(200) },
  { method: 'PUT', route: '/api/prompt-sets/{id}', request: async () => ({ path: `/api/prompt-sets/${await fresh.promptSet()}`, body: { prompts: [{ prompt: 'Edited?' }] } }), expect: ownerChanges(200) },
  { method: 'POST', route: '/api/prompt-sets/{id}/import', request: async () => ({ path: `/api/prompt-sets/${await fresh.promptSet()}/import`, raw: JSONL }), expect: ownerChanges(200) },
  { method: 'GET', route: '/api/prompt-sets/{id}/export', request: async () => ({ path: `/api/prompt-sets/${await fresh.promptSet()}/export?format=csv` }), expect: ownerOrAdmin(200) },
  { method: 'DELETE', route: '/api/prompt-sets/{id}', request: async () => ({ path: `/api/prompt-sets/${await fresh.promptSet()}` }), expect: ownerChanges(204) },
  { method: 'GET', route: '/api/judge-prompts', request: async () => ({ path: '/api/judge-prompts' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/judge-prompts',
    request: async () => ({ path: '/api/judge-prompts', body: { name: 'Strict', system_prompt: 'Be strict.', prompt_template: '{question}\n{answer_a}\n{answer_b}' } }),
    expect: signedIn(201),
  },
  { method: 'GET', route: '/api/judge-prompts/{id}', request: async () => ({ path: `/api/judge-prompts/${await fresh.judgePrompt()}` }), expect: ownerOrAdmin(200) },
  { method: 'PATCH', route: '/api/judge-prompts/{id}', request: async () => ({ path: `/api/judge-prompts/${await fresh.judgePrompt()}`, body: { name: 'Renamed' } }), expect: ownerChanges(200) },
  { method: 'GET', route: '/api/evaluations', request: async () => ({ path: '/api/evaluations' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/evaluations',
    // The set is the owner's: someone else cannot evaluate it (400 naming prompt_set_id); an admin can.
    request: async () => ({ path: '/api/evaluations', body: { prompt_set_id: await fresh.promptSet(), mode: 'vs_baseline', model_ids: [hangingModel], baseline_model_id: fakeModel2, judge_model_id: fakeModel } }),
    expect: { anonymous: 401, owner: 201, other: 400, admin: 201 },
  },
  { method: 'GET', route: '/api/evaluations/{id}', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('live')}` }), expect: ownerOrAdmin(200) },
  { method: 'GET', route: '/api/evaluations/{id}/events', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('done')}/events` }), expect: ownerOrAdmin(200) },
  { method: 'POST', route: '/api/evaluations/{id}/pause', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('live')}/pause` }), expect: ownerOrAdmin(200) },
  { method: 'POST', route: '/api/evaluations/{id}/resume', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('paused')}/resume` }), expect: ownerOrAdmin(200) },
  { method: 'POST', route: '/api/evaluations/{id}/cancel', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('live')}/cancel` }), expect: ownerOrAdmin(200) },
  { method: 'DELETE', route: '/api/evaluations/{id}', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('live')}` }), expect: ownerOrAdmin(204) },
  { method: 'GET', route: '/api/evaluations/{id}/prompts', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('done')}/prompts` }), expect: ownerOrAdmin(200) },
  { method: 'GET', route: '/api/evaluations/{id}/export', request: async () => ({ path: `/api/evaluations/${await fresh.evaluation('done')}/export?format=csv&content=judgments` }), expect: ownerOrAdmin(200) },
];

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  server = await startTestServer('postgres', { JWT_SECRET: 'matrix-test-secret-0123456789abcdefghijk', DEMO_DELAY_MS: '0', CHAT_RATE_LIMIT_PER_MINUTE: '10000' });
  api = apiClient(server.url);
  people.admin = await signUp(api, 'admin');
  people.owner = await signUp(api, 'owner');
  people.other = await signUp(api, 'other');
  const models = await call<Row[]>('admin', 'GET', '/api/models');
  demoModel = models.find((model) => model.model_name === 'demo-concise')?.model_id as string;
  otherDemoModel = models.find((model) => model.model_name === 'demo-detailed')?.model_id as string;
  await call('admin', 'POST', '/api/admin/providers', { provider_name: 'fakeai' });
  fakeModel = (await call('admin', 'POST', '/api/admin/models', { model_name: 'fake-model', provider_name: 'fakeai', api_url: upstream.baseURL })).model_id as string;
  fakeModel2 = (await call('admin', 'POST', '/api/admin/models', { model_name: 'fake-model-2', provider_name: 'fakeai', api_url: upstream.baseURL })).model_id as string;
  hanging = await FakeUpstream.start();
  hanging.behave('(none)', behaviours.hang());
  await call('admin', 'POST', '/api/admin/providers', { provider_name: 'hangai' });
  // Inactive: the arena never draws it; evaluations may still use any registered model.
  hangingModel = (await call('admin', 'POST', '/api/admin/models', { model_name: 'hanging-model', provider_name: 'hangai', api_url: hanging.baseURL, status: 'inactive' })).model_id as string;
  // Live fixture runs must not keep the finished ones waiting in the queue.
  await call('admin', 'PUT', '/api/admin/settings/eval_max_running_per_user', { value: '100' });
  // Anonymous battles here pair the one real model with the demo models, which would otherwise retire.
  await call('admin', 'PUT', '/api/admin/settings/keep_demo_models', { value: true });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
  await hanging.close();
});

describe('the authorization matrix', () => {
  it('has an entry for every route of the OpenAPI document, and no entry for a route that is not there', async () => {
    const document = await call<{ paths: Record<string, Record<string, unknown>> }>('anonymous', 'GET', '/api/openapi.json');
    const documented = Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
    const declared = [...new Set(ENTRIES.map((entry) => `${entry.method} ${entry.route}`))];
    expect(declared.sort()).toEqual(documented.sort());
  });

  it.each(ENTRIES.map((entry) => [`${entry.method} ${entry.route}${entry.variant ? ` (${entry.variant})` : ''}`, entry] as const))('%s', async (_name, entry) => {
    for (const caller of CALLERS) {
      const request = await entry.request(caller);
      const token = 'token' in request ? request.token : caller === 'anonymous' ? undefined : people[caller].token;
      const response = request.raw
        ? await fetch(`${server.url}${request.path}`, { method: entry.method, headers: { 'content-type': request.raw.type, ...(token && { authorization: `Bearer ${token}` }) }, body: request.raw.text })
        : await api(entry.method, request.path, { token, body: request.body });
      const status = 'status' in response ? response.status : 0;
      expect({ caller, status }).toEqual({ caller, status: entry.expect[caller] });
    }
  });
});
