import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { signUp, type SignedUp } from '../helpers/users.js';
import { logInInBrowser, openPage, startLab, type Lab } from './support.js';

let lab: Lab;
let upstream: FakeUpstream;
let admin: SignedUp;

beforeAll(async () => {
  [lab, upstream] = await Promise.all([startLab(), FakeUpstream.start({ models: ['lm-alpha', 'lm-beta'] })]);
  admin = await signUp(lab.api, 'root');
  // A generic OpenAI-compatible provider with no base URL yet, as a newcomer creates it.
  await lab.api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'local' } });
});
afterAll(async () => {
  await lab?.close();
  await upstream?.close();
});
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('discovers a generic provider’s models at a typed URL and saves them with that URL, usable at once', async () => {
  const page = await openPage(lab, 1200, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/models');
  await page.getByLabel('Provider', { exact: true }).first().waitFor();
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Discover models' }) });
  await card.getByLabel('Provider').selectOption('local');
  await card.getByLabel('API base URL').fill(upstream.baseURL);
  await card.getByRole('button', { name: 'List its models' }).click();
  await card.getByText('lm-alpha').waitFor();
  await card.getByRole('listitem').filter({ hasText: 'lm-alpha' }).getByRole('button', { name: 'Add' }).click();
  await card.getByRole('listitem').filter({ hasText: 'lm-alpha' }).getByText('registered').waitFor();

  const models = await lab.api<Array<{ model_name: string; api_url: string | null; status: string }>>('GET', '/api/admin/models', { token: admin.token });
  expect(models.body.find((model) => model.model_name === 'lm-alpha')).toMatchObject({ api_url: upstream.baseURL, status: 'active' });
  const offered = await lab.api<Array<{ model_name: string }>>('GET', '/api/models');
  expect(offered.body.map((model) => model.model_name)).toContain('lm-alpha');

  // Saving the URL as the provider's base URL: later models need no URL of their own.
  await card.getByRole('button', { name: 'Save as the provider’s base URL' }).click();
  await expect
    .poll(async () => (await lab.api<Array<{ provider_name: string; base_url: string | null }>>('GET', '/api/admin/providers', { token: admin.token })).body.find((row) => row.provider_name === 'local')?.base_url)
    .toBe(upstream.baseURL);
  await card.getByRole('button', { name: 'List its models' }).click();
  await card.getByRole('listitem').filter({ hasText: 'lm-beta' }).getByRole('button', { name: 'Add' }).click();
  await card.getByRole('listitem').filter({ hasText: 'lm-beta' }).getByText('registered').waitFor();
  const beta = (await lab.api<Array<{ model_name: string; api_url: string | null }>>('GET', '/api/admin/models', { token: admin.token })).body.find((model) => model.model_name === 'lm-beta');
  expect(beta?.api_url).toBeNull();
  expect((await lab.api<Array<{ model_name: string }>>('GET', '/api/models')).body.map((model) => model.model_name)).toContain('lm-beta');
});

it('makes an invite link in the admin console, and a newcomer signs up with it while sign-up is invite-only', async () => {
  await lab.api('PUT', '/api/admin/settings/signup_invite_only', { token: admin.token, body: { value: 'true' } });
  const page = await openPage(lab, 1200, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin/users');
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Invites' }) });
  await card.getByLabel('For (optional)').fill('Grace');
  await card.getByRole('button', { name: 'Create invite' }).click();
  const link = (await card.getByTestId('invite-link').locator('code').textContent()) ?? '';
  expect(link).toMatch(/\/signup\?invite=[\w-]{22}$/);
  await card.getByTestId('invite-row').filter({ hasText: 'Grace' }).getByText('active').waitFor();

  // The newcomer: no session, the link opens sign-up with the code filled in.
  await page.evaluate('localStorage.clear()');
  await page.goto(link);
  expect(await page.getByLabel('Invite code').inputValue()).toBe(new URL(link).searchParams.get('invite'));
  await page.getByLabel('Email').fill('grace@example.com');
  await page.getByLabel('Password').fill('password-grace');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('user-email').filter({ hasText: 'grace@example.com' }).waitFor();

  const invites = await lab.api<Array<{ note: string; status: string; uses: number }>>('GET', '/api/admin/invites', { token: admin.token });
  expect(invites.body.find((invite) => invite.note === 'Grace')).toMatchObject({ status: 'used_up', uses: 1 });
});
