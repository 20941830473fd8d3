import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PostgresServer } from '../test/helpers/postgresServer.js';
import { call, startLab, type Lab } from './gateway/lab.js';
import { cpuMs, startScript } from './gateway/processes.js';
import { median, type Figure } from './lib.js';

/** The scenario: 1,000 prompts, two models against a baseline, one judge, 200 ms answers, 32 calls per provider. */
const PROMPTS = Number(process.env.EVAL_BENCH_PROMPTS ?? 1000);
const RUNS = Number(process.env.EVAL_BENCH_RUNS ?? 3);
const CONCURRENCY = 32;
const CALL_MS = 200;
const CHATS = 40;

interface Upstream {
  stop(): Promise<void>;
  baseURL: string;
}

/** A fake upstream in its own process whose every answer takes about `CALL_MS`. */
async function upstream(chunks: string[], totalMs: number): Promise<Upstream> {
  const { child, firstLine } = await startScript('bench/gateway/upstreamProcess.ts', { chunks, chunkDelayMs: totalMs / chunks.length });
  return { stop: () => child.stop(), baseURL: (JSON.parse(firstLine) as { baseURL: string }).baseURL };
}

interface Setup {
  token: string;
  setId: string;
  models: Record<string, string>;
}

async function configure(lab: Lab, upstreams: Record<'contest' | 'judging' | 'chat', Upstream>): Promise<Setup> {
  const credentials = { email: 'bench-evals@example.com', password: 'password-bench' };
  await call(lab, 'POST', '/api/auth/signup', undefined, credentials);
  const token = (await call<{ access_token: string }>(lab, 'POST', '/api/auth/login', undefined, credentials)).access_token;
  await call(lab, 'PUT', '/api/admin/settings/eval_concurrency_per_provider', token, { value: String(CONCURRENCY) });
  await call(lab, 'PUT', '/api/admin/settings/eval_max_running_per_user', token, { value: '10' });
  const models: Record<string, string> = {};
  const served: Record<keyof typeof upstreams, string[]> = { contest: ['alpha', 'beta', 'base'], judging: ['judge'], chat: ['chat-a', 'chat-b'] };
  for (const [provider, names] of Object.entries(served) as Array<[keyof typeof upstreams, string[]]>) {
    await call(lab, 'POST', '/api/admin/providers', token, { provider_name: `bench-${provider}` });
    for (const name of names) {
      models[name] = (await call<{ model_id: string }>(lab, 'POST', '/api/admin/models', token, { model_name: name, provider_name: `bench-${provider}`, api_url: upstreams[provider].baseURL })).model_id;
    }
  }
  const prompts = Array.from({ length: PROMPTS }, (_, index) => ({ id: `p${index}`, prompt: `Benchmark question number ${index}: explain something briefly.` }));
  const set = await call<{ prompt_set_id: string }>(lab, 'POST', '/api/prompt-sets', token, { name: 'Benchmark', prompts });
  return { token, setId: set.prompt_set_id, models };
}

interface View {
  status: string;
  progress: { elapsed_ms: number; answers: { done: number; failed: number }; judgments: { done: number; failed: number } };
}

/** Starts a run; a distinct system prompt per run makes every answer fresh (nothing reused). */
async function startRun(lab: Lab, setup: Setup, label: string): Promise<string> {
  const run = await call<{ evaluation_id: string }>(lab, 'POST', '/api/evaluations', setup.token, {
    prompt_set_id: setup.setId,
    mode: 'vs_baseline',
    model_ids: [setup.models.alpha, setup.models.beta],
    baseline_model_id: setup.models.base,
    judge_model_id: setup.models.judge,
    system_prompt: label,
  });
  return run.evaluation_id;
}

