import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FakeUpstream, type UpstreamRequest } from '../helpers/fakeUpstream.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { addModels, contestantReply, createSet, shownAnswers, waitForStatus } from '../evaluations/support.js';
import { seriousViolations } from './axe.js';
import { addFakeModels, logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

let lab: Lab;
let admin: SignedUp;
const ids: Record<string, string> = {};

const VERBOSE = ['# A full answer\n\n', 'Here is **everything** you asked for:\n\n', '1. first point\n2. second point\n3. third point\n\n', '- and **more** detail\n- and even more\n\n', '## In short\n\nAll of it, at length.'];

/** Battles through the API, voted: verbose beats terse, mid plays less (a preliminary model), a few about code. */
async function playBattles(): Promise<void> {
  const battles: Array<[string, string, 'model1' | 'model2', string]> = [];
  for (let n = 0; n < 6; n++) battles.push(['fake-verbose', 'fake-terse', 'model1', n % 2 ? `Explain topic ${n}` : `Fix this:\n\`\`\`python\nprint(${n}\n\`\`\``]);
  for (let n = 0; n < 4; n++) battles.push(['fake-terse', 'fake-mid', n % 2 ? 'model1' : 'model2', `Question ${n} about the weather`]);
  battles.push(['fake-verbose', 'fake-mid', 'model1', 'Tell me about rivers']);
  for (const [a, b, winner, prompt] of battles) {
    const battle = await lab.api<{ comparison_id: string }>('POST', '/api/comparisons', { token: admin.token, body: { prompt, model1_id: ids[a], model2_id: ids[b] } });
    expect(battle.status).toBe(201);
    expect((await lab.api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: admin.token, body: { winner } })).status).toBe(201);
  }
}

beforeAll(async () => {
  // The labeller test below picks a labeller model: an idle labeller looks for work this often.
  lab = await startLab({ LABELLER_IDLE_MS: '200' });
  admin = await signUp(lab.api, 'root');
  await addFakeModels(
    lab,
    admin.token,
    [
      { name: 'fake-verbose', chunks: VERBOSE },
      { name: 'fake-terse', chunks: ['Yes.'] },
      { name: 'fake-mid', chunks: ['A middling answer of a few words.'] },
    ],
    0,
  );
  for (const model of (await lab.api<Array<{ model_id: string; model_name: string }>>('GET', '/api/models')).body) ids[model.model_name] = model.model_id;
  await playBattles();
  expect((await lab.api('PUT', '/api/admin/settings/min_votes_to_rank', { token: admin.token, body: { value: '6' } })).status).toBe(200);
}, 180_000);
afterAll(async () => lab?.close());
// The server's Content-Security-Policy blocks nothing the web app does.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('greys a preliminary model, toggles style control with its coefficients in words, and picks a category', async () => {
  // The comparisons' facts (style counts, categories) are computed right after each is stored.
  await expect.poll(async () => (await lab.api<{ votes: number }>('GET', '/api/leaderboard?category=coding', { token: admin.token })).body.votes, { timeout: 30_000, interval: 500 }).toBe(3);
  const page = await openPage(lab, 1280, 900);
  await page.goto(`${lab.server.url}/leaderboard`);
  await page.getByTestId('leaderboard-table').waitFor();
  expect(await page.getByTestId('total-votes').textContent()).toBe('11');

  // fake-mid has 5 votes, under min_votes_to_rank (6): greyed, marked, and ranked last.
  const rows = page.getByTestId('leaderboard-row');
  expect(await rows.count()).toBe(3);
  const last = rows.last();
  expect(await last.locator('.model-name').textContent()).toBe('fake-mid');
  expect(await last.getAttribute('class')).toContain('preliminary');
  await last.getByTestId('preliminary-badge').waitFor();
  expect(await page.evaluate<string>(`getComputedStyle(document.querySelectorAll('[data-testid=leaderboard-row]')[2]).fontStyle`)).toBe('italic');
  await page.getByTestId('preliminary-note').waitFor();
  for (const row of (await rows.all()).slice(0, 2)) expect(await row.getAttribute('data-preliminary')).toBe('false');

  // Style control: the toggle asks for it, the coefficients come with what they mean.
  // The box follows the URL, which the router updates a moment after the click: click, then wait.
  await page.getByTestId('style-control').click();
  await expect.poll(() => page.url()).toContain('style=true');
  await expect.poll(() => page.getByTestId('style-control').isChecked()).toBe(true);
  const coefficients = page.getByTestId('style-coefficients');
  await coefficients.waitFor();
  for (const feature of ['length', 'header', 'list', 'bold']) await coefficients.getByTestId(`style-${feature}`).waitFor();
  expect(await coefficients.textContent()).toMatch(/log-odds of winning per standard deviation/);
  expect(await coefficients.getByTestId('style-length').textContent()).toMatch(/Voters favour longer answers|No clear effect/);
  await saveScreenshot(page, 'leaderboard-style-control');

  // A category: the table shows its votes only, and the URL keeps it.
  await page.getByTestId('category-picker').selectOption('coding');
  await expect.poll(() => page.url()).toContain('category=coding');
  await expect.poll(async () => page.getByTestId('total-votes').textContent()).toBe('3');
  expect(await page.locator('.lede').textContent()).toContain('Coding');
  await page.getByTestId('category-overview').waitFor();

  // Elo has no style control: the toggle is off and disabled.
  await page.getByRole('radio', { name: 'Elo' }).click();
  await expect.poll(() => page.getByTestId('style-coefficients').count()).toBe(0);
  expect(await page.getByTestId('style-control').isDisabled()).toBe(true);
});

