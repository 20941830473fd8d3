import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS } from '../../src/http/limits.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { logInInBrowser, openPage, startLab, type Lab } from './support.js';

/**
 * Issue 17, finding 5: bad input never loses work. The demo models answer; two chat requests a
 * minute per user, so the third is refused by the rate limit. One lab, one page, in order.
 */
let lab: Lab;
let admin: SignedUp;
let page: Page;

beforeAll(async () => {
  lab = await startLab({ CHAT_RATE_LIMIT_PER_MINUTE: '2' });
  admin = await signUp(lab.api, 'root');
  page = await openPage(lab, 1200, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/');
});
afterAll(async () => {
  await lab?.close();
});
afterEach(() => expect(lab.cspViolations).toEqual([]));

const prompt = () => page.getByTestId('prompt');

it('renders a long prompt collapsed, with a button that shows it whole', async () => {
  const long = Array.from({ length: 40 }, (_, line) => `Line ${line}: ${'words '.repeat(12)}`).join('\n');
  await prompt().fill(long);
  await page.getByTestId('send').click();
  // Once answered, the battle moves to its own URL and is read back from the server.
  await page.waitForURL('**/arena/*');
  await page.getByTestId('vote-bar').waitFor();
  const bubble = page.getByTestId('prompt-bubble');
  const toggle = bubble.getByRole('button', { name: `Show the whole prompt (${long.length.toLocaleString('en')} characters)` });
  await toggle.waitFor();
  expect(await bubble.textContent()).not.toContain('Line 39');
  const collapsed = (await bubble.boundingBox())?.height ?? Infinity;
  expect(collapsed).toBeLessThan(300);
  await toggle.click();
  expect(await bubble.textContent()).toContain('Line 39');
  expect(collapsed).toBeLessThan(((await bubble.boundingBox())?.height ?? 0) / 3);
  expect(await bubble.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
});

it('keeps a prompt the body limit refuses in the box and says so in words', async () => {
  // JSON writes each control character as six bytes: within max_prompt_chars, beyond 1 MiB.
  await lab.api('PUT', '/api/admin/settings/max_prompt_chars', { token: admin.token, body: { value: String(MAX_PROMPT_CHARS) } });
  await expect.poll(async () => (await lab.api<{ max_prompt_chars: number }>('GET', '/api/settings')).body.max_prompt_chars).toBe(MAX_PROMPT_CHARS);
  // A fresh arena (the last battle lives at its own URL now), read with the new limit.
  await page.goto(`${lab.server.url}/`);
  const heavy = `x${'\u0001'.repeat(200_000)}`;
  await prompt().fill(heavy);
  await page.getByTestId('send').click();
  const notice = page.getByTestId('error-notice');
  expect(await notice.textContent()).toContain('This is too large to send (at most 1 MiB per request). Shorten the text and try again');
  expect((await prompt().inputValue()).length).toBe(heavy.length);
  // Not retryable as it is: no Retry button.
  expect(await notice.getByRole('button').count()).toBe(0);
  expect(await page.getByTestId('round').count()).toBe(0);
});

it('keeps a rate-limited prompt in the box with the time to wait and a Retry button that waits it out', async () => {
  await prompt().fill('Second battle of the minute');
  await page.getByTestId('send').click();
  await page.getByTestId('round').waitFor();
  await page.getByTestId('vote-bar').waitFor();
  await page.getByTestId('new-round').click();

  await prompt().fill('Third battle of the minute');
  await page.getByTestId('send').click();
  const notice = page.getByTestId('error-notice');
  expect(await notice.textContent()).toMatch(/^Too many chat requests; slow down a little\. You can try again in \d+ s\./);
  expect(await notice.textContent()).not.toMatch(/\b0(\.0)? s\b/);
  expect(await prompt().inputValue()).toBe('Third battle of the minute');
  const retry = notice.getByRole('button', { name: /^Retry in \d+ s$/ });
  expect(await retry.isDisabled()).toBe(true);
});

it('never offers the same model on both sides', async () => {
  await page.getByRole('radio', { name: 'Choose models' }).click();
  const first = await page.getByLabel('Model A').inputValue();
  const mirrored = page.getByLabel('Model B').locator(`option[value="${first}"]`);
  expect(await mirrored.isDisabled()).toBe(true);
  expect(await page.getByLabel('Model B').inputValue()).not.toBe(first);
});
