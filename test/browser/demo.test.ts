import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUpInBrowser, startLab, type Lab } from './support.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());
// The server's Content-Security-Policy blocks nothing the web app does.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('runs a battle on a fresh lab with no API key, between the offline demo models', async () => {
  const page = await lab.browser.context.newPage();
  await signUpInBrowser(page, lab.server.url, 'first@example.com', 'first-password');
  const prompt = page.getByTestId('prompt');
  await prompt.fill('What can this lab do?');
  await prompt.press('Enter');
  for (const side of ['answer-model1', 'answer-model2']) {
    await page.getByTestId(side).getByText('offline demo model', { exact: false }).waitFor();
  }
  // The answers' first words arrive before the turn ends; the bar (and keys 1–4) only after.
  await page.getByTestId('vote-bar').waitFor();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('3');
  await page.getByTestId('vote-result').waitFor();
  const names = [await page.getByTestId('answer-model1').locator('.model-name').textContent(), await page.getByTestId('answer-model2').locator('.model-name').textContent()];
  expect(names.sort()).toEqual(['demo-concise', 'demo-detailed']);
});
