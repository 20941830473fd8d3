import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { signUp } from '../helpers/users.js';
import { addModels, contestantReply, judges } from '../evaluations/support.js';
import { seriousViolations } from './axe.js';
import { logInInBrowser, openPage, saveScreenshot, startLab, type Lab } from './support.js';

let lab: Lab;
let contestants: FakeUpstream;
let judge: FakeUpstream;
const PROMPTS = 6;

beforeAll(async () => {
  lab = await startLab({ JOBS_POLL_MS: '200' });
  const root = await signUp(lab.api, 'root');
  // Answers and verdicts take a little while (three chunks 60 ms apart), so the bars move.
  contestants = await FakeUpstream.start({ reply: contestantReply, chunkDelayMs: 60 });
  judge = await FakeUpstream.start({ reply: judges.prefers('alpha'), chunkDelayMs: 60 });
  await addModels(lab.api, root.token, 'contest', contestants.baseURL, ['alpha', 'beta', 'base']);
  await addModels(lab.api, root.token, 'judging', judge.baseURL, ['judge']);
});
afterAll(async () => {
  await lab?.close();
  await Promise.all([contestants?.close(), judge?.close()]);
});
afterEach(() => expect(lab.cspViolations).toEqual([]));

it('imports a prompt set, starts a run, shows the progress bars reach the end, and opens a drill-down', async () => {
  const page = await openPage(lab, 1280, 900);
  await logInInBrowser(page, lab.server.url, 'root@example.com', 'password-root', '/evaluations');
  await page.getByRole('heading', { name: 'Evaluations', level: 1 }).waitFor();

  // A bad file first: the server's message names the line and the field, and nothing is listed.
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"prompt": "fine"}\n{"prompt": ""}\n') });
  await page.getByRole('button', { name: 'Import' }).click();
  expect(await page.getByTestId('import-error').textContent()).toBe('Line 2: prompt: must not be blank.');
  expect(await page.getByTestId('prompt-set').count()).toBe(0);

  const lines = Array.from({ length: PROMPTS }, (_, index) => JSON.stringify({ id: `b${index + 1}`, prompt: `Browser question ${index + 1}?`, category: index % 2 ? 'odd' : 'even' }));
  await page.getByTestId('import-file').setInputFiles({ name: 'questions.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
  await page.getByLabel('Name', { exact: true }).first().fill('Browser questions');
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('prompt-set').filter({ hasText: 'Browser questions' }).waitFor();

  // A judge prompt of our own, copied from the built-in one, then edited into a second version.
  await page.getByRole('button', { name: 'Copy Pairwise judge (Arena-Hard style) into a new judge prompt' }).click();
  await page.getByTestId('judge-prompt-name').fill('Strict judge');
  await page.getByTestId('judge-prompt-save').click();
  await page.getByRole('button', { name: 'Edit Strict judge' }).click();
  const system = page.getByLabel('System prompt');
  await system.fill(`${await system.inputValue()} Be strict.`);
  await page.getByTestId('judge-prompt-save').click();
  await page.getByTestId('judge-prompt').filter({ hasText: 'Strict judge' }).filter({ hasText: 'version 2' }).waitFor();

  // Axe on the page as it stands, the judge prompt form open (the run page is checked below).
  await page.getByRole('button', { name: 'Edit Strict judge' }).click();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('run-set').selectOption({ label: `Browser questions (${PROMPTS} prompts, v1)` });
  await page.getByRole('checkbox', { name: /alpha/ }).check();
  await page.getByRole('checkbox', { name: /beta/ }).check();
  await page.getByTestId('run-baseline').selectOption({ label: 'base' });
  await page.getByTestId('run-judge').selectOption({ label: 'judge' });
  await page.getByTestId('run-judge-prompt').selectOption({ label: 'Strict judge (v2)' });
  await page.getByLabel('Name (optional)').fill('Browser run');
  await page.getByTestId('run-start').click();

  await page.getByRole('heading', { name: 'Browser run' }).waitFor();
  // The bars fill as the event stream reports progress, to the end.
  const answers = page.getByRole('progressbar', { name: /^Answers: / });
  const judgments = page.getByRole('progressbar', { name: /^Judgments: / });
  await page.getByTestId('run-status').filter({ hasText: 'Done' }).waitFor({ timeout: 120_000 });
  expect(await answers.getAttribute('aria-label')).toBe(`Answers: ${PROMPTS * 3} of ${PROMPTS * 3}`);
  expect(await judgments.getAttribute('aria-label')).toBe(`Judgments: ${PROMPTS * 4} of ${PROMPTS * 4}`);
  expect(await page.getByTestId('judgments-count').textContent()).toBe(`${PROMPTS * 4} / ${PROMPTS * 4}`);
  // While it ran the line read "Running for … · ETA …"; once done, the time it took and the tokens.
  expect(await page.getByTestId('eta').textContent()).toMatch(/^Ran for \d+ s · \d+ tokens/);

  const alpha = page.getByTestId('eval-result-row').filter({ hasText: 'alpha' });
  expect(await alpha.getByTestId('win-rate').textContent()).toMatch(/^100\.0%/);
  // The judge was asked with the edited version.
  expect(judge.requests.length).toBe(PROMPTS * 4);
  for (const request of judge.requests) expect(request.messages[0]?.content).toMatch(/Be strict\.$/);
  // The style-controlled chance of beating the baseline, with the rating and its interval.
  expect(await alpha.getByTestId('style-controlled').textContent()).toMatch(/^\d+\.\d% · \d+ \d+–\d+$/);
  expect(await page.getByTestId('flip-rate').textContent()).toContain('0.0%');

  // Drill-down: a prompt with both answers side by side and both verdicts with the reasoning.
  const first = page.getByTestId('drill-prompt').first();
  await first.locator('summary').first().click();
  await first.getByText('Browser question 1?').last().waitFor();
  expect(await first.getByTestId('drill-answer').count()).toBe(4);
  const verdicts = first.getByTestId('drill-verdict');
  expect(await verdicts.count()).toBe(4);
  await verdicts.first().locator('summary').click();
  await verdicts.first().getByText('Reasoning about both.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, 'evaluations');
});
