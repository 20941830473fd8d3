import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { behaviours, type FakeUpstream } from '../helpers/fakeUpstream.js';
import { signUp } from '../helpers/users.js';
import { addFakeModels, logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

/**
 * Issue 17 findings 1, 3 and 6 and multi-turn battles, in one lab: a failed side cannot win and
 * both failed means no vote bar; a battle lives at /arena/:threadId and comes back whole; every
 * turn has its own vote bar in both modes, follow-ups need no vote first; copy, regenerate,
 * retry, Esc to stop, and each answer's figures.
 */
const KEY = 'sk-dualmind-test-arena-turns-0123456789';
const FLAKY = ['Flaky ', 'answer.'];
const GOOD = ['Good ', 'answer:\n\n```js\n', 'const good = 1;\n', '```\n'];

let lab: Lab;
let flaky: FakeUpstream;
let good: FakeUpstream;
const ids: Record<string, string> = {};

beforeAll(async () => {
  lab = await startLab();
  const admin = await signUp(lab.api, 'turns-admin');
  [flaky, good] = (await addFakeModels(lab, admin.token, [
    { name: 'fake-flaky', chunks: FLAKY },
    { name: 'fake-good', chunks: GOOD },
  ])) as [FakeUpstream, FakeUpstream];
  // One key for the provider, so each fake upstream can be told how to answer it.
  await lab.api('POST', '/api/admin/providers/fakeai/keys', { token: admin.token, body: { api_key: KEY } });
  const models = (await lab.api<Array<{ model_id: string; model_name: string }>>('GET', '/api/models')).body;
  for (const model of models) ids[model.model_name] = model.model_id;
  await lab.api('PUT', `/api/admin/models/${ids['fake-good']}/price`, { token: admin.token, body: { input_per_million: 2, output_per_million: 6 } });
  await signUp(lab.api, 'turns');
  await lab.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.server.url });
}, 150_000);
afterAll(async () => lab?.close());
afterEach(() => expect(lab.cspViolations).toEqual([]));

const rounds = (page: Page) => page.getByTestId('round');
const voteButtons = (round: Locator) => round.getByTestId('vote-bar').getByRole('button').allTextContents();
const clipboard = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');
const ARENA_URL = /\/arena\/[0-9a-f-]{36}$/;

it('named battle: no win for a failed side, retry it, copy, figures, a vote per turn, no bar when both failed, regenerate both', async () => {
  flaky.behave(KEY, behaviours.errorEvent(0), behaviours.ok());
  good.behave(KEY, behaviours.ok());
  const page = await openPage(lab);
  await logInInBrowser(page, lab.server.url, 'turns@example.com', 'password-turns');
  await page.getByRole('radio', { name: 'Choose models' }).click();
  await page.getByLabel('Model A').selectOption(ids['fake-flaky']!);
  await page.getByLabel('Model B').selectOption(ids['fake-good']!);
  await page.getByTestId('prompt').fill('Write one line of code');
  await page.getByTestId('prompt').press('Enter');

  // Finding 1: side A failed, so the bar offers no "A is better".
  const first = rounds(page).nth(0);
  await first.getByTestId('vote-bar').waitFor();
  await expect.poll(() => voteButtons(first)).toEqual(['2 B is better', '3 Tie', '4 Both are bad']);
  // Finding 3: the battle has a URL as soon as its first turn is stored.
  await expect.poll(() => page.url()).toMatch(ARENA_URL);
  const battleUrl = page.url();

  // Finding 6: figures under each answer (B has a price: cost too), copy answer and code block.
  const panelB = first.getByTestId('answer-model2');
  await expect.poll(() => panelB.getByTestId('answer-stats').textContent()).toMatch(/first token \d+\.\d s.*tokens\/s.*\$/);
  await panelB.getByRole('button', { name: 'Copy code' }).click();
  await expect.poll(() => clipboard(page)).toBe('const good = 1;\n');
  await panelB.getByRole('button', { name: 'Copy answer' }).click();
  await expect.poll(() => clipboard(page)).toBe(GOOD.join(''));

  // Retry the failed side: a new turn with A answered and B kept; the first turn keeps its own vote bar.
  expect(await first.getByTestId('regenerate-model1').textContent()).toBe('Retry A');
  await first.getByTestId('regenerate-model1').click();
  await expect.poll(() => rounds(page).count()).toBe(2);
  const second = rounds(page).nth(1);
  await second.getByTestId('vote-bar').waitFor();
  expect(await second.getByTestId('answer-model1-text').textContent()).toBe('Flaky answer.');
  await expect.poll(() => voteButtons(second)).toEqual(['1 A is better', '2 B is better', '3 Tie', '4 Both are bad']);
  expect(good.requests).toHaveLength(1);
  await second.getByRole('button', { name: 'A is better' }).click();
  await second.getByTestId('vote-result').waitFor();
  await first.getByRole('button', { name: 'B is better' }).click();
  await first.getByTestId('vote-result').waitFor();

  // Both sides fail: nothing to vote on, a sentence says so; "Regenerate both" asks again.
  flaky.behave(KEY, behaviours.errorEvent(0), behaviours.ok());
  good.behave(KEY, behaviours.errorEvent(0), behaviours.ok());
  await page.getByTestId('prompt').fill('Fail on both sides');
  await page.getByTestId('prompt').press('Enter');
  await expect.poll(() => rounds(page).count()).toBe(3);
  await rounds(page).nth(2).getByTestId('no-vote').waitFor();
  expect(await rounds(page).nth(2).getByTestId('vote-bar').count()).toBe(0);
  await rounds(page).nth(2).getByTestId('regenerate-both').click();
  await expect.poll(() => rounds(page).count()).toBe(4);
  await rounds(page).nth(3).getByTestId('vote-bar').waitFor();
  await expect.poll(() => voteButtons(rounds(page).nth(3))).toHaveLength(4);

  // Back from anywhere: the same URL shows every turn, its votes and the open bars.
  await page.goto(`${lab.server.url}/leaderboard`);
  await page.goto(battleUrl);
  await expect.poll(() => rounds(page).count()).toBe(4);
  expect(await page.getByTestId('vote-result').allTextContents()).toEqual([expect.stringContaining('B is better'), expect.stringContaining('A is better')]);
  expect(await page.getByTestId('vote-bar').count()).toBe(1);
  expect(await page.getByRole('radio', { name: 'Choose models' }).getAttribute('aria-checked')).toBe('true');
  expect(await rounds(page).nth(0).locator('.model-name').allTextContents()).toEqual(['fake-flaky', 'fake-good']);
  await page.close();
});

