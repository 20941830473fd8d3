import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signUp, type SignedUp } from '../helpers/users.js';
import { seriousViolations } from './axe.js';
import { logInInBrowser, openPage, setTheme, startLab, type Lab } from './support.js';

/**
 * axe-core on every page of the web app (and the API reference), in both themes, on a phone
 * and a desktop: no serious or critical violation. Admin tabs are read from the console's own
 * navigation, so a tab added later is checked too.
 */
let lab: Lab;
let admin: SignedUp;
let threadId: string;
let battleThreadId: string;

beforeAll(async () => {
  lab = await startLab();
  admin = await signUp(lab.api, 'root');
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const response = await lab.api<T>(method, path, { token: admin.token, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  // Something on every page: a voted battle (leaderboard), a chat thread, published (gallery, shared page).
  const models = await call<Array<{ model_id: string }>>('GET', '/api/models');
  const battle = await call<{ comparison_id: string; thread_id: string }>('POST', '/api/comparisons', { prompt: 'Explain recursion with a short example.', model1_id: models[0]?.model_id, model2_id: models[1]?.model_id });
  await call('POST', `/api/comparisons/${battle.comparison_id}/vote`, { winner: 'model1' });
  // A follow-up left unvoted: the arena page shows a vote result and a vote bar.
  battleThreadId = battle.thread_id;
  await call('POST', '/api/comparisons', { prompt: 'And in one sentence?', model1_id: models[0]?.model_id, model2_id: models[1]?.model_id, thread_id: battleThreadId });
  threadId = (await call<{ thread_id: string }>('POST', '/api/threads', { title: 'Accessible thread', visibility: 'public' })).thread_id;
  await call('POST', `/api/threads/${threadId}/messages`, { prompt: 'Write a haiku about keyboards.', model_id: models[0]?.model_id });
}, 150_000);
afterAll(async () => lab?.close());
afterEach(() => expect(lab.cspViolations).toEqual([]));

/** Waits until the page has settled: no request in flight, nothing loading. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading, [aria-busy="true"]').count()).toBe(0);
}

async function audit(page: Page, path: string, found: string[]): Promise<void> {
  await page.goto(`${lab.server.url}${path}`);
  await settle(page);
  for (const line of await seriousViolations(page)) found.push(`${path}: ${line}`);
}

describe.each([
  ['light', 1280],
  ['dark', 1280],
  ['light', 380],
  ['dark', 380],
] as const)('axe, %s theme, %i px wide', (theme, width) => {
  it('finds no serious or critical violation on any page', async () => {
    const page = await openPage(lab, width, 800);
    const found: string[] = [];
    // Signed out first: the sign-in pages, the 404, the shared thread and the gallery as a visitor sees them.
    await page.goto(`${lab.server.url}/`);
    await setTheme(page, theme);
    for (const path of ['/', '/login', '/signup', '/gallery', `/s/${threadId}`, '/leaderboard', '/no-such-page']) await audit(page, path, found);
    // The API reference has one look whatever the app's theme: audited once per width (with its
    // operations opened in test/browser/apiDocs.test.ts).
    if (theme === 'light') await audit(page, '/api/docs', found);

    // The header shows who is signed in only on wider screens: sign in there, then come back.
    await page.setViewportSize({ width: 1280, height: 800 });
    await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root');
    await page.setViewportSize({ width, height: 800 });
    for (const path of ['/', `/arena/${battleThreadId}`, '/chat', `/chat/${threadId}`, '/leaderboard', '/admin']) await audit(page, path, found);
    const tabs = await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    for (const tab of tabs) await audit(page, tab, found);

    await page.close();
    expect(found).toEqual([]);
  }, 600_000);
});