async function waitDone(lab: Lab, setup: Setup, id: string): Promise<View> {
  for (;;) {
    const view = await call<View>(lab, 'GET', `/api/evaluations/${id}`, setup.token);
    if (view.status === 'done' || view.status === 'failed') {
      if (view.status === 'failed' || view.progress.answers.failed + view.progress.judgments.failed > 0) {
        const failures = lab.child.output().split('\n').filter((line) => line.includes('failed')).slice(-5);
        throw new Error(`benchmark run ${id} ended ${view.status}: ${JSON.stringify(view.progress)}\n${failures.join('\n')}`);
      }
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Wall times of `CHATS` arena turns one after another (JSON answers, two models on a quick upstream). */
async function chatLatencies(lab: Lab, setup: Setup): Promise<number[]> {
  const times: number[] = [];
  for (let turn = 0; turn < CHATS; turn++) {
    const started = performance.now();
    await call(lab, 'POST', '/api/comparisons', setup.token, { prompt: `Chat ${turn}`, model1_id: setup.models['chat-a'], model2_id: setup.models['chat-b'] });
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * The ideal wall time the concurrency allows: the judge's provider is the bottleneck (two
 * verdicts per pair and prompt, 4,000 calls at 32 at a time), plus one answer's time before the
 * first verdict can start.
 */
function idealMs(): number {
  const judgments = PROMPTS * 4;
  const answers = PROMPTS * 3;
  return (Math.max(judgments, answers) / CONCURRENCY) * CALL_MS + CALL_MS;
}

export async function evalBench(postgres: PostgresServer): Promise<{ figures: Figure[]; notes: string[] }> {
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS bench_evals');
  await admin.query('CREATE DATABASE bench_evals');
  await admin.end();
  const figures: Figure[] = [];
  const notes = [
    '### Evaluations',
    '',
    `${PROMPTS} prompts, two models against a baseline and one judge (answers on one provider, verdicts on another), fake upstreams in their own processes answering every call in about ${CALL_MS} ms, ${CONCURRENCY} calls at a time per provider. The ideal is what that concurrency allows: ${PROMPTS * 4} verdicts at ${CONCURRENCY} at a time take ${(idealMs() / 1000).toFixed(1)} s (the answers, ${PROMPTS * 3} on the other provider, run alongside). Each run answers with a new system prompt, so nothing is reused. CPU per item is the lab process's (PGlite's worker thread included) over the ${PROMPTS * 7} answers and verdicts. The chat figure: the median wall time of ${CHATS} arena turns one after another while a run goes, minus the same while idle.`,
    '',
  ];
  const targets = [
    { label: 'PostgreSQL 15', env: { DATABASE_URL: postgres.url('bench_evals') } },
    { label: 'PGlite', env: {} },
  ];
  for (const target of targets) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-bench-evals-'));
    const upstreams = {
      contest: await upstream(['A short ', 'answer ', 'to the ', 'question.'], CALL_MS),
      judging: await upstream(['My own answer first; ', 'then both: [[A>B]]'], CALL_MS),
      chat: await upstream(['Hi ', 'there.'], 20),
    };
    const lab = await startLab({ DATA_DIR: dataDir, JOBS_POLL_MS: '200', ...target.env });
    try {
      const setup = await configure(lab, upstreams);
      const pid = lab.child.process.pid as number;
      const walls: number[] = [];
      const ratios: number[] = [];
      const cpuPerItem: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const cpuBefore = cpuMs(pid);
        const id = await startRun(lab, setup, `run ${run}`);
        const view = await waitDone(lab, setup, id);
        cpuPerItem.push((cpuMs(pid) - cpuBefore) / (PROMPTS * 7));
        walls.push(view.progress.elapsed_ms / 1000);
        ratios.push(view.progress.elapsed_ms / idealMs());
      }
      const idle = median(await chatLatencies(lab, setup));
      const busyId = await startRun(lab, setup, 'with chats');
      // Under way: answers flowing and verdicts started.
      for (;;) {
        const view = await call<View>(lab, 'GET', `/api/evaluations/${busyId}`, setup.token);
        if (view.progress.judgments.done > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const busy = median(await chatLatencies(lab, setup));
      await call(lab, 'POST', `/api/evaluations/${busyId}/cancel`, setup.token);
      figures.push(
        { name: 'evaluation wall time ÷ ideal', unit: '×', runs: ratios, target: 1.3, database: target.label },
        { name: 'evaluation wall time', unit: 's', runs: walls, database: target.label },
        { name: 'lab CPU per evaluation item', unit: 'ms', runs: cpuPerItem, database: target.label },
        { name: 'arena turn p50 added while an evaluation runs', unit: 'ms', runs: [busy - idle], database: target.label },
      );
      notes.push(`- ${target.label}: arena turn p50 ${idle.toFixed(1)} ms idle, ${busy.toFixed(1)} ms while a run goes.`);
    } finally {
      await lab.child.stop();
      await Promise.all(Object.values(upstreams).map((entry) => entry.stop()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  notes.push('');
  return { figures, notes };
}
