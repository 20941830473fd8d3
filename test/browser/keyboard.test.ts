import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signUp } from '../helpers/users.js';
import { openPage, startLab, type Lab } from './support.js';

/**
 * The arena with the keyboard alone: no click, no mouse. Note for whoever adds "regenerate"
 * (issue 17, web UX): extend this test to regenerate one side and then both by keyboard, after
 * the vote below, the same way it reaches the vote buttons (Tab until focused, then Enter).
 */
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

it('signs in, plays an anonymous battle and votes with the keyboard only', async () => {
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
  await page.close();
});
