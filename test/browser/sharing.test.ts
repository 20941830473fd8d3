import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUp } from '../helpers/users.js';
import { addFakeModels, logInInBrowser, openPage, startLab, type Lab } from './support.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
  const admin = await signUp(lab.api, 'share-admin');
  await addFakeModels(lab, admin.token, [{ name: 'fake-solo', chunks: ['A *shared*', ' answer', ' from solo.'] }], 10);
  await signUp(lab.api, 'grace');
});
afterAll(async () => lab?.close());
// The server's Content-Security-Policy blocks nothing the web app does.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('chats in a thread, renames it, shares it by link, and the link opens read-only signed out until made private', async () => {
  const page = await openPage(lab);
  await logInInBrowser(page, lab.server.url, 'grace@example.com', 'password-grace', '/chat');
  expect(new URL(page.url()).pathname).toBe('/chat');

  await page.getByLabel('Model').selectOption({ label: 'fake-solo · fakeai' });
  await page.getByTestId('prompt').fill('Tell me something shareable');
  await page.getByTestId('prompt').press('Enter');
  await page.getByTestId('answer-single').getByText('A shared answer from solo.').waitFor();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/chat\/[0-9a-f-]{36}$/);
  await page.getByTestId('thread-list').getByText('Tell me something shareable').waitFor();

  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Title').fill('Shareable facts');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Shareable facts' }).waitFor();

  // A follow-up continues the same thread.
  await page.getByTestId('prompt').fill('One more');
  await page.getByTestId('prompt').press('Enter');
  await expect.poll(() => page.getByTestId('chat-turn').count()).toBe(2);

  expect(await page.getByTestId('share-url').count()).toBe(0);
  await page.getByLabel('Visibility').selectOption('unlisted');
  const shareUrl = await page.getByTestId('share-url').inputValue();
  const threadId = new URL(page.url()).pathname.split('/').at(-1);
  expect(shareUrl).toBe(`${lab.server.url}/s/${threadId}`);

  const visitor = await lab.browser.context.browser()!.newContext();
  const signedOut = await visitor.newPage();
  try {
    await signedOut.goto(shareUrl);
    await signedOut.getByTestId('shared-thread').waitFor();
    expect(await signedOut.getByRole('heading', { level: 1 }).textContent()).toBe('Shareable facts');
    expect(await signedOut.getByText('Tell me something shareable').count()).toBe(1);
    expect(await signedOut.locator('em', { hasText: 'shared' }).count()).toBe(2);
    expect(await signedOut.getByTestId('chat-turn').count()).toBe(2);
    expect(await signedOut.getByRole('button', { name: 'Rename' }).count()).toBe(0);
    expect(await signedOut.getByRole('link', { name: 'Sign in' }).count()).toBe(1);

    await page.getByLabel('Visibility').selectOption('private');
    await expect.poll(() => page.getByTestId('share-url').count()).toBe(0);
    await signedOut.reload();
    await signedOut.getByTestId('shared-missing').waitFor();
  } finally {
    await visitor.close();
  }

  await page.getByLabel('Visibility').selectOption('public');
  await page.goto(`${lab.server.url}/gallery`);
  await page.getByRole('link', { name: /Shareable facts/ }).click();
  await page.getByTestId('shared-thread').waitFor();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.goto(`${lab.server.url}/chat/${threadId}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/chat');
  await expect.poll(() => page.getByText('No conversations yet.').count()).toBe(1);
});
