/**
 * Where the time goes: the c=64 stored-turn load, then 500 dual-chat streams, against a lab
 * started with `--inspect`, each profiled over its load only (the Chrome DevTools protocol's
 * Profiler) and summed by package and by function (self time), the flame graph's widest bars as
 * a table. The CPU each thread of the lab used comes from /proc. `npm run bench -- profile`
 * prints it alone and keeps the .cpuprofile files for Chrome DevTools or speedscope.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { WebSocket } from 'undici';
import type { PostgresServer } from '../test/helpers/postgresServer.js';
import { configureLab, createThreads, startLab, startUpstreams, stopUpstreams, type Lab } from './gateway/lab.js';
import { cpuMsByThread, freePort, runScript } from './gateway/processes.js';
import type { DualResult, Scenario, TurnSamples } from './gateway/scenario.js';
import type { Figure } from './lib.js';

const CONCURRENCY = 64;
const DURATION_MS = 10_000;
const DUAL_STREAMS = 500;
const DUAL_ROUNDS = 2;
const CHUNKS = 64;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A minimal Chrome DevTools protocol client: enough to start and stop the V8 profiler. */
async function inspectorOf(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  if (!target) throw new Error('no inspector target');
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 0;
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++nextId;
      const onMessage = (event: { data: unknown }) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== id) return;
        socket.removeEventListener('message', onMessage);
        resolve(message.result ?? {});
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

function packageOf(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return `(${frame.functionName || 'native'})`;
  const found = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1];
  if (found) return found;
  if (frame.url.startsWith('node:internal/deps/undici')) return 'node core: fetch (undici)';
  if (frame.url.startsWith('node:internal/webstreams') || frame.url.includes('js_transferable')) return 'node core: web streams';
  if (frame.url.startsWith('node:')) return 'node core: other';
  return 'our code (dist/)';
}

/** Self time by package and by function, as shares of the time the main thread was not idle. */
function summarise(profile: Profile): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    if (frame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    busy += ms;
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + ms);
    const where = frame.url.replace(/^file:\/\/.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
    const name = `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });
  const rows = (entries: Map<string, number>, limit: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => `| ${name.replaceAll('|', '\\|')} | ${((100 * ms) / busy).toFixed(1)}% |`);
  return [
    '',
    '| package (self time) | share of busy time |',
    '|---|---|',
    ...rows(byPackage, 14),
    '',
    '| function (self time) | share of busy time |',
    '|---|---|',
    ...rows(byFunction, 12),
  ];
}

/** Runs `load` with the V8 profiler on, over the inspector; also the CPU each lab thread used meanwhile. */
async function profiled<T>(lab: Lab, inspectPort: number, name: string, keepProfile: boolean, load: () => Promise<T>) {
  const inspector = await inspectorOf(inspectPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 200 });
  const pid = lab.child.process.pid as number;
  const before = cpuMsByThread(pid);
  await inspector.send('Profiler.start');
  const result = await load();
  const { profile } = (await inspector.send('Profiler.stop')) as unknown as { profile: Profile };
  const after = cpuMsByThread(pid);
  inspector.close();
  if (keepProfile) {
    const file = path.join(os.tmpdir(), `dualmind-${name}-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`Profile written to ${file}`);
  }
  const cpuMs = new Map([...after].map(([thread, ms]) => [thread, ms - (before.get(thread) ?? 0)]));
  return { result, profile, cpuMs };
}

const perUnit = (cpuMs: Map<string, number>, units: number, unit: 'ms' | 'µs') =>
  [...cpuMs]
    .map(([thread, ms]) => [thread, unit === 'ms' ? ms / units : (ms * 1000) / units] as const)
    .filter(([, value]) => value >= 0.01)
    .map(([thread, value]) => `${thread} ${value.toFixed(unit === 'ms' ? 2 : 0)} ${unit}`)
    .join(', ');

const PROFILE_NOTE =
  '- V8 profile of the main thread over the load (idle time left out; `writev`/`writeBuffer` samples are mostly time spent descheduled inside socket writes, while PostgreSQL, the upstream and the load generator take the other core):';

async function profileOn(databaseUrl: string, keepProfile: boolean): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-profile-'));
  const upstreams = await startUpstreams();
  const inspectPort = await freePort();
  let lab: Lab | undefined;
  try {
    lab = await startLab({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir }, 'node', [`--inspect=127.0.0.1:${inspectPort}`]);
    const setup = await configureLab(lab, upstreams);
    const scenario = (kind: Scenario['kind'], upstream: 'fast' | 'paced', threadIds: string[]): Scenario => ({
      kind,
      concurrency: kind === 'dual' ? DUAL_STREAMS : CONCURRENCY,
      rounds: DUAL_ROUNDS,
      durationMs: DURATION_MS,
      turnsPerThread: 8,
      lab: { url: (lab as Lab).url, token: setup.token, modelId: upstream === 'fast' ? setup.fastModelId : setup.pacedModelIds[0], secondModelId: setup.pacedModelIds[1], threadIds },
      upstream: { baseURL: upstreams[upstream].baseURL, apiKey: setup.apiKeys[upstream], model: upstream === 'fast' ? 'bench-fast' : 'bench-paced-a' },
    });
    const threadIds = await createThreads(lab, setup.token, 2000);
    const turns = await profiled(lab, inspectPort, 'turns', keepProfile, () => runScript<TurnSamples>('bench/gateway/loadgen.ts', scenario('turns', 'fast', threadIds)));
    const mainMsPerTurn = (turns.cpuMs.get('node') ?? 0) / turns.result.lab.length;
    const dual = await profiled(lab, inspectPort, 'streams', keepProfile, () => runScript<DualResult>('bench/gateway/loadgen.ts', scenario('dual', 'paced', [])));
    const chunks = DUAL_STREAMS * DUAL_ROUNDS * 2 * CHUNKS;
    return [
      '',
      '## Where a stored turn’s time goes',
      '',
      `- Profiled load: stored single-chat turns at c=${CONCURRENCY} for ${DURATION_MS / 1000} s on PostgreSQL, ${(turns.result.lab.length / turns.result.labSeconds).toFixed(0)} turns/s (the same calls straight to the upstream: ${(turns.result.direct.length / turns.result.directSeconds).toFixed(0)}/s).`,
      `- The lab's CPU per turn, by thread (/proc): ${perUnit(turns.cpuMs, turns.result.lab.length, 'ms')}. The main thread (\`node\`) is the limit: at this cost (the profiler's own included) one core serves about ${Math.round(1000 / mainMsPerTurn)} turns/s.`,
      PROFILE_NOTE,
      ...summarise(turns.profile),
      '',
      '## Where a relayed chunk’s time goes',
      '',
      `- Profiled load: ${DUAL_STREAMS} users × ${DUAL_ROUNDS} dual chats, all ${DUAL_STREAMS} open at once after the first starts (${chunks.toLocaleString('en')} upstream chunks) on PostgreSQL, ${dual.result.completed} completed in ${dual.result.seconds.toFixed(2)} s.`,
      `- The lab's CPU per upstream chunk relayed (stream start and storage included), by thread (/proc): ${perUnit(dual.cpuMs, chunks, 'µs')}.`,
      PROFILE_NOTE,
      ...summarise(dual.profile),
    ];
  } finally {
    await lab?.child.stop();
    await stopUpstreams(upstreams);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function profileBench(postgres: PostgresServer, options: { keepProfile: boolean }): Promise<{ figures: Figure[]; notes: string[] }> {
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_profile');
  await admin.end();
  return { figures: [], notes: await profileOn(postgres.url('bench_profile'), options.keepProfile) };
}
