import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { signUp } from '../helpers/users.js';
import { seriousViolations } from './axe.js';
import { logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
  await signUp(lab.api, 'root');
}, 150_000);
afterAll(async () => lab?.close());
// Swagger UI runs under the lab's own Content-Security-Policy: no inline script, nothing from a CDN.
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('renders the OpenAPI document at /api/docs from this origin, reached from the admin console', async () => {
  const page = await openPage(lab, 1200, 900);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/admin');
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.waitForURL(`${lab.server.url}/api/docs`);

  expect(await page.title()).toBe('DualMind Lab API');
  const operations = page.locator('.opblock-summary');
  await page.locator('#operations-chat-post_api_comparisons').waitFor();
  for (const [method, path] of [
    ['POST', '/api/comparisons'],
    ['GET', '/api/leaderboard'],
    ['PATCH', '/api/admin/keys/{key_id}'],
    ['GET', '/api/docs'],
  ] as const) {
    const operation = operations.filter({ has: page.locator('.opblock-summary-method', { hasText: new RegExp(`^${method}$`) }) }).filter({ has: page.locator(`[data-path="${path}"]`) });
    expect(await operation.count(), `${method} ${path}`).toBe(1);
  }

  // One operation opened: its request body and answers are rendered from the schemas.
  const comparisons = page.locator('#operations-chat-post_api_comparisons');
  await comparisons.locator('.opblock-summary-control').click();
  await comparisons.locator('.opblock-section-request-body').getByText('"model1_id"').waitFor();
  await comparisons.locator('.responses-table').getByText('Server-sent events').waitFor();
  expect(await comparisons.locator('.responses-table').innerText()).toContain('"event": "meta"');
  await saveScreenshot(page, 'api-docs');

  const origins = new Set(requested.map((url) => new URL(url).origin));
  expect([...origins]).toEqual([lab.server.url]);
});

it('serves only the reference’s own files under /api/docs/', async () => {
  for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css', 'docs.js']) {
    const response = await fetch(`${lab.server.url}/api/docs/${name}`);
    expect(response.status, name).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    await response.arrayBuffer();
  }
  for (const name of ['package.json', 'index.html', '..%2F..%2Fpackage.json', '__proto__', 'constructor']) {
    const response = await fetch(`${lab.server.url}/api/docs/${name}`);
    expect(response.status, name).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }
});

/**
 * Swagger UI takes seconds per opened operation here (a fully opened reference took minutes), so
 * axe reads one operation of each tag and method: every kind of block it renders (parameters,
 * enum selects, request bodies, answers, examples, each method's colours).
 */
it('has no serious or critical axe violation with an operation of each tag and method opened', async () => {
  const page = await openPage(lab, 1280, 800);
  await page.goto(`${lab.server.url}/api/docs`);
  await page.locator('.opblock-summary-control').first().waitFor();
  const opened = await page.evaluate(`(() => {
    const picked = new Map();
    document.querySelectorAll('.opblock-tag-section').forEach((section, tag) => {
      section.querySelectorAll('.opblock').forEach((block) => {
        const method = [...block.classList].find((name) => /^opblock-(get|post|put|patch|delete)$/.test(name));
        if (!picked.has(tag + method)) picked.set(tag + method, block);
      });
    });
    picked.forEach((block) => block.querySelector('.opblock-summary-control').click());
    return picked.size;
  })()`);
  expect(opened).toBeGreaterThanOrEqual(20);
  await expect.poll(() => page.locator('.opblock-body').count(), { timeout: 120_000 }).toBe(opened);
  await page.waitForLoadState('networkidle');
  for (const [kind, selector] of [
    ['a request body', '.opblock-body .opblock-section-request-body'],
    ['a path parameter', '.opblock-body tr[data-param-in="path"]'],
    ['a query parameter', '.opblock-body tr[data-param-in="query"]'],
    ['an enum parameter', '.opblock-body tr[data-param-name] select'],
    ['an example answer', '.opblock-body .responses-table .highlight-code'],
  ] as const) {
    expect(await page.locator(selector).count(), kind).toBeGreaterThan(0);
  }
  expect(await seriousViolations(page)).toEqual([]);
}, 300_000);
