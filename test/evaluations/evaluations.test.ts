import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { readEvents } from '../helpers/sse.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { judgeVerdictCounts } from '../../src/evaluations/verdictCounts.js';
import { addModels, contestantReply, createSet, judges, waitForStatus, type Row } from './support.js';

const PROMPTS = 24;

describe.each(DATABASE_KINDS)('evaluations on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let contestants: FakeUpstream;
  let judgeUpstream: FakeUpstream;
  let admin: SignedUp;
  let owner: SignedUp;
  let stranger: SignedUp;
  let models: Record<string, string> = {};
  let setId: string;

  const start = async (body: Row, token = owner.token) => {
    const created = await api<Row>('POST', '/api/evaluations', { token, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.evaluation_id as string;
  };
  const run = async (judge: string, extra: Row = {}) => {
    const id = await start({
      prompt_set_id: setId,
      mode: 'vs_baseline',
      model_ids: [models.alpha, models.beta],
      baseline_model_id: models.base,
      judge_model_id: models[judge],
      ...extra,
    });
    return { id, view: await waitForStatus(api, owner.token, id, ['done', 'failed']) };
  };
  const result = (view: Row, name: string) => ((view.results as Row).models as Row[]).find((model) => model.model_name === name) as Row;

  beforeAll(async () => {
    contestants = await FakeUpstream.start({ reply: contestantReply });
    judgeUpstream = await FakeUpstream.start({
      reply: (request) => request.model === 'judge-position-a'
          ? judges.positionA()
          : request.model === 'judge-garbage'
            ? judges.garbage()
            : request.model === 'judge-prefers-long'
              ? judges.longer(request)
              : judges.prefers('alpha')(request),
    });
    server = await startTestServer(kind, { JWT_SECRET: 'evaluations-test-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '1000', JOBS_POLL_MS: '100', SETTINGS_CACHE_MS: '0' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
    stranger = await signUp(api, 'stranger');
    models = {
      ...(await addModels(api, admin.token, 'contest', contestants.baseURL, ['alpha', 'beta', 'base', 'verbose'])),
      ...(await addModels(api, admin.token, 'judging', judgeUpstream.baseURL, ['judge-position-a', 'judge-prefers-alpha', 'judge-garbage', 'judge-prefers-long'])),
    };
    setId = await createSet(api, owner.token, 'Numbers', PROMPTS);
    // alpha costs 1 per million input tokens and 2 per million output tokens; the others have no price.
    const priced = await api('PUT', `/api/admin/models/${models.alpha}/price`, { token: admin.token, body: { input_per_million: 1, output_per_million: 2 } });
    expect(priced.status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([contestants.close(), judgeUpstream.close()]);
  });

  it('a judge that always prefers position A gives every model about 50% and a high position bias', async () => {
    const { view } = await run('judge-position-a');
    expect(view.status).toBe('done');
    const progress = view.progress as Row;
    expect(progress.answers).toMatchObject({ done: PROMPTS * 3, total: PROMPTS * 3, failed: 0 });
    expect(progress.judgments).toMatchObject({ done: PROMPTS * 4, total: PROMPTS * 4, failed: 0, unparsed: 0 });
    for (const name of ['alpha', 'beta']) expect(result(view, name).win_rate).toBeCloseTo(0.5, 10);
    // The fake upstream reports 12 input tokens and one output token per chunk (three).
    expect(result(view, 'alpha')).toMatchObject({ answers: PROMPTS, input_tokens: PROMPTS * 12, output_tokens: PROMPTS * 3 });
    expect(result(view, 'alpha').cost as number).toBeCloseTo((PROMPTS * (12 * 1 + 3 * 2)) / 1e6, 12);
    expect(result(view, 'beta').cost).toBeNull();
    expect(result(view, 'alpha').avg_time_ms).toEqual(expect.any(Number));
    expect(progress).toMatchObject({ cost_complete: false, tokens: { input: (PROMPTS * 3 + PROMPTS * 4) * 12 } });
    expect(progress.cost as number).toBeCloseTo((PROMPTS * (12 * 1 + 3 * 2)) / 1e6, 12);
    expect(result(view, 'base')).toMatchObject({ is_baseline: true, win_rate: 0.5 });
    const results = view.results as Row;
    expect(results.position_flip_rate).toBe(1);
    expect(results.position_a_rate).toBe(1);
    expect(results.pairs_judged_both_orders).toBe(PROMPTS * 2);
    // Every pair was judged in both orders: each model's answer was shown first exactly once per prompt.
    const judged = judgeUpstream.requests.filter((request) => request.model === 'judge-position-a');
    expect(judged).toHaveLength(PROMPTS * 4);
    // The embedded database has no autovacuum: the driver gave the planner statistics for the tables a run fills.
    if (kind === 'pglite') {
      const { rows } = await server.database.handle.pool.query("SELECT DISTINCT tablename FROM pg_stats WHERE tablename IN ('eval_answers', 'eval_judgments') ORDER BY tablename");
      expect(rows.map((row) => row.tablename)).toEqual(['eval_answers', 'eval_judgments']);
    }
  });

  it('a judge that prefers one model gives it the win, with an interval that excludes 50%', async () => {
    const { view } = await run('judge-prefers-alpha');
    const alpha = result(view, 'alpha');
    expect(alpha.win_rate).toBe(1);
    expect(alpha.ci_lower as number).toBeGreaterThan(0.5);
    expect(result(view, 'beta').win_rate).toBe(0.5);
    expect(alpha.consistency).toMatchObject({ wins: PROMPTS, losses: 0, ties: 0 });
    expect(alpha.rating as number).toBeGreaterThan(result(view, 'beta').rating as number);
    expect((view.results as Row).position_flip_rate).toBe(0);
    // Per category too.
    const categories = (view.results as Row).categories as Row[];
    expect(categories.map((category) => category.category)).toEqual(['even', 'odd']);
    for (const category of categories) expect(((category.models as Row[]).find((model) => model.model_id === models.alpha) as Row).win_rate).toBe(1);
  });

  it('style control: a judge swayed by length alone leaves a verbose model level with the baseline', async () => {
    const { view } = await run('judge-prefers-long', { model_ids: [models.verbose] });
    const verbose = result(view, 'verbose');
    // Raw: it wins every even-numbered question (where it pads) and ties the rest.
    expect(verbose.win_rate as number).toBeGreaterThan(0.7);
    expect(verbose.ci_lower as number).toBeGreaterThan(0.5);
    // With length held equal nothing is left to prefer it for.
    expect(verbose.style_win_rate as number).toBeGreaterThan(0.4);
    expect(verbose.style_win_rate as number).toBeLessThan(0.6);
    expect(verbose.style_ci_lower as number).toBeLessThan(verbose.style_rating as number);
    const length = ((view.results as Row).style_coefficients as Record<string, Row>).length as Row;
    expect(length.ci_lower as number).toBeGreaterThan(0);
  });

  it('reuses the answers of earlier runs: a second run asks the contestants nothing', async () => {
    const before = contestants.requests.length;
    const { view } = await run('judge-prefers-alpha');
    expect(contestants.requests.length).toBe(before);
    expect((view.progress as Row).answers).toMatchObject({ done: PROMPTS * 3, reused: PROMPTS * 3 });
    // Its judgments were made by the run before with the same judge and template: reused as well.
    expect((view.progress as Row).judgments).toMatchObject({ done: PROMPTS * 4, reused: PROMPTS * 4 });
  });

  it('a judge that answers garbage yields unparsed counts (each asked twice), not verdicts', async () => {
    const before = judgeUpstream.requests.filter((request) => request.model === 'judge-garbage').length;
    const { view } = await run('judge-garbage');
    expect(view.status).toBe('done');
    expect((view.progress as Row).judgments).toMatchObject({ done: PROMPTS * 4, unparsed: PROMPTS * 4 });
    expect((view.results as Row).verdicts).toEqual({ parsed: 0, unparsed: PROMPTS * 4 });
    expect(result(view, 'alpha').win_rate).toBeNull();
    expect(judgeUpstream.requests.filter((request) => request.model === 'judge-garbage').length - before).toBe(PROMPTS * 4 * 2);
  });

  it('streams progress as server-sent events and ends with the results', async () => {
    const id = await start({ prompt_set_id: setId, mode: 'round_robin', model_ids: [models.alpha, models.beta, models.base], judge_model_id: models['judge-position-a'], system_prompt: 'Be brief.' });
    const response = await fetch(`${server.url}/api/evaluations/${id}/events`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data).toMatchObject({ status: 'done', progress: { fraction: 1, eta_ms: 0 } });
    const fractions = events.map((event) => (event.data.progress as Row).fraction as number);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    // A new system prompt is another generation setting: fresh answers.
    expect((end?.data.progress as Row).answers).toMatchObject({ total: PROMPTS * 3, reused: 0 });
    expect(contestants.requests.at(-1)?.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('shows a drill-down of each prompt with both answers and both verdicts, and exports JSON and CSV', async () => {
    const { id } = await run('judge-prefers-alpha');
    const page = await api<Row>('GET', `/api/evaluations/${id}/prompts?offset=2&limit=3`, { token: owner.token });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ offset: 2, total: PROMPTS });
    const prompts = page.body.prompts as Row[];
    expect(prompts.map((prompt) => prompt.id)).toEqual(['q3', 'q4', 'q5']);
    const first = prompts[0] as Row;
    expect(first.prompt).toBe('Question number 3?');
    expect((first.answers as Row[]).map((answer) => answer.answer_text)).toEqual(expect.arrayContaining([expect.stringContaining('alpha says')]));
    const verdicts = first.judgments as Row[];
    expect(verdicts).toHaveLength(4);
    expect(verdicts.find((judgment) => judgment.first_id === models.alpha)).toMatchObject({ verdict: 'A>>B', judgment_text: expect.stringContaining('Reasoning') });

    const json = await api<Row>('GET', `/api/evaluations/${id}/export?format=json`, { token: owner.token });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ evaluation_id: id, status: 'done' });
    expect(json.body.prompts as Row[]).toHaveLength(PROMPTS);
    const csv = await api<string>('GET', `/api/evaluations/${id}/export?format=csv`, { token: owner.token });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toMatch(/^model_name,model_id,/);
    expect(csv.body).toContain('alpha');
    const rows = await api<string>('GET', `/api/evaluations/${id}/export?format=csv&content=judgments`, { token: owner.token });
    expect(rows.body.trim().split('\n')).toHaveLength(1 + PROMPTS * 4);
  });

  it('hands the leaderboard the verdicts as pair counts, never as votes', async () => {
    const counts = await judgeVerdictCounts(server.database.handle.db, { judgeModelId: models['judge-prefers-alpha'] });
    const alphaFirst = counts.filter((row) => row.a === models.alpha);
    expect(alphaFirst.length).toBeGreaterThan(0);
    expect(alphaFirst.every((row) => row.outcome === 'a')).toBe(true);
    expect(counts.filter((row) => row.b === models.alpha).every((row) => row.outcome === 'b')).toBe(true);
    const { rows } = await server.database.handle.pool.query("SELECT count(*)::int AS n FROM eval_judgments WHERE judge_model_id = $1 AND verdict NOT IN ('unparsed', 'failed')", [models['judge-prefers-alpha']]);
    expect(counts.reduce((sum, row) => sum + row.votes, 0)).toBe(rows[0].n);
    expect((await server.database.handle.pool.query('SELECT count(*)::int AS n FROM model_votes')).rows[0].n).toBe(0);
  });

  it('shows the verdicts on the leaderboard only when asked: source=judge or all, human by default', async () => {
    const { rows } = await server.database.handle.pool.query(
      "SELECT count(*)::int AS n FROM eval_judgments j JOIN eval_answers x ON x.answer_id = j.answer_a_id JOIN eval_answers y ON y.answer_id = j.answer_b_id WHERE j.verdict NOT IN ('unparsed', 'failed') AND x.model_id <> y.model_id",
    );
    expect(rows[0].n).toBeGreaterThan(0);
    const board = (query: string) => api<Row>('GET', `/api/leaderboard${query}`, { token: admin.token });
    const human = await board('');
    expect(human.body).toMatchObject({ source: 'human', votes: 0, models: [] });
    const judged = await board('?source=judge');
    expect(judged.body).toMatchObject({ source: 'judge', votes: rows[0].n });
    expect((judged.body.models as Row[]).map((row) => row.model_id)).toContain(models.alpha);
    expect((await board('?source=all')).body).toMatchObject({ source: 'all', votes: rows[0].n });
    for (const query of ['?source=judge&method=elo', '?source=all&blind=true', '?source=robots']) {
      const refused = await board(query);
      expect(refused.status, query).toBe(400);
      expect((refused.body.error as Row).message, query).toMatch(/^source: /);
    }
  });

  it('runs only for its owner and admins', async () => {
    const id = await start({ prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models.alpha], baseline_model_id: models.base, judge_model_id: models['judge-position-a'] });
    expect((await api('GET', `/api/evaluations/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await api('POST', `/api/evaluations/${id}/pause`, { token: stranger.token })).status).toBe(404);
    expect((await api('GET', `/api/evaluations/${id}`, { token: admin.token })).status).toBe(200);
    // Someone else's prompt set cannot be evaluated.
    const refused = await api<Row>('POST', '/api/evaluations', {
      token: stranger.token,
      body: { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models.alpha], baseline_model_id: models.base, judge_model_id: models['judge-position-a'] },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.error as Row).message).toMatch(/^prompt_set_id: /);
    await waitForStatus(api, owner.token, id, ['done']);
  });

  it('refuses bad runs with a 400 naming the field', async () => {
    const base = { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models.alpha], baseline_model_id: models.base, judge_model_id: models['judge-position-a'] };
    const cases: Array<[Row, RegExp]> = [
      [{ ...base, baseline_model_id: undefined }, /^baseline_model_id: required/],
      [{ ...base, model_ids: [models.alpha, models.alpha] }, /^model_ids: /],
      [{ ...base, model_ids: [models.base] }, /^baseline_model_id: the baseline must not/],
      [{ ...base, mode: 'round_robin', baseline_model_id: undefined }, /^model_ids: round_robin needs/],
      [{ ...base, judge_model_id: '00000000-0000-4000-8000-000000000000' }, /^judge_model_id: no model/],
      [{ ...base, mode: 'knockout' }, /^mode: /],
      [{ ...base, prompt_set_version: 9 }, /^prompt_set_version: /],
      [{ ...base, judge_prompt_id: '00000000-0000-4000-8000-000000000000' }, /^judge_prompt_id: /],
    ];
    for (const [body, message] of cases) {
      const response = await api<Row>('POST', '/api/evaluations', { token: owner.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((response.body.error as Row).message).toMatch(message);
    }
  });

  it('pauses, resumes and cancels; a paused run starts no call and resumes where it stopped', async () => {
    const slowSet = await createSet(api, owner.token, 'Slow', 30);
    contestants.behave('(none)', behaviours.ok());
    const id = await start({ prompt_set_id: slowSet, mode: 'vs_baseline', model_ids: [models.alpha, models.beta], baseline_model_id: models.base, judge_model_id: models['judge-position-a'], system_prompt: 'pause test' });
    const paused = await api<Row>('POST', `/api/evaluations/${id}/pause`, { token: owner.token });
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    // Calls already started finish; then nothing more happens while paused.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const calls = contestants.requests.length + judgeUpstream.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(contestants.requests.length + judgeUpstream.requests.length).toBe(calls);
    expect((await api<Row>('POST', `/api/evaluations/${id}/pause`, { token: owner.token })).status).toBe(409);
    const resumed = await api<Row>('POST', `/api/evaluations/${id}/resume`, { token: owner.token });
    expect(resumed.body).toMatchObject({ attempt: 2 });
    const done = await waitForStatus(api, owner.token, id, ['done']);
    expect((done.progress as Row).answers).toMatchObject({ done: 90, failed: 0 });
    const cancelled = await api<Row>('POST', `/api/evaluations/${id}/cancel`, { token: owner.token });
    expect(cancelled.status).toBe(409);
  });
  it('shows the judge the reference answers, flags a judge that also competes, and compares its verdicts with human votes', async () => {
    const prompts = [1, 2].map((n) => ({ id: `r${n}`, prompt: `Referenced question ${n}?`, reference: `Reference answer ${n}` }));
    const created = await api<Row>('POST', '/api/prompt-sets', { token: owner.token, body: { name: 'With references', prompts } });
    expect(created.status).toBe(201);
    const small = created.body.prompt_set_id as string;
    // Human votes: alpha beats base 3 to 1 (the judge agrees), beta beats base 3 to 0 (the judge calls them even).
    const db = server.database.handle.db;
    const vote = async (winner: string, loser: string) => {
      const comparison = await db.insertInto('comparisons').values({ model1_id: winner, model2_id: loser, mode: 'named' }).returning('comparison_id').executeTakeFirstOrThrow();
      await db.insertInto('model_votes').values({ comparison_id: comparison.comparison_id, outcome: 'model1', winner_model_id: winner }).execute();
    };
    for (const [winner, loser] of [['alpha', 'base'], ['alpha', 'base'], ['alpha', 'base'], ['base', 'alpha'], ['beta', 'base'], ['beta', 'base'], ['beta', 'base']] as const) await vote(models[winner] as string, models[loser] as string);

    const { view } = await run('judge-prefers-alpha', { prompt_set_id: small });
    expect(view.status).toBe('done');
    const asked = judgeUpstream.requests.filter((request) => request.messages.at(-1)?.content.includes('Referenced question 2?'));
    expect(asked.length).toBeGreaterThan(0);
    for (const request of asked) expect(request.messages.at(-1)?.content).toContain('<|Reference Answer|>\nReference answer 2\n');
    const agreement = (view.results as Row).human_agreement as { pairs: Row[]; agreement_rate: number };
    const pair = (name: string) => agreement.pairs.find((row) => [row.model_a, row.model_b].includes(models[name])) as Row;
    expect(pair('alpha')).toMatchObject({ human_votes: 4, agree: true });
    expect(pair('alpha').human_win_rate).toBe(pair('alpha').model_a === models.alpha ? 0.75 : 0.25);
    expect(pair('beta')).toMatchObject({ human_votes: 3, judge_win_rate: 0.5, agree: false });
    expect(agreement.agreement_rate).toBe(0.5);
    expect((view.results as Row).judge_is_contestant).toBe(false);

    const { view: judged } = await run('judge-prefers-alpha', { prompt_set_id: small, model_ids: [models.alpha, models['judge-prefers-alpha']] });
    expect((judged.results as Row).judge_is_contestant).toBe(true);
    expect(result(judged, 'judge-prefers-alpha')).toMatchObject({ is_judge: true });
    expect(result(judged, 'alpha')).toMatchObject({ is_judge: false });
  });

  it('queues a run while its owner has eval_max_running_per_user running, and starts it when one ends', async () => {
    expect((await api('PUT', '/api/admin/settings/eval_max_running_per_user', { token: admin.token, body: { value: '1' } })).status).toBe(200);
    const body = { prompt_set_id: setId, mode: 'vs_baseline', model_ids: [models.alpha], baseline_model_id: models.base, judge_model_id: models['judge-position-a'] };
    const first = await start({ ...body, system_prompt: 'queue test one' });
    const second = await start({ ...body, system_prompt: 'queue test two' });
    expect((await api<Row>('GET', `/api/evaluations/${second}`, { token: owner.token })).body.status).toBe('queued');
    await waitForStatus(api, owner.token, first, ['done']);
    expect((await waitForStatus(api, owner.token, second, ['done'])).status).toBe('done');
  });

  it('answers prompt after prompt, each prompt’s models together, so its verdicts can start at once', async () => {
    // One call at a time: the contestants see the answers in about the order the queue hands them
    // out (two jobs run per call slot, so one can overtake the other).
    expect((await api('PUT', '/api/admin/settings/eval_concurrency_per_provider', { token: admin.token, body: { value: 'contest=1,*=8' } })).status).toBe(200);
    const before = contestants.requests.length;
    const { view } = await run('judge-position-a', { system_prompt: 'in order' });
    expect(view.status).toBe('done');
    const asked = contestants.requests.slice(before).map((request) => Number(/number (\d+)/.exec(request.messages.at(-1)?.content ?? '')?.[1]));
    expect(asked).toHaveLength(PROMPTS * 3);
    const behind = asked.map((prompt, k) => Math.max(...asked.slice(0, k + 1)) - prompt);
    expect(Math.max(...behind)).toBeLessThanOrEqual(1);
    expect((await api('PUT', '/api/admin/settings/eval_concurrency_per_provider', { token: admin.token, body: { value: '8' } })).status).toBe(200);
  });
});
