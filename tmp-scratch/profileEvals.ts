import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgresServer } from '../test/helpers/postgresServer.js';
import { startLab } from '../bench/gateway/lab.js';
import { cpuMs, startScript } from '../bench/gateway/processes.js';

const PROMPTS = Number(process.argv[2] ?? 300);
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evals-prof-'));
const postgres = await startPostgresServer();
const admin = new pg.Client({ connectionString: postgres.url() });
await admin.connect(); await admin.query('CREATE DATABASE prof'); await admin.end();
const up = async (chunks: string[], ms: number) => { const { child, firstLine } = await startScript('bench/gateway/upstreamProcess.ts', { chunks, chunkDelayMs: ms / chunks.length }); return { child, baseURL: JSON.parse(firstLine).baseURL as string }; };
const contest = await up(['A short ', 'answer ', 'to the ', 'question.'], 200);
const judging = await up(['My own answer first; ', 'then both: [[A>B]]'], 200);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evals-prof-data-'));
const lab = await startLab({ DATA_DIR: dataDir, JOBS_POLL_MS: '200', ...(process.env.PGLITE ? {} : { DATABASE_URL: postgres.url('prof') }) }, 'node', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
const call = async (method: string, route: string, token?: string, body?: unknown) => { const r = await fetch(`${lab.url}${route}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }); const t = await r.text(); if (!r.ok) throw new Error(`${route} ${r.status} ${t}`); return t ? JSON.parse(t) : undefined; };
await call('POST', '/api/auth/signup', undefined, { email: 'p@example.com', password: 'password-p' });
const token = (await call('POST', '/api/auth/login', undefined, { email: 'p@example.com', password: 'password-p' })).access_token;
await call('PUT', '/api/admin/settings/eval_concurrency_per_provider', token, { value: '32' });
const models: Record<string, string> = {};
for (const [prov, url, names] of [['c', contest.baseURL, ['alpha', 'beta', 'base']], ['j', judging.baseURL, ['judge']]] as const) {
  await call('POST', '/api/admin/providers', token, { provider_name: prov });
  for (const n of names) models[n] = (await call('POST', '/api/admin/models', token, { model_name: n, provider_name: prov, api_url: url })).model_id;
}
const set = await call('POST', '/api/prompt-sets', token, { name: 'p', prompts: Array.from({ length: PROMPTS }, (_, i) => ({ prompt: `Q ${i}` })) });
const pid = lab.child.process.pid as number;
const cpu0 = cpuMs(pid); const t0 = performance.now();
const run = await call('POST', '/api/evaluations', token, { prompt_set_id: set.prompt_set_id, mode: 'vs_baseline', model_ids: [models.alpha, models.beta], baseline_model_id: models.base, judge_model_id: models.judge });
for (;;) { const v = await call('GET', `/api/evaluations/${run.evaluation_id}`, token); if (v.status !== 'running' && v.status !== 'queued') { console.log(v.status, JSON.stringify(v.progress)); break; } await new Promise((r) => setTimeout(r, 500)); }
console.log(JSON.stringify({ wall_ms: Math.round(performance.now() - t0), cpu_per_item_ms: ((cpuMs(pid) - cpu0) / (PROMPTS * 7)).toFixed(2) }));
const out = lab.child.output().split('\n').filter((l) => l.includes('failed') || l.includes('error')); console.log(out.slice(0, 12).join('\n')); console.log('failure lines', out.length);
await lab.child.stop(); await contest.child.stop(); await judging.child.stop(); postgres.stop();
const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
console.log('profile', file && path.join(profDir, file));
