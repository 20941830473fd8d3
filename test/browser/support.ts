import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { apiClient } from '../helpers/testServer.js';

export interface FakeModelSpec {
  name: string;
  chunks: string[];
}

/** A running lab for one browser test file: the built server on a fresh data directory, Chromium, and optional fake models. */
export interface Lab {
  server: ServerProcess;
  browser: TestBrowser;
  api: ReturnType<typeof apiClient>;
  /** Every Content-Security-Policy violation any page of the lab reported (console or page error). */
  cspViolations: string[];
  close(): Promise<void>;
}

const CSP_MESSAGE = /content[- ]security[- ]policy/i;

/** `env` adds to the server's environment (AUTH_MODE=supabase and its settings, say). */
export async function startLab(env: Record<string, string> = {}): Promise<Lab> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-browser-'));
  // Starts on a migrated database, as a restart would; first starts have tests of their own (test/server/).
  const template = inject('pgliteDataDirTemplate');
  if (template) fs.cpSync(template, path.join(dataDir, 'pg'), { recursive: true });
  // A first start on the embedded database took 26 s on this machine under load: room for 4x that.
  const [server, browser] = await Promise.all([startServerProcess({ DATA_DIR: dataDir, DEMO_DELAY_MS: '5', ...env }, 120_000), launchBrowser()]);
  // Chromium reports what the server's CSP blocked ("Refused to apply inline style because it
  // violates the following Content Security Policy directive …") on the page's console.
  const cspViolations: string[] = [];
  browser.context.on('console', (message) => {
    if (CSP_MESSAGE.test(message.text())) cspViolations.push(`${message.page()?.url() ?? ''}: ${message.text()}`);
  });
  browser.context.on('weberror', (error) => {
    if (CSP_MESSAGE.test(error.error().message)) cspViolations.push(`${error.page()?.url() ?? ''}: ${error.error().message}`);
  });
  return {
    server,
    browser,
    api: apiClient(server.url),
    cspViolations,
    async close() {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers one FakeUpstream per model under a generic OpenAI-compatible provider, and takes the
 * offline demo models out of rotation so a battle is fought by the fake models.
 */
export async function addFakeModels(lab: Lab, adminToken: string, specs: FakeModelSpec[], chunkDelayMs = 40): Promise<FakeUpstream[]> {
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await lab.api(method, route, { token: adminToken, body });
    if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  await call('POST', '/api/admin/providers', { provider_name: 'fakeai', display_name: 'Fake AI' });
  const upstreams = await Promise.all(specs.map((spec) => FakeUpstream.start({ chunks: spec.chunks, chunkDelayMs })));
  for (const [index, spec] of specs.entries()) {
    await call('POST', '/api/admin/models', { model_name: spec.name, provider_name: 'fakeai', api_url: upstreams[index]?.baseURL });
  }
  const models = (await call('GET', '/api/admin/models')) as unknown as Array<{ model_id: string; provider_name: string }>;
  for (const model of models.filter((row) => row.provider_name === 'demo')) {
    await call('PATCH', `/api/admin/models/${model.model_id}`, { status: 'inactive' });
  }
  const close = lab.close;
  lab.close = async () => {
    await close();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
  };
  return upstreams;
}

export async function signUpInBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('user-email').filter({ hasText: email }).waitFor();
}

export async function logInInBrowser(page: Page, baseUrl: string, email: string, password: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('user-email').filter({ hasText: email }).waitFor();
}

/**
 * Screenshots go to the test output (test-results/screenshots/); with UPDATE_SCREENSHOTS=1 they
 * also replace the README's copies under docs/, so an ordinary test run leaves the tree clean.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const output = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
  fs.mkdirSync(output, { recursive: true });
  await page.screenshot({ path: path.join(output, `${name}.png`) });
  if (process.env.UPDATE_SCREENSHOTS === '1') fs.copyFileSync(path.join(output, `${name}.png`), path.join(PROJECT_ROOT, 'docs', `${name}.png`));
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate(`localStorage.setItem('dualmind.theme', ${JSON.stringify(theme)})`);
  await page.reload();
}

/** A page that fails fast: a missing element fails its step with a locator in the message, not the whole test on a timeout. */
export async function openPage(lab: Lab, width = 1200, height = 760): Promise<Page> {
  const page = await lab.browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewportSize({ width, height });
  return page;
}