it('offers a labeller’s category in the picker once comparisons are labelled, and shows the labeller’s progress to admins', async () => {
  const page = await openPage(lab, 1280, 900);
  await page.goto(`${lab.server.url}/leaderboard`);
  await page.getByTestId('leaderboard-table').waitFor();
  expect(await page.getByTestId('category-picker').locator('option[value="math"]').count()).toBe(0);

  // A labeller that files every prompt under math.
  const judge = await FakeUpstream.start({ reply: () => ['<decision>', 'yes', '</decision>'] });
  try {
    const model = await lab.api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: 'fake-judge', provider_name: 'fakeai', api_url: judge.baseURL, status: 'inactive' } });
    expect(model.status).toBe(201);
    for (const [key, value] of [['labeller_categories', 'math'], ['labeller_rate_per_minute', '600'], ['labeller_model_id', model.body.model_id]]) {
      expect((await lab.api('PUT', `/api/admin/settings/${key}`, { token: admin.token, body: { value } })).status).toBe(200);
    }
    await expect.poll(async () => (await lab.api<{ votes: number }>('GET', '/api/leaderboard?category=math', { token: admin.token })).body.votes, { timeout: 30_000, interval: 250 }).toBe(11);

    await page.reload();
    await page.getByTestId('category-picker').locator('option[value="math"]').waitFor({ state: 'attached' });
    await page.getByTestId('category-picker').selectOption('math');
    await expect.poll(() => page.url()).toContain('category=math');
    await expect.poll(async () => page.getByTestId('total-votes').textContent()).toBe('11');

    await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/labeller');
    const math = page.getByTestId('labeller-math');
    await expect.poll(async () => math.getByTestId('labelled').textContent(), { timeout: 10_000 }).toBe('11');
    expect(await math.getByTestId('pending').textContent()).toBe('0');
    expect(await math.getByTestId('failed').textContent()).toBe('0');
    expect(await page.getByLabel('Labeller model').inputValue()).toBe(model.body.model_id);
    expect(await page.getByTestId('labeller-hard_prompt').textContent()).toContain('off');
    await saveScreenshot(page, 'admin-labeller');
  } finally {
    // The labeller stops before its upstream goes away.
    await lab.api('PUT', '/api/admin/settings/labeller_model_id', { token: admin.token, body: { value: '' } });
    await judge.close();
  }
});

