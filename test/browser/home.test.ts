import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-browser-'));
let server: ServerProcess;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({ DATA_DIR: dataDir }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('renders the home page in Chromium and reports the server ready', async () => {
  const page = await browser.context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(server.url);
  await expect.poll(() => page.title()).toBe('DualMind Lab');
  await page.getByTestId('server-status').filter({ hasText: 'Ready' }).waitFor({ timeout: 10_000 });
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('DualMind Lab');
  expect(consoleErrors).toEqual([]);
});
