import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUp, type SignedUp } from '../helpers/users.js';
import { logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

let lab: Lab;
let root: SignedUp;
const PLAINTEXT = 'gsk_browserTestSecret_9f8e7d6c5b4aQ1w2';

beforeAll(async () => {
  lab = await startLab();
  root = await signUp(lab.api, 'root');
  await signUp(lab.api, 'mallory');
});
afterAll(async () => lab?.close());
// The server's Content-Security-Policy blocks nothing the web app does.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('lets an admin add a provider key and afterwards shows only its mask, never the key', async () => {
  const page = await openPage(lab, 1200, 800);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/keys');
  await page.getByTestId('admin-console').waitFor();
  await page.getByTestId('keys-groq').waitFor();

  await page.getByLabel('Provider').selectOption('groq');
  const field = page.getByLabel('API key');
  await field.fill(PLAINTEXT);
  // Visible while typing.
  expect(await field.inputValue()).toBe(PLAINTEXT);
  await page.getByRole('button', { name: 'Save key' }).click();

  await page.getByTestId('key-saved').waitFor();
  const mask = await page.getByTestId('key-saved').locator('code').textContent();
  expect(mask).toMatch(/^gsk_…\w{4}$/);
  expect(mask?.endsWith(PLAINTEXT.slice(-4))).toBe(true);
  const row = page.getByTestId('keys-groq').getByTestId('key-row');
  await row.waitFor();
  expect(await row.locator('code').textContent()).toBe(mask);
  expect(await row.getByText('healthy').count()).toBe(1);

  expect(await field.inputValue()).toBe('');
  // A string, because the test's own TypeScript has no DOM types; it runs in the page.
  const everything = await page.evaluate<string>(`[
    document.documentElement.outerHTML,
    ...[...document.querySelectorAll('input, textarea')].map((element) => element.value),
    JSON.stringify(localStorage),
    JSON.stringify(sessionStorage),
  ].join('\\n')`);
  expect(everything).not.toContain(PLAINTEXT);
  expect(everything).not.toContain(PLAINTEXT.slice(4, -4));
  await saveScreenshot(page, 'admin');

  // Disabling and re-enabling go through the health view.
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByText('inactive').waitFor();
  await row.getByRole('button', { name: 'Re-enable' }).click();
  await row.getByText('healthy').waitFor();

  // Settings are typed: a boolean is a checkbox that saves on change.
  await page.getByRole('link', { name: 'Settings' }).click();
  const signupEnabled = page.getByLabel('signup_enabled');
  expect(await signupEnabled.isChecked()).toBe(true);
  await signupEnabled.uncheck();
  await expect.poll(async () => (await lab.api<{ signup_enabled: boolean }>('GET', '/api/settings')).body.signup_enabled).toBe(false);
});

it('lets an admin set, show and clear a model’s price', async () => {
  const page = await openPage(lab, 1200, 800);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/models');
  const row = page.getByTestId('model-row').filter({ hasText: 'demo-concise' });
  await row.getByText('no price').waitFor();
  const price = async () => {
    const models = await lab.api<Array<{ model_name: string; price: unknown }>>('GET', '/api/admin/models', { token: root.token });
    return models.body.find((model) => model.model_name === 'demo-concise')?.price;
  };

  await row.getByRole('button', { name: 'Set price of demo-concise' }).click();
  const form = page.getByRole('form', { name: 'Price of demo-concise' });
  await form.getByLabel('Input / M tokens').fill('0.15');
  await form.getByLabel('Output / M tokens').fill('0.6');
  await form.getByLabel('Currency').fill('eur');
  await form.getByRole('button', { name: 'Save' }).click();
  await row.getByText(/in · .* out/).waitFor();
  expect(await price()).toMatchObject({ input_per_million: 0.15, output_per_million: 0.6, currency: 'EUR' });

  await row.getByRole('button', { name: 'Clear price of demo-concise' }).click();
  await row.getByText('no price').waitFor();
  expect(await price()).toBeNull();
});

it('keeps a non-admin out of the admin console', async () => {
  const page = await openPage(lab);
  await logInInBrowser(page, lab.server.url, 'mallory@example.com', 'password-mallory');
  expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await page.goto(`${lab.server.url}/admin/keys`);
  await page.getByTestId('forbidden').waitFor();
  expect(await page.getByTestId('admin-console').count()).toBe(0);
  expect(await page.getByLabel('API key').count()).toBe(0);
});

it('sends a signed-out visitor of the admin console to sign in', async () => {
  const visitor = await lab.browser.context.browser()!.newContext();
  try {
    const page = await visitor.newPage();
    await page.goto(`${lab.server.url}/admin`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    expect(await page.getByTestId('admin-console').count()).toBe(0);
  } finally {
    await visitor.close();
  }
});
