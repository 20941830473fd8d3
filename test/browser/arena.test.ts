import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUp } from '../helpers/users.js';
import { addFakeModels, saveScreenshot, setTheme, signUpInBrowser, startLab, type Lab } from './support.js';

let lab: Lab;
const ALPHA = ['**Alpha** answers', ' first.\n\n```js\n', 'const answer = 42;\n', '```\n'];
const BETA = ['Beta', ' takes', ' its', ' time', ' and', ' answers', ' second.'];

beforeAll(async () => {
  lab = await startLab();
  const admin = await signUp(lab.api, 'arena-admin');
  await addFakeModels(lab, admin.token, [
    { name: 'fake-alpha', chunks: ALPHA },
    { name: 'fake-beta', chunks: BETA },
  ]);
});
afterAll(async () => lab?.close());
// The server's Content-Security-Policy blocks nothing the web app does.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('signs up, fights an anonymous battle with both sides streaming, votes by keyboard, reveals the models and ranks them', async () => {
  const page = await lab.browser.context.newPage();
  await page.setViewportSize({ width: 1200, height: 760 });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await signUpInBrowser(page, lab.server.url, 'ada@example.com', 'correct-horse');
  expect(new URL(page.url()).pathname).toBe('/');
  // The session is kept in localStorage: a reload stays signed in.
  await page.reload();
  await expect.poll(() => page.getByTestId('user-email').textContent()).toBe('ada@example.com');

  const prompt = page.getByTestId('prompt');
  await prompt.fill('Say hello');
  await prompt.press('Shift+Enter');
  await prompt.pressSequentially('in two languages');
  expect(await prompt.inputValue()).toBe('Say hello\nin two languages');
  await prompt.press('Enter');

  // While both sides stream, the Stop button replaces Send and the clocks tick.
  await page.getByTestId('stop').waitFor();
  const panelA = page.getByTestId('answer-model1');
  const panelB = page.getByTestId('answer-model2');
  // The server puts the two models on random sides.
  await page.getByText('const answer = 42;').waitFor();
  await page.getByText('Beta takes its time and answers second.').waitFor();
  await page.getByTestId('send').waitFor();
  // By the panels' text: the highlighted code block is split into spans, and its copy button sits beside it.
  const alphaPanel = (await panelA.textContent())?.includes('const answer = 42;') ? panelA : panelB;
  const betaPanel = alphaPanel === panelA ? panelB : panelA;
  expect(await betaPanel.textContent()).toContain('Beta takes its time');
  expect(await betaPanel.textContent()).not.toContain('const answer = 42;');
  // Markdown rendered, code highlighted.
  expect(await alphaPanel.locator('strong').first().textContent()).toBe('Alpha');
  expect(await alphaPanel.locator('code.hljs').count()).toBe(1);
  // Each side shows its own final time.
  for (const panel of [panelA, panelB]) expect(await panel.locator('.elapsed.final').textContent()).toMatch(/^\d+\.\d s$/);

  // Anonymous until the vote.
  const names = async () => [await panelA.locator('.model-name').allTextContents(), await panelB.locator('.model-name').allTextContents()].flat();
  expect(await panelA.locator('h3').textContent()).toBe('Model A');
  expect(await panelB.locator('h3').textContent()).toBe('Model B');
  expect(await names()).toEqual([]);
  expect(await page.locator('body').textContent()).not.toContain('fake-alpha');

  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('1');
  await page.getByTestId('vote-result').waitFor();
  expect(await page.getByTestId('vote-result').textContent()).toContain('A is better');
  const revealed = await names();
  expect(revealed).toEqual(alphaPanel === panelA ? ['fake-alpha', 'fake-beta'] : ['fake-beta', 'fake-alpha']);
  await saveScreenshot(page, 'arena');

  // A follow-up continues the same thread with the same two models, named now.
  await prompt.fill('And once more');
  await prompt.press('Enter');
  await expect.poll(() => page.getByTestId('round').count()).toBe(2);
  await page.getByTestId('round').nth(1).getByTestId('vote-bar').waitFor();
  expect(await page.getByTestId('round').nth(1).locator('h3').first().textContent()).toMatch(/fake-/);

  await page.getByRole('link', { name: 'Leaderboard' }).click();
  await page.getByTestId('leaderboard-table').waitFor();
  expect(await page.getByTestId('total-votes').textContent()).toBe('1');
  const rows = page.getByTestId('leaderboard-row');
  expect(await rows.count()).toBe(2);
  expect(await rows.first().locator('.model-name').textContent()).toBe(revealed[0]);
  for (const row of await rows.all()) expect(await row.getByTestId('votes').textContent()).toBe('1');
  await page.getByTestId('ci-chart').waitFor();
  await page.getByTestId('heatmap').waitFor();
  await saveScreenshot(page, 'leaderboard');

  // Elo has no confidence intervals: the chart goes, the table stays.
  await page.getByRole('radio', { name: 'Elo' }).click();
  await expect.poll(() => page.url()).toContain('method=elo');
  await expect.poll(() => page.getByTestId('ci-chart').count()).toBe(0);
  expect(await rows.count()).toBe(2);
  expect(consoleErrors).toEqual([]);
});

it('fits a 380 px screen in the dark theme without sideways scrolling', async () => {
  const page = await lab.browser.context.newPage();
  await page.setViewportSize({ width: 380, height: 760 });
  await page.goto(lab.server.url);
  await setTheme(page, 'dark');
  expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
  await page.getByTestId('prompt').fill('Compare on a phone');
  await page.getByTestId('prompt').press('Enter');
  await page.getByTestId('vote-bar').waitFor();
  await expect.poll(() => page.getByText('answers second.').count()).toBe(1);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(380);
  // Stacked, not side by side.
  const [a, b] = await Promise.all([page.getByTestId('answer-model1').boundingBox(), page.getByTestId('answer-model2').boundingBox()]);
  expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
  await saveScreenshot(page, 'arena-mobile-dark');
});
