import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { behaviours, FakeUpstream } from '../helpers/fakeUpstream.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

/**
 * Issue 17, findings 2, 4 and 7 as the first admin meets them: the setup checklist, the provider
 * and model forms, the keys table, the settings and the 380 px layout. One lab, one page, in order.
 */
let lab: Lab;
let upstream: FakeUpstream;
let admin: SignedUp;
let page: Page;
const KEY = 'sk-webpolish-key-0001';

beforeAll(async () => {
  [lab, upstream] = await Promise.all([startLab(), FakeUpstream.start({ chunks: ['Hello', ' there.'], chunkDelayMs: 5 })]);
  admin = await signUp(lab.api, 'root');
  page = await openPage(lab, 1200, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/');
});
afterAll(async () => {
  await lab?.close();
  await upstream?.close();
});
afterEach(() => expect(lab.cspViolations).toEqual([]));

const steps = () => page.getByTestId('setup-step');
const stepDone = (label: string) => steps().filter({ hasText: label }).getAttribute('data-done');
const adminModels = async () => (await lab.api<Array<{ model_id: string; model_name: string }>>('GET', '/api/admin/models', { token: admin.token })).body;

it('walks the first admin through setup: a checklist until a provider with a key, two models and a voted battle exist', async () => {
  // Signed in on the arena, the new lab's admin is pointed at the next step.
  const banner = page.getByTestId('setup-banner');
  await banner.filter({ hasText: '0 of 3 steps done' }).waitFor();
  await banner.getByRole('link', { name: 'Next step: Add a provider and its API key' }).click();
  await page.waitForURL('**/admin/keys');
  await page.getByTestId('setup-checklist').waitFor();
  await page.getByRole('link', { name: 'Providers', exact: true }).click();
  expect(await steps().count()).toBe(3);
  expect(await stepDone('Add a provider')).toBe('false');

  // Finding 7: a name with a space is refused with the rule, not "Please match the requested format."
  await page.getByLabel('Name', { exact: true }).fill('my provider');
  const rule = page.locator('#provider-name-rule');
  expect(await rule.getAttribute('class')).toBe('form-error');
  expect(await rule.textContent()).toContain('no spaces');
  expect(await page.getByRole('button', { name: 'Add provider' }).isDisabled()).toBe(true);
  await page.getByLabel('Name', { exact: true }).fill('fakeai');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await page.getByRole('row').filter({ hasText: 'fakeai' }).waitFor();
  expect(await stepDone('Add a provider')).toBe('false');

  // The keys tab: Groq says it needs a key; a saved key is counted in the singular.
  await page.getByRole('link', { name: 'API keys' }).click();
  expect(await page.getByTestId('keys-groq').textContent()).toContain('Groq needs an API key');
  const form = page.getByTestId('add-key-form');
  await form.getByLabel('Provider').selectOption('fakeai');
  await form.getByLabel('API key').fill(KEY);
  await form.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('keys-fakeai').getByText('1 key ·').waitFor();
  await expect.poll(() => stepDone('Add a provider')).toBe('true');

  // Finding 2: the add-model form stays on the provider just used.
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  const addCard = page.locator('section', { has: page.getByRole('heading', { name: 'Add a model' }) });
  for (const name of ['fake-one', 'fake-two']) {
    await addCard.getByLabel('Model name').fill(name);
    if (name === 'fake-one') await addCard.getByLabel('Provider').selectOption('fakeai');
    await addCard.getByLabel('API base URL (optional)').fill(upstream.baseURL);
    await addCard.getByRole('button', { name: 'Add model' }).click();
    await page.getByTestId('model-row').filter({ hasText: name }).waitFor();
    expect(await addCard.getByLabel('Provider').inputValue()).toBe('fakeai');
  }
  await expect.poll(() => stepDone('Add two models')).toBe('true');
  expect(await stepDone('Try a battle')).toBe('false');
  await saveScreenshot(page, 'first-admin-checklist');

  // Finding 2: a Discover error about a URL goes once another URL is typed.
  const discover = page.locator('section', { has: page.getByRole('heading', { name: 'Discover models' }) });
  await discover.getByLabel('Provider').selectOption('fakeai');
  await discover.getByLabel('API base URL').fill('ftp://127.0.0.1/v1');
  await discover.getByRole('button', { name: 'List its models' }).click();
  const discoverError = discover.getByRole('alert');
  expect(await discoverError.textContent()).toMatch(/^API URL: \S/);
  await discover.getByLabel('API base URL').fill(upstream.baseURL);
  await discoverError.waitFor({ state: 'detached' });

  // A voted battle completes the list, which then leaves the console and the arena alone.
  const ids = (await adminModels()).filter((model) => model.model_name.startsWith('fake-')).map((model) => model.model_id);
  const battle = await lab.api<{ comparison_id: string }>('POST', '/api/comparisons', { token: admin.token, body: { prompt: 'Say hello', mode: 'named', model1_id: ids[0], model2_id: ids[1] } });
  expect(battle.status).toBe(201);
  expect((await lab.api('POST', `/api/comparisons/${battle.body.comparison_id}/vote`, { token: admin.token, body: { winner: 'model1' } })).status).toBe(201);
  await expect
    .poll(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Admin console' }).waitFor();
      return page.getByTestId('setup-checklist').count();
    })
    .toBe(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Arena' }).click();
  await page.getByRole('heading', { name: 'Which model answers better?' }).waitFor();
  expect(await page.getByTestId('setup-banner').count()).toBe(0);
});

it('says what a failed side means in words, and the keys table shows the cooling key once with its time left', async () => {
  // Every call with the key is rate limited from now on: the key cools down for 40 s.
  upstream.behave(KEY, behaviours.rateLimited(40));
  await page.getByRole('radio', { name: 'Choose models' }).click();
  await page.getByLabel('Model A').selectOption({ label: 'fake-one · fakeai' });
  // Finding 5: the model on one side cannot be picked on the other.
  const taken = page.getByLabel('Model B').locator('option', { hasText: 'fake-one' });
  expect(await taken.isDisabled()).toBe(true);
  expect(await taken.textContent()).toContain('on the other side');
  await page.getByTestId('prompt').fill('Are you there?');
  await page.getByTestId('send').click();
  const answerA = page.getByTestId('answer-model1');
  await answerA.getByRole('alert').waitFor();
  expect(await answerA.getByRole('alert').textContent()).toMatch(/^Every API key for this model is cooling down after the provider’s rate limit\. Try again in (\d+ s|\d+ min|a minute), or pick another model\.$/);
  expect(await answerA.locator('.answer-status').textContent()).not.toContain('0.0 s');

  await page.goto(`${lab.server.url}/admin/keys`);
  const row = page.getByTestId('keys-fakeai').getByTestId('key-row');
  await row.getByText(/\d+ s left/).waitFor();
  const health = (await row.locator('td').nth(1).textContent()) ?? '';
  expect(health.match(/cooling/g)).toHaveLength(1);
  expect(await row.locator('td').nth(4).textContent()).toMatch(/^rate limit.*, just now$/);
  await row.getByRole('button', { name: 'Clear cooldown' }).click();
  upstream.behave(KEY, behaviours.ok());
});

it('pairs only the real models in anonymous battles once two are active, and leaves the demo models off the leaderboard', async () => {
  // Finding 4: the demo models are still active in this lab, but two real models can battle now.
  // Four battles: were the four models one pool, all four would miss the demo models by chance
  // at most once in (1/6)^4 runs (about 1,300): unvoted demo models would be drawn more often than
  // the voted real ones (weight 1/sqrt(1 + votes), src/chat/arena.ts).
  await page.goto(`${lab.server.url}/`);
  await page.getByRole('radio', { name: 'Anonymous battle' }).click();
  for (let battle = 0; battle < 4; battle += 1) {
    await page.getByTestId('prompt').fill(`Anonymous battle ${battle}`);
    await page.getByTestId('send').click();
    const round = page.getByTestId('round');
    await round.getByTestId('vote-bar').waitFor();
    await round.getByRole('button', { name: 'Tie' }).click();
    await round.getByTestId('vote-result').waitFor();
    await expect.poll(() => round.locator('.model-name').count()).toBe(2);
    expect((await round.locator('.model-name').allTextContents()).sort()).toEqual(['fake-one', 'fake-two']);
    await page.getByTestId('new-round').click();
  }
  await page.goto(`${lab.server.url}/leaderboard`);
  const table = page.getByTestId('leaderboard-table');
  await table.getByText('fake-one').waitFor();
  expect(await table.textContent()).not.toContain('demo-');
});

it('labels settings in words, saves a typed value only with its Save button, and refuses a prompt limit the body limit cannot carry', async () => {
  await page.goto(`${lab.server.url}/admin/settings`);
  const limit = page.getByTestId('setting-max_prompt_chars');
  await limit.getByLabel('Longest prompt (characters)').fill('20000');
  await limit.getByLabel('Longest prompt (characters)').blur();
  expect(await limit.getByText('Not saved yet.').count()).toBe(1);
  const stored = async () => (await lab.api<{ max_prompt_chars: number }>('GET', '/api/settings')).body.max_prompt_chars;
  expect(await stored()).toBe(16000);
  await limit.getByRole('button', { name: 'Save' }).click();
  await limit.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await expect.poll(stored).toBe(20000);

  await limit.getByLabel('Longest prompt (characters)').fill('1000000');
  await limit.getByRole('button', { name: 'Save' }).click();
  expect(await limit.getByRole('alert').textContent()).toMatch(/^Longest prompt \(characters\): must be between 1 and \d+\.$/);

  // The default models get pickers even before they were ever stored.
  const pickA = page.getByTestId('setting-default_model1').getByLabel('Default model A');
  await pickA.selectOption({ label: 'fake-two' });
  const [two] = (await adminModels()).filter((model) => model.model_name === 'fake-two');
  await expect.poll(async () => (await lab.api<{ default_model1: string | null }>('GET', '/api/settings')).body.default_model1).toBe(two?.model_id);
});

it('tells battles from chats in the chat list, and shows gallery cards with the prompt, the models and the author', async () => {
  const [one, two] = (await adminModels()).filter((model) => model.model_name.startsWith('fake-'));
  const battle = await lab.api<{ thread_id: string }>('POST', '/api/comparisons', { token: admin.token, body: { prompt: 'Which is the largest planet?', mode: 'named', model1_id: one?.model_id, model2_id: two?.model_id } });
  await lab.api('PATCH', `/api/threads/${battle.body.thread_id}`, { token: admin.token, body: { visibility: 'public', title: 'Planets' } });
  const chat = await lab.api<{ thread_id: string }>('POST', '/api/threads', { token: admin.token, body: { title: 'Just one model' } });
  await lab.api('POST', `/api/threads/${chat.body.thread_id}/messages`, { token: admin.token, body: { prompt: 'Hello?', model_id: one?.model_id } });

  await page.goto(`${lab.server.url}/chat`);
  const list = page.getByTestId('thread-list');
  expect(await list.getByRole('link').filter({ hasText: 'Planets' }).locator('.badge').first().textContent()).toBe('Battle');
  expect(await list.getByRole('link').filter({ hasText: 'Just one model' }).locator('.badge').first().textContent()).toBe('Chat');

  await page.goto(`${lab.server.url}/gallery`);
  const card = page.getByTestId('gallery-card').filter({ hasText: 'Planets' });
  await card.waitFor();
  expect(await card.textContent()).toContain('Which is the largest planet?');
  expect(await card.textContent()).toContain('fake-one vs fake-two');
  expect(await card.textContent()).toContain('by a lab member');
  await card.getByRole('link', { name: 'Planets' }).click();
  await page.waitForURL(`**/s/${battle.body.thread_id}`);
});

it('heads the Elo table as Elo and puts round numbers on the chart axes', async () => {
  await page.goto(`${lab.server.url}/leaderboard?method=elo`);
  const header = page.getByTestId('leaderboard-table').locator('thead');
  await expect.poll(() => header.textContent()).toContain('Elo rating');
  expect(await header.textContent()).not.toContain('95% CI');
  await page.goto(`${lab.server.url}/leaderboard`);
  const ticks = page.getByTestId('ci-chart').locator('.recharts-cartesian-axis-tick-value');
  await ticks.first().waitFor();
  // The rating axis; the other one names the models.
  const values = (await ticks.allTextContents()).map(Number).filter(Number.isFinite);
  expect(values.length).toBeGreaterThanOrEqual(2);
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  // Ticks on a 1, 2, 2.5 or 5 times a power of ten grid, every one a multiple of the step.
  expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 2.5, 5]);
  for (const value of values) expect(Math.abs(value / step - Math.round(value / step))).toBeLessThan(1e-9);
});

it('fits the nav, the admin tabs and the keys table’s actions into 380 px', async () => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto(`${lab.server.url}/admin/keys`);
  await page.getByTestId('key-row').first().waitFor();
  const inside = async (locator: ReturnType<Page['locator']>) => {
    const box = await locator.boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= 380;
  };
  for (const link of ['Arena', 'Chat', 'Leaderboard', 'Gallery', 'Admin']) expect(await inside(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true })), link).toBe(true);
  for (const tab of ['Models', 'Providers', 'API keys', 'Users', 'Settings', 'Excluded votes', 'Audit log']) {
    expect(await inside(page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: tab, exact: true })), tab).toBe(true);
  }
  const row = page.getByTestId('keys-fakeai').getByTestId('key-row');
  for (const action of ['Disable', 'Delete']) expect(await inside(row.getByRole('button', { name: action })), action).toBe(true);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(380);
});