it('shows speed and cost per model, sorts by rating per dollar, ranks every category, and lists the votes the daily cap left out', async () => {
  type Row = { model_name: string; mean_cost_per_answer: number | null; median_ttft_ms: number | null };
  const price = async (name: string, input: number, output: number) =>
    expect((await lab.api('PUT', `/api/admin/models/${ids[name]}/price`, { token: admin.token, body: { input_per_million: input, output_per_million: output } })).status).toBe(200);
  await price('fake-verbose', 3, 15);
  await price('fake-terse', 0.5, 1);
  // All eleven votes are the admin's, today: a cap of ten leaves the last one out.
  expect((await lab.api('PUT', '/api/admin/settings/daily_vote_cap', { token: admin.token, body: { value: '10' } })).status).toBe(200);
  // Costs need the answers' token counts, which the analysis stores moments after each turn.
  const board = async (query = '') => (await lab.api<{ votes: number; models: Row[] }>('GET', `/api/leaderboard${query}`, { token: admin.token })).body;
  await expect.poll(async () => (await board()).models.filter((row) => row.mean_cost_per_answer !== null).length, { timeout: 30_000, interval: 1000 }).toBe(2);
  const byValue = (await board('?sort=rating_per_dollar')).models.map((row) => row.model_name);
  // The terse model costs far less per answer: first by rating per dollar, the unpriced model last.
  expect(byValue).toEqual(['fake-terse', 'fake-verbose', 'fake-mid']);

  const page = await openPage(lab, 1280, 900);
  await page.goto(`${lab.server.url}/leaderboard`);
  await page.getByTestId('leaderboard-table').waitFor();
  expect(await page.getByTestId('total-votes').textContent()).toBe('10');
  expect(await page.getByTestId('excluded-summary').textContent()).toContain('1 vote over the daily cap');

  const cells = async (name: string) => page.getByTestId('leaderboard-row').filter({ has: page.locator('.model-name', { hasText: name }) }).locator('td').allTextContents();
  // Rank, rating, votes, win rate, TTFT, tokens/s, cost per answer, rating per $.
  const verbose = await cells('fake-verbose');
  expect(verbose[4]).toMatch(/^\d+ ms$|^\d+\.\d s$/);
  expect(verbose[6]).toMatch(/^\$\d/);
  expect((await cells('fake-mid')).slice(6)).toEqual(['—', '—']);

  await page.getByRole('button', { name: 'Rating per $' }).click();
  await expect.poll(() => page.url()).toContain('sort=rating_per_dollar');
  await expect.poll(async () => page.getByTestId('leaderboard-row').locator('.model-name').allTextContents()).toEqual(byValue);

  // The overview: a rank for each model in the overall and coding columns at least.
  const overview = page.getByTestId('category-overview');
  await overview.waitFor();
  expect(await overview.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Overall', 'Coding']));
  expect(await overview.locator('tbody tr').count()).toBe(3);

  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/excluded-votes');
  const excluded = page.getByTestId('excluded-votes');
  await excluded.locator('caption', { hasText: '1 vote left out' }).waitFor();
  expect(await excluded.locator('tbody tr td').last().textContent()).toBe('daily cap');
  await page.close();
});

it('keeps every column reachable at 380 px: the table scrolls inside its focusable region, the page never sideways', async () => {
  const page = await openPage(lab, 380, 800);
  await page.goto(`${lab.server.url}/leaderboard`);
  await page.getByTestId('leaderboard-table').waitFor();
  const region = page.getByRole('region', { name: 'Leaderboard table' });
  const pageOverflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  // The table is wider than the phone: the region scrolls, by keyboard too.
  expect(await region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeGreaterThan(0);
  await region.focus();
  await page.keyboard.press('ArrowRight');
  const scrolled = () => region.evaluate((element) => element.scrollLeft);
  await expect.poll(scrolled).toBeGreaterThan(0);
  // Chromium animates a keyboard scroll: measure once it has come to rest.
  let last = -1;
  await expect
    .poll(async () => {
      const previous = last;
      last = await scrolled();
      return last === previous;
    })
    .toBe(true);

  const headers = page.getByTestId('leaderboard-table').locator('thead th');
  expect(await headers.allTextContents()).toEqual(['Rank', 'Model', 'Rating (95% CI)', 'Votes', 'Win rate', 'TTFT', 'Tokens/s', 'Cost/answer', 'Rating per $']);
  for (const header of await headers.all()) {
    await header.evaluate((element) => element.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    // Inside the region's box and on screen: the region scrolled to it, the page did not.
    const [box, frame] = await Promise.all([header.boundingBox(), region.boundingBox()]);
    expect(box && frame).toBeTruthy();
    expect(box!.x).toBeGreaterThanOrEqual(frame!.x - 1);
    expect(box!.x + box!.width).toBeLessThanOrEqual(Math.min(frame!.x + frame!.width, 380) + 1);
    expect(await header.isVisible()).toBe(true);
    expect(await page.evaluate<number>('window.scrollX')).toBe(0);
  }
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await saveScreenshot(page, 'leaderboard-mobile');
  await page.close();
});

/** A judge with a strict order of preference: alpha over beta over gamma, whichever is shown first. */
const RANKING = ['alpha', 'beta', 'gamma'];
function rankingJudge(request: UpstreamRequest): string[] {
  const { a, b } = shownAnswers(request);
  const rank = (answer: string) => RANKING.findIndex((name) => answer.includes(`${name} says`));
  return ['Reasoning about both. ', `Final verdict: [[${rank(a) < rank(b) ? 'A>B' : 'B>A'}]]`];
}

it('picks the judges’ verdicts as the source by keyboard: refused filters off with a reason, an empty state, then the judge ratings, kept in the URL', async () => {
  type Board = { votes: number; models: Array<{ model_name: string; rating: number; votes: number }> };
  const page = await openPage(lab, 1280, 900);
  // Filters the API refuses with source=judge: they are dropped, never a 400 on the page.
  await page.goto(`${lab.server.url}/leaderboard?method=elo&blind=true&category=coding&style=true`);
  const human = page.getByRole('radio', { name: 'Human votes' });
  expect(await human.isChecked()).toBe(true);
  await human.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.url()).toContain('source=judge');
  for (const dropped of ['method=', 'blind=', 'category=', 'style=']) expect(page.url()).not.toContain(dropped);
  await expect.poll(() => page.getByRole('radio', { name: 'LLM judge' }).isChecked()).toBe(true);
  expect(await page.getByTestId('source-note').textContent()).toMatch(/evaluation runs.*twice.*swapped/);

  // No evaluation has run yet: the empty state says what to do, and links to it.
  const empty = page.getByTestId('leaderboard-empty');
  await empty.getByText('No judge verdicts yet').waitFor();
  expect(await empty.getByRole('link', { name: 'run an evaluation' }).getAttribute('href')).toBe('/evaluations');
  expect(await page.locator('.error-state').count()).toBe(0);
  // What judge verdicts cannot be filtered by is disabled, with the reason beside it.
  expect(await page.getByRole('radio', { name: 'Elo' }).isDisabled()).toBe(true);
  for (const control of [page.getByTestId('style-control'), page.getByLabel('Blind votes only'), page.getByTestId('category-picker'), page.getByLabel('Language')]) {
    expect(await control.isDisabled()).toBe(true);
  }
  expect(await page.getByTestId('source-limits').textContent()).toMatch(/Bradley–Terry and the time window/);
  expect(await page.getByLabel('Time window').isDisabled()).toBe(false);

  // A finished evaluation: three contestants, every pair judged twice with the positions swapped.
  const contestants = await FakeUpstream.start({ reply: contestantReply });
  const judge = await FakeUpstream.start({ reply: rankingJudge });
  try {
    const models = { ...(await addModels(lab.api, admin.token, 'contest', contestants.baseURL, RANKING)), ...(await addModels(lab.api, admin.token, 'judging', judge.baseURL, ['judge'])) };
    const setId = await createSet(lab.api, admin.token, 'Judge board', 2);
    const run = await lab.api<{ evaluation_id: string }>('POST', '/api/evaluations', {
      token: admin.token,
      body: { prompt_set_id: setId, mode: 'round_robin', model_ids: RANKING.map((name) => models[name]), judge_model_id: models.judge },
    });
    expect(run.status).toBe(201);
    expect((await waitForStatus(lab.api, admin.token, run.body.evaluation_id, ['done', 'failed'])).status).toBe('done');
  } finally {
    await Promise.all([contestants.close(), judge.close()]);
  }
  const expected = (await lab.api<Board>('GET', '/api/leaderboard?source=judge', { token: admin.token })).body;
  // 3 pairs, 2 prompts, both orders.
  expect(expected.votes).toBe(12);
  expect(expected.models.map((row) => row.model_name)).toEqual(RANKING);

  // A reload keeps the source, and the table shows the judge ratings.
  await page.reload();
  await page.getByTestId('leaderboard-table').waitFor();
  expect(page.url()).toContain('source=judge');
  await expect.poll(() => page.getByRole('radio', { name: 'LLM judge' }).isChecked()).toBe(true);
  expect(await page.getByTestId('total-votes').textContent()).toBe('12');
  const rows = page.getByTestId('leaderboard-row');
  expect(await rows.locator('.model-name').allTextContents()).toEqual(RANKING);
  expect(await rows.getByTestId('rating').allTextContents()).toEqual(expected.models.map((row) => expect.stringMatching(new RegExp(`^${Math.round(row.rating)}\\b`))));
  expect(await rows.getByTestId('votes').allTextContents()).toEqual(expected.models.map((row) => String(row.votes)));
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, 'leaderboard-judge');

  // Both: people's votes and the verdicts summed.
  // A pointer picks it too: the label is the visible button.
  await page.locator('.source-picker label', { hasText: 'Both' }).click();
  await expect.poll(() => page.url()).toContain('source=all');
  await expect.poll(() => page.getByRole('radio', { name: 'Both' }).isChecked()).toBe(true);
  const all = (await lab.api<Board>('GET', '/api/leaderboard?source=all', { token: admin.token })).body;
  await expect.poll(async () => page.getByTestId('total-votes').textContent()).toBe(String(all.votes));
  expect(await rows.locator('.model-name').allTextContents()).toEqual(all.models.map((row) => row.model_name));
  await page.close();
});
