/**
 * `npm run bench:profile [pglite]`: the c=64 stored-turn load against a lab started with
 * `node --cpu-prof`, then the profile summed by function and by package (self time), the
 * flame graph's widest bars as a table. The .cpuprofile stays in the printed folder for
 * Chrome DevTools or speedscope.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgresServer } from '../test/helpers/postgresServer.js';
import { configureLab, createThreads, startLab, startUpstream } from './gateway/lab.js';
import { cpuMsByThread, runScript } from './gateway/processes.js';
import type { Scenario, TurnSamples } from './gateway/scenario.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const where = frame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith('node:') ? 'node core' : where === '' ? `(${frame.functionName || 'native'})` : 'dist (our code)');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  }
  const table = (title: string, entries: Map<string, number>, limit: number) => {
    console.log(`\n${title} (self time, ${total.toFixed(0)} ms sampled)`);
    for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  table('By package', byPackage, 25);
  table('By function', byFunction, 40);
}

const onPglite = process.argv[2] === 'pglite';
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-profile-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-profile-data-'));
const postgres = onPglite ? undefined : await startPostgresServer();
const upstreams = { fast: await startUpstream('fast'), paced: await startUpstream('paced') };
try {
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (postgres) {
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_profile');
    await admin.end();
    env.DATABASE_URL = postgres.url('bench_profile');
  }
  const lab = await startLab(env, 'node', ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  try {
    const setup = await configureLab(lab, upstreams);
    const scenario: Scenario = {
      kind: 'turns',
      concurrency: 64,
      durationMs: 5000,
      turnsPerThread: 8,
      lab: { url: lab.url, token: setup.token, modelId: setup.fastModelId, secondModelId: setup.pacedModelIds[1], threadIds: await createThreads(lab, setup.token, 2500) },
      upstream: { baseURL: upstreams.fast.baseURL, apiKey: setup.apiKeys.fast, model: 'bench-fast' },
    };
    const pid = lab.child.process.pid as number;
    const before = cpuMsByThread(pid);
    const result = await runScript<TurnSamples>('bench/gateway/loadgen.ts', scenario);
    const after = cpuMsByThread(pid);
    console.log(`${(result.lab.length / result.labSeconds).toFixed(0)} turns/s through the lab, ${(result.direct.length / result.directSeconds).toFixed(0)} calls/s direct`);
    console.log("The lab's CPU per turn, by thread:");
    for (const [name, ms] of after) {
      const perTurn = (ms - (before.get(name) ?? 0)) / result.lab.length;
      if (perTurn >= 0.01) console.log(`  ${name}: ${perTurn.toFixed(2)} ms`);
    }
  } finally {
    await lab.child.stop();
  }
  const [file] = fs.readdirSync(profileDir);
  if (!file) throw new Error('no profile written');
  summarise(path.join(profileDir, file));
  console.log(`\nProfile: ${path.join(profileDir, file)}`);
} finally {
  await Promise.all([upstreams.fast.child.stop(), upstreams.paced.child.stop()]);
  postgres?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
