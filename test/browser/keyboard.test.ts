import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signUp } from '../helpers/users.js';
import { openPage, startLab, type Lab } from './support.js';

/** The arena with the keyboard alone: no click, no mouse. */
let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
  await signUp(lab.api, 'keys');
}, 150_000);
afterAll(async () => lab?.close());
afterEach(() => expect(lab.cspViolations).toEqual([]));

const focused = (page: Page) =>
  page.evaluate<string>(`(() => { const element = document.activeElement; return element ? element.outerHTML.slice(0, 120) : 'nothing'; })()`);

/** Presses Tab until the focused element matches `selector`; fails naming where the focus went instead. */
async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  const trail: string[] = [];
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    trail.push(await focused(page));
  }
  throw new Error(`${selector} not reached in ${limit} presses of Tab; the focus went to:\n${trail.join('\n')}`);
}

it('signs in, plays an anonymous battle, votes on every turn and regenerates with the keyboard only', async () => {
  const page = await openPage(lab);
  await page.goto(`${lab.server.url}/login?next=/`);
  await tabTo(page, '#email');
  await page.keyboard.type('keys@example.com');
  await tabTo(page, '#password');
  await page.keyboard.type('password-keys');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${lab.server.url}/`);
  await page.getByTestId('user-email').waitFor();

  // On a fresh load the first stop is the skip link; it moves the focus past the header.
  await page.goto(`${lab.server.url}/`);
  await page.getByTestId('prompt').waitFor();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toContain('Skip to content');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-testid="prompt"]');
  await page.keyboard.type('Which is larger, 2^10 or 10^3?');
  await page.keyboard.press('Enter');

  await page.getByTestId('vote-bar').waitFor();
  await tabTo(page, '[data-testid="vote-bar"] button');
  expect(await focused(page)).toContain('A is better');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toContain('B is better');
  await page.keyboard.press('Enter');

  await page.getByTestId('vote-result').filter({ hasText: 'B is better' }).waitFor();
  // The anonymous pair is revealed: both sides now name their model.
  const names = await page.locator('[data-testid^="answer-model"] .model-name').allTextContents();
  expect(names.sort()).toEqual(['demo-concise', 'demo-detailed']);

  // Regenerate side B: a new turn with a vote bar of its own, voted from the keyboard too.
  const round = (n: number) => `[data-testid="round"]:nth-of-type(${n})`;
  await tabTo(page, `${round(1)} [data-testid="regenerate-model2"]`, 80);
  await page.keyboard.press('Enter');
  await page.locator(`${round(2)} [data-testid="vote-bar"]`).waitFor();
  await tabTo(page, `${round(2)} [data-testid="vote-bar"] button`, 80);
  expect(await focused(page)).toContain('A is better');
  await page.keyboard.press('Enter');
  await page.locator(`${round(2)} [data-testid="vote-result"]`).waitFor();

  // Regenerate both, then vote with the shortcut key 3 (a tie) while a button has the focus.
  await tabTo(page, `${round(2)} [data-testid="regenerate-both"]`, 80);
  await page.keyboard.press('Enter');
  await page.locator(`${round(3)} [data-testid="vote-bar"]`).waitFor();
  await tabTo(page, `${round(3)} button`, 80);
  await page.keyboard.press('3');
  await page.locator(`${round(3)} [data-testid="vote-result"]`).filter({ hasText: 'Tie' }).waitFor();
  expect(await page.getByTestId('vote-result').allTextContents()).toEqual([expect.stringContaining('B is better'), expect.stringContaining('A is better'), expect.stringContaining('Tie')]);
  expect(await page.getByTestId('vote-bar').count()).toBe(0);
  await page.close();
});