it('anonymous battle: follow-ups without voting, a bar per turn, back whole from Chat, the vote reveals every turn; Esc stops', async () => {
  flaky.behave(KEY, behaviours.ok());
  good.behave(KEY, behaviours.ok());
  const page = await openPage(lab);
  await logInInBrowser(page, lab.server.url, 'turns@example.com', 'password-turns');
  await page.getByTestId('prompt').fill('First question');
  await page.getByTestId('prompt').press('Enter');
  await rounds(page).nth(0).getByTestId('vote-bar').waitFor();
  await expect.poll(() => page.url()).toMatch(ARENA_URL);
  const battleUrl = page.url();
  // No vote needed before a follow-up.
  await page.getByTestId('prompt').fill('Second question');
  await page.getByTestId('prompt').press('Enter');
  await expect.poll(() => rounds(page).count()).toBe(2);
  await rounds(page).nth(1).getByTestId('vote-bar').waitFor();
  expect(await page.getByTestId('vote-bar').count()).toBe(2);
  expect(await page.locator('.model-name').count()).toBe(0);

  // From the Chat list, the battle opens in the arena, whole and still anonymous.
  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByTestId('thread-list').getByRole('link', { name: /First question/ }).click();
  await expect.poll(() => page.url()).toBe(battleUrl);
  await expect.poll(() => rounds(page).count()).toBe(2);
  expect(await page.getByTestId('vote-bar').count()).toBe(2);
  expect(await page.getByRole('radio', { name: 'Anonymous battle' }).getAttribute('aria-checked')).toBe('true');
  expect(await page.locator('.model-name').count()).toBe(0);

  // Voting the second turn reveals the pair on both; the first turn's bar stays until voted.
  await rounds(page).nth(1).getByRole('button', { name: 'Tie' }).click();
  await rounds(page).nth(1).getByTestId('vote-result').waitFor();
  await expect.poll(() => rounds(page).nth(0).locator('.model-name').count()).toBe(2);
  expect(await rounds(page).nth(0).getByTestId('vote-bar').count()).toBe(1);
  await saveScreenshot(page, 'multi-turn-battle');

  // Esc stops a stalled answer wherever the focus is.
  flaky.behave(KEY, { kind: 'stall', afterChunks: 1 });
  good.behave(KEY, { kind: 'stall', afterChunks: 1 });
  await page.getByTestId('prompt').fill('Stall please');
  await page.getByTestId('prompt').press('Enter');
  await expect.poll(() => rounds(page).count()).toBe(3);
  await rounds(page).nth(2).getByText('Flaky').waitFor();
  await page.getByTestId('stop').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('send').waitFor();
  // Stopped live, or stored as stopped once the thread is read again.
  await expect.poll(() => rounds(page).nth(2).textContent()).toMatch(/stopped/i);
  await page.close();
});
