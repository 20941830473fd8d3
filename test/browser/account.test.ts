import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUp, type SignedUp } from '../helpers/users.js';
import { logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

/**
 * Accounts in the browser: the admin's users panel (disable, a one-time password reset, delete),
 * the reset link as the user meets it, the user's account page (download, change password,
 * delete), and the audit tab that saw it all.
 */
let lab: Lab;
let ursula: SignedUp;
let victor: SignedUp;

beforeAll(async () => {
  lab = await startLab();
  await signUp(lab.api, 'root');
  ursula = await signUp(lab.api, 'ursula');
  victor = await signUp(lab.api, 'victor');
  const thread = await lab.api<{ thread_id: string }>('POST', '/api/threads', { token: ursula.token, body: { title: 'Ursula’s notes' } });
  expect(thread.status).toBe(201);
});
afterAll(async () => lab?.close());
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('lets an admin disable an account, hand over a reset link and delete an account; the user resets, downloads and deletes', async () => {
  const page = await openPage(lab, 1280, 900);
  page.on('dialog', (dialog) => void dialog.accept());
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/users');
  const row = page.getByTestId('user-ursula@example.com');

  await row.getByRole('button', { name: 'Disable ursula@example.com' }).click();
  await row.getByText('disabled', { exact: true }).waitFor();
  expect((await lab.api('GET', '/api/me', { token: ursula.token })).status).toBe(401);
  await row.getByRole('button', { name: 'Enable ursula@example.com' }).click();
  await row.getByRole('button', { name: 'Disable ursula@example.com' }).waitFor();

  await row.getByRole('button', { name: 'Reset password of ursula@example.com' }).click();
  const link = (await row.getByTestId('reset-link').textContent()) ?? '';
  expect(link).toMatch(new RegExp(`^${lab.server.url}/reset#code=[A-Za-z0-9_-]{32}$`));
  await saveScreenshot(page, 'admin-users');

  const victorRow = page.getByTestId('user-victor@example.com');
  await victorRow.getByRole('button', { name: 'Delete' }).click();
  await victorRow.waitFor({ state: 'detached' });
  expect((await lab.api('GET', '/api/me', { token: victor.token })).status).toBe(401);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(link);
  await page.getByLabel('New password').fill('ursula-new-password');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByTestId('user-email').filter({ hasText: 'ursula@example.com' }).waitFor();

  await page.getByTestId('user-email').click();
  await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dualmind-account-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(fs.readFileSync((await download.path()) ?? '', 'utf8')) as { user: { email: string }; threads: Array<{ title: string }> };
  expect(exported.user.email).toBe('ursula@example.com');
  expect(exported.threads.map((thread) => thread.title)).toEqual(['Ursula’s notes']);

  await page.getByLabel('Current password').fill('ursula-new-password');
  await page.getByLabel('New password').fill('ursula-third-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed; other sessions are signed out.').waitFor();
  expect((await lab.api('POST', '/api/auth/login', { body: { email: 'ursula@example.com', password: 'ursula-third-password' } })).status).toBe(200);
  await saveScreenshot(page, 'account');

  const remove = page.getByRole('button', { name: 'Delete my account' });
  expect(await remove.isDisabled()).toBe(true);
  await page.getByLabel('Type your email to confirm').fill('ursula@example.com');
  await remove.click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  expect((await lab.api('POST', '/api/auth/login', { body: { email: 'ursula@example.com', password: 'ursula-third-password' } })).status).toBe(401);
});

it('shows the audit log, filtered by action', async () => {
  const page = await openPage(lab, 1280, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/audit');
  const log = page.getByTestId('audit-log');
  await log.getByText('users.password-reset.create').waitFor();
  await page.getByLabel('Action').fill('users.delete');
  await log.getByRole('table').getByText('1 entry').waitFor();
  expect(await log.getByText('users.update').count()).toBe(0);
  await log.getByText('Show', { exact: true }).click();
  expect(await log.locator('pre').textContent()).toContain('victor@example.com');
  await saveScreenshot(page, 'admin-audit');
});
