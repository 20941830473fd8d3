import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import type { Row } from './support.js';

describe.each(DATABASE_KINDS)('prompt sets and judge prompts on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let owner: SignedUp;

  const upload = (path: string, text: string, type: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': type }, body: text }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Row,
    }));
  const stored = async () => {
    const { rows } = await server.database.handle.pool.query<{ sets: number; items: number; prompts: number }>(
      'SELECT (SELECT count(*)::int FROM prompt_sets) AS sets, (SELECT count(*)::int FROM prompt_set_items) AS items, (SELECT count(*)::int FROM eval_prompts) AS prompts',
    );
    return rows[0];
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'prompt-sets-test-secret-0123456789abcdef' });
    api = apiClient(server.url);
    await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
  });
  afterAll(() => server.close());

  it('imports a JSON-lines file and a CSV file, and exports them so they import again as the same prompts', async () => {
    const jsonl = ['{"id": "a", "prompt": "First?", "category": "x"}', '{"prompt": "Second, with \\"quotes\\"", "reference": "42"}', ''].join('\n');
    const fromJsonl = await upload('/api/prompt-sets/import?name=From%20JSONL', jsonl, 'application/x-ndjson');
    expect(fromJsonl.status).toBe(201);
    expect(fromJsonl.body).toMatchObject({ name: 'From JSONL', version: 1, latest_version: 1, prompt_count: 2 });
    const id = fromJsonl.body.prompt_set_id as string;

    const detail = await api<Row>('GET', `/api/prompt-sets/${id}`, { token: owner.token });
    expect(detail.body.prompts).toEqual([
      { position: 1, id: 'a', prompt: 'First?', category: 'x', reference: null },
      { position: 2, id: '2', prompt: 'Second, with "quotes"', category: null, reference: '42' },
    ]);

    const csv = await api<string>('GET', `/api/prompt-sets/${id}/export?format=csv`, { token: owner.token });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const again = await upload('/api/prompt-sets/import?name=Round%20trip', csv.body, 'text/csv');
    expect(again.status).toBe(201);
    const copy = await api<Row>('GET', `/api/prompt-sets/${again.body.prompt_set_id as string}`, { token: owner.token });
    expect(copy.body.prompts).toEqual(detail.body.prompts);

    const lines = await api<string>('GET', `/api/prompt-sets/${id}/export`, { token: owner.token });
    expect(lines.body.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { id: 'a', prompt: 'First?', category: 'x' },
      { id: '2', prompt: 'Second, with "quotes"', reference: '42' },
    ]);
  });

  it('refuses a bad file with a 400 naming the line and the field, and stores nothing of it', async () => {
    const before = await stored();
    const cases: Array<[string, string, RegExp]> = [
      ['{"prompt": "ok"}\n{"prompt": "   "}\n', 'application/x-ndjson', /^line 2: prompt: must not be blank$/],
      ['{"prompt": "ok"}\n{"prompt": "ok", "id": 1}\n{"prompt": "dup", "id": 1}\n', 'application/x-ndjson', /^line 3: id: "1" appears twice$/],
      ['{"prompt": "ok"}\nnot json\n', 'application/x-ndjson', /^line 2: not valid JSON$/],
      ['{"prompt": "ok", "answer": "x"}\n', 'application/x-ndjson', /^line 1: unknown field "answer"$/],
      ['prompt,id\nfine,1\n"",2\n', 'text/csv', /^line 3: prompt: /],
      ['question\nWhat?\n', 'text/csv', /^line 1: unknown column "question"/],
      ['', 'application/x-ndjson', /the file holds no prompts/],
    ];
    for (const [text, type, message] of cases) {
      const response = await upload('/api/prompt-sets/import?name=Bad', text, type);
      expect(response.status, text).toBe(400);
      expect((response.body.error as Row).message).toMatch(message);
    }
    const wrongType = await upload('/api/prompt-sets/import?name=Bad', '{"prompt": "x"}', 'application/json');
    expect(wrongType.status).toBe(400);
    expect((wrongType.body.error as Row).message).toMatch(/^content-type: /);
    const noName = await upload('/api/prompt-sets/import', '{"prompt": "x"}\n', 'application/x-ndjson');
    expect((noName.body.error as Row).message).toMatch(/^name \(query\): required/);
    expect(await stored()).toEqual(before);

    const badJson = await api<Row>('POST', '/api/prompt-sets', { token: owner.token, body: { name: 'Bad', prompts: [{ prompt: 'ok' }, { prompt: 'ok', category: 5 }] } });
    expect(badJson.status).toBe(400);
    expect((badJson.body.error as Row).message).toMatch(/^prompts\.1\.category: /);
    expect(await stored()).toEqual(before);

    // The streamed routes check their path and query as the others do.
    for (const path of ['/api/prompt-sets/not-an-id/export', '/api/evaluations/not-an-id/export', '/api/evaluations/not-an-id/events']) {
      const refused = await api<Row>('GET', path, { token: owner.token });
      expect(refused.status, path).toBe(400);
      expect((refused.body.error as Row).message, path).toMatch(/^id: /);
    }
  });

  it('imports 10,000 prompts streamed, and refuses the 10,001st', async () => {
    const lines = (count: number) => Array.from({ length: count }, (_, index) => JSON.stringify({ id: `p${index}`, prompt: `Prompt number ${index} ${'x'.repeat(200)}` })).join('\n');
    const big = await upload('/api/prompt-sets/import?name=Big', lines(10_000), 'application/x-ndjson');
    expect(big.status).toBe(201);
    expect(big.body.prompt_count).toBe(10_000);
    const page = await api<Row>('GET', `/api/prompt-sets/${big.body.prompt_set_id as string}?offset=9998&limit=5`, { token: owner.token });
    expect((page.body.prompts as Row[]).map((prompt) => prompt.id)).toEqual(['p9998', 'p9999']);
    const before = await stored();
    const tooBig = await upload('/api/prompt-sets/import?name=Too%20big', lines(10_001), 'application/x-ndjson');
    expect(tooBig.status).toBe(400);
    expect((tooBig.body.error as Row).message).toBe('line 10001: a set holds at most 10000 prompts');
    expect(await stored()).toEqual(before);
  });

  it('versions a set: an edit is a new version and the old one stays readable', async () => {
    const created = await api<Row>('POST', '/api/prompt-sets', { token: owner.token, body: { name: 'Versioned', prompts: [{ prompt: 'One?' }, { prompt: 'Two?' }] } });
    const id = created.body.prompt_set_id as string;
    const edited = await api<Row>('PUT', `/api/prompt-sets/${id}`, { token: owner.token, body: { name: 'Versioned, edited', prompts: [{ prompt: 'One?' }, { prompt: 'Three?' }, { prompt: 'Four?' }] } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, latest_version: 2, prompt_count: 3, name: 'Versioned, edited' });
    const fromFile = await upload(`/api/prompt-sets/${id}/import`, 'prompt\nFive?\n', 'text/csv');
    expect(fromFile.body).toMatchObject({ version: 3, prompt_count: 1 });
    const first = await api<Row>('GET', `/api/prompt-sets/${id}?version=1`, { token: owner.token });
    expect((first.body.prompts as Row[]).map((prompt) => prompt.prompt)).toEqual(['One?', 'Two?']);
    expect((first.body.versions as Row[]).map((version) => version.version)).toEqual([3, 2, 1]);
    expect((await api('GET', `/api/prompt-sets/${id}?version=7`, { token: owner.token })).status).toBe(404);
    const listed = await api<Row[]>('GET', '/api/prompt-sets', { token: owner.token });
    expect(listed.body.find((set) => set.prompt_set_id === id)).toMatchObject({ latest_version: 3, prompt_count: 1 });
  });

  it('offers the built-in judge prompt, and versions one of your own', async () => {
    const list = await api<Row[]>('GET', '/api/judge-prompts', { token: owner.token });
    const builtIn = list.body[0] as Row;
    expect(builtIn).toMatchObject({ built_in: true, latest_version: 1 });
    expect(builtIn.system_prompt).toContain('[[A>>B]]');
    expect(builtIn.prompt_template).toContain('{answer_b}');
    expect((await api('PATCH', `/api/judge-prompts/${builtIn.judge_prompt_id as string}`, { token: owner.token, body: { name: 'Mine now' } })).status).toBe(403);

    const bad = await api<Row>('POST', '/api/judge-prompts', { token: owner.token, body: { name: 'Broken', system_prompt: 'Judge.', prompt_template: '{question} {answer_a}' } });
    expect(bad.status).toBe(400);
    expect((bad.body.error as Row).message).toBe('prompt_template: must contain {answer_b}');

    const mine = await api<Row>('POST', '/api/judge-prompts', { token: owner.token, body: { name: 'Terse', system_prompt: 'Judge tersely.', prompt_template: '{question}|{answer_a}|{answer_b}' } });
    expect(mine.status).toBe(201);
    const id = mine.body.judge_prompt_id as string;
    const renamed = await api<Row>('PATCH', `/api/judge-prompts/${id}`, { token: owner.token, body: { name: 'Terse judge' } });
    expect(renamed.body).toMatchObject({ name: 'Terse judge', latest_version: 1 });
    const changed = await api<Row>('PATCH', `/api/judge-prompts/${id}`, { token: owner.token, body: { system_prompt: 'Judge very tersely.' } });
    expect(changed.body).toMatchObject({ latest_version: 2, system_prompt: 'Judge very tersely.', prompt_template: '{question}|{answer_a}|{answer_b}' });
  });
});
