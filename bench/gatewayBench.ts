import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DualResult, Scenario, ScenarioResult, StreamSamples, TurnSamples } from './gateway/scenario.js';
import { configureLab, createThreads, eventLoopP99Ms, heapUsedMb, startLab, startUpstream, type Lab, type LabSetup, type Upstream } from './gateway/lab.js';
import { cpuMs, residentBytes, runScript } from './gateway/processes.js';
import { median, percentile, type Figure } from './lib.js';

const RUNS = 3;
const TURNS_PER_THREAD = 8;
const SINGLE_TURNS = 1000;
const THROUGHPUT_CONCURRENCY = 64;
const THROUGHPUT_MS = 5000;
const STREAMS = 128;
const STREAM_CONCURRENCY = 32;
const CHUNKS = 64;
const DUAL_STREAMS = 500;

const ms = (value: number) => `${value.toFixed(2)} ms`;

interface Target {
  label: string;
  env: Record<string, string>;
}

/** Runs the load generator in its own process on one scenario. */
async function load<T extends ScenarioResult>(
  lab: Lab,
  setup: LabSetup,
  upstream: Upstream,
  threadIds: string[],
  scenario: Pick<Scenario, 'kind' | 'concurrency' | 'count' | 'durationMs'>,
  model: 'fast' | 'paced',
): Promise<T> {
  const full: Scenario = {
    ...scenario,
    turnsPerThread: TURNS_PER_THREAD,
    lab: {
      url: lab.url,
      token: setup.token,
      modelId: model === 'fast' ? setup.fastModelId : setup.pacedModelIds[0],
      secondModelId: setup.pacedModelIds[1],
      threadIds,
    },
    upstream: { baseURL: upstream.baseURL, apiKey: setup.apiKeys[model], model: model === 'fast' ? 'bench-fast' : 'bench-paced-a' },
  };
  return runScript<T>('bench/gateway/loadgen.ts', full);
}

/** Hands out disjoint slices of the pre-made threads, so no run inherits another's history. */
class Threads {
  private used = 0;
  constructor(private readonly ids: string[]) {}
  slice(count: number): string[] {
    const slice = this.ids.slice(this.used, this.used + count);
    this.used += count;
    if (slice.length < count) throw new Error(`benchmark needs more than ${this.ids.length} threads`);
    return slice;
  }
}

function figures(target: Target) {
  const list: Figure[] = [];
  const add = (name: string, unit: string, runs: number[], goal?: { target: number; atLeast?: boolean }) =>
    list.push({ name, unit, runs, database: target.label, ...goal });
  return { list, add };
}

async function gatewayOn(target: Target, notes: string[]): Promise<Figure[]> {
  const { list, add } = figures(target);
  const upstreams = { fast: await startUpstream('fast'), paced: await startUpstream('paced') };
  let lab: Lab | undefined;
  try {
    lab = await startLab(target.env);
    const setup = await configureLab(lab, upstreams);
    // Enough for 4,000 turns per run at 8 per thread; beyond that the load generator wraps around
    // and threads grow longer histories, which a faster lab would then carry as extra work.
    const throughputThreads = 500;
    const threads = new Threads(
      await createThreads(lab, setup.token, RUNS * (Math.ceil(SINGLE_TURNS / TURNS_PER_THREAD) + throughputThreads + STREAMS)),
    );

    const single = { p50: [] as number[], p99: [] as number[], cpu: [] as number[] };
    const throughput = { rate: [] as number[], p99: [] as number[] };
    const streaming = { firstToken: [] as number[], gap: [] as number[], failed: 0 };
    const dual = { completed: [] as number[], rss: [] as number[], eventLoop: [] as number[], seconds: [] as number[], cpuPerChunk: [] as number[], heapAfter: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      const cpuBeforeTurns = cpuMs(lab.child.process.pid as number);
      const turns = await load<TurnSamples>(lab, setup, upstreams.fast, threads.slice(Math.ceil(SINGLE_TURNS / TURNS_PER_THREAD)), { kind: 'turns', concurrency: 1, count: SINGLE_TURNS }, 'fast');
      // The lab idles during the direct calls, so its CPU over the run is the turns' own.
      single.cpu.push((cpuMs(lab.child.process.pid as number) - cpuBeforeTurns) / turns.lab.length);
      single.p50.push(percentile(turns.lab, 50) - percentile(turns.direct, 50));
      single.p99.push(percentile(turns.lab, 99) - percentile(turns.direct, 99));
      notes.push(
        `- ${target.label}, run ${run + 1}, JSON turn c=1: lab p50 ${ms(percentile(turns.lab, 50))} / p99 ${ms(percentile(turns.lab, 99))}; direct p50 ${ms(percentile(turns.direct, 50))} / p99 ${ms(percentile(turns.direct, 99))}.`,
      );

      const loaded = await load<TurnSamples>(lab, setup, upstreams.fast, threads.slice(throughputThreads), { kind: 'turns', concurrency: THROUGHPUT_CONCURRENCY, durationMs: THROUGHPUT_MS }, 'fast');
      throughput.rate.push(loaded.lab.length / loaded.labSeconds);
      throughput.p99.push(percentile(loaded.lab, 99) - percentile(loaded.direct, 99));
      notes.push(
        `- ${target.label}, run ${run + 1}, c=${THROUGHPUT_CONCURRENCY}: lab ${(loaded.lab.length / loaded.labSeconds).toFixed(0)} turns/s, p50 ${ms(percentile(loaded.lab, 50))} / p99 ${ms(percentile(loaded.lab, 99))}; direct ${(loaded.direct.length / loaded.directSeconds).toFixed(0)} calls/s, p50 ${ms(percentile(loaded.direct, 50))} / p99 ${ms(percentile(loaded.direct, 99))}.`,
      );

      const streamed = await load<StreamSamples>(lab, setup, upstreams.paced, threads.slice(STREAMS), { kind: 'streams', concurrency: STREAM_CONCURRENCY, count: STREAMS }, 'paced');
      streaming.firstToken.push(percentile(streamed.lab.firstToken, 99) - percentile(streamed.direct.firstToken, 99));
      streaming.gap.push(percentile(streamed.lab.gaps, 99) - percentile(streamed.direct.gaps, 99));
      streaming.failed += streamed.failed;
      if (streamed.failed > 0) console.warn(`${target.label}: ${streamed.failed} streams failed, e.g. ${streamed.failures.join('; ')}`);
      notes.push(
        `- ${target.label}, run ${run + 1}, streams (${STREAM_CONCURRENCY} at a time, their starts spread over one stream's length): time to first token p99 lab ${ms(percentile(streamed.lab.firstToken, 99))} / direct ${ms(percentile(streamed.direct.firstToken, 99))}; gap p99 lab ${ms(percentile(streamed.lab.gaps, 99))} / direct ${ms(percentile(streamed.direct.gaps, 99))}; failed streams: ${streamed.failed}.`,
      );

      await eventLoopP99Ms(lab);
      const pid = lab.child.process.pid as number;
      let peak = residentBytes(pid);
      const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 50);
      const cpuBefore = cpuMs(pid);
      const battles = await load<DualResult>(lab, setup, upstreams.paced, [], { kind: 'dual', concurrency: DUAL_STREAMS }, 'paced');
      clearInterval(sampler);
      dual.completed.push(battles.completed);
      dual.rss.push(peak / 2 ** 20);
      dual.eventLoop.push(await eventLoopP99Ms(lab));
      // What relaying one upstream chunk to its client costs the lab, start and storage included.
      dual.cpuPerChunk.push(((cpuMs(pid) - cpuBefore) * 1000) / (DUAL_STREAMS * 2 * CHUNKS));
      dual.heapAfter.push(await heapUsedMb(lab));
      dual.seconds.push(battles.seconds);
    }
    add('single-chat turn, JSON, c=1: added latency p50', 'ms', single.p50, { target: 1 });
    add('single-chat turn, JSON, c=1: added latency p99', 'ms', single.p99, { target: 3 });
    add('streaming, 64 chunks paced 20 ms: added time to first token p99', 'ms', streaming.firstToken, { target: 5 });
    add('streaming, 64 chunks paced 20 ms: added gap between chunks p99', 'ms', streaming.gap, { target: 1 });
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}: stored chat turns per second`, 'turns/s', throughput.rate, { target: 2000, atLeast: true });
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}: added latency p99`, 'ms', throughput.p99, { target: 10 });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: completed`, 'streams', dual.completed, { target: DUAL_STREAMS, atLeast: true });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: peak RSS`, 'MB', dual.rss, { target: 1024 });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: event-loop delay p99`, 'ms', dual.eventLoop, { target: 20 });
    notes.push(...explain(target.label, { cpuPerTurn: median(single.cpu), rate: median(throughput.rate), cpuPerChunkUs: median(dual.cpuPerChunk), seconds: median(dual.seconds), completed: Math.min(...dual.completed) }));
    notes.push(
      `- ${target.label}: ${DUAL_STREAMS} dual-chat streams (${DUAL_STREAMS * 2} upstream streams of 64 chunks, 20 ms apart) took ${median(dual.seconds).toFixed(2)} s (median; the upstream alone needs ${((CHUNKS * 20) / 1000).toFixed(2)} s), using ${median(dual.cpuPerChunk).toFixed(0)} µs of the lab's CPU per upstream chunk relayed (median); V8 heap in use after each run: ${dual.heapAfter.map((mb) => mb.toFixed(0)).join(', ')} MB; streams that failed in the streaming runs: ${streaming.failed}.`,
    );
  } finally {
    await lab?.child.stop();
    await Promise.all([upstreams.fast.child.stop(), upstreams.paced.child.stop()]);
  }

  // `npm start` on the data the runs above left behind: prestart's up-to-date build check included.
  const cold: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = await startLab(target.env, 'npm');
    cold.push(started.readyMs);
    await started.child.stop();
  }
  add('cold start: `npm start` → /readyz on an existing database', 'ms', cold, { target: 2000 });
  return list;
}

/** What stands between the figures and their targets, in this run's own numbers. */
function explain(label: string, run: { cpuPerTurn: number; rate: number; cpuPerChunkUs: number; seconds: number; completed: number }): string[] {
  const cpuPerSecond = (run.cpuPerChunkUs * DUAL_STREAMS * 2 * CHUNKS) / 1e6 / ((CHUNKS * 20) / 1000);
  return [
    `- ${label}, why: a stored turn costs the lab ${run.cpuPerTurn.toFixed(2)} ms of CPU at c=1 (median), and that work, not waiting, is most of the added latency. Under load part of it is shared between requests (at ${run.rate.toFixed(0)} turns/s the one event loop spends at most ${(1000 / run.rate).toFixed(2)} ms per turn), but 2,000 turns/s needs ≤ 0.5 ms per turn of one core, and on this 2-core machine the other core is shared by the database, the fake upstream and the load generator. "Where a stored turn's time goes" below shows the spread: Node's web streams and fetch machinery under the AI SDK's provider, HTTP parsing and writing, Kysely and pg, garbage collection.`,
    `- ${label}, why: at c=${THROUGHPUT_CONCURRENCY} the added p99 follows from the throughput (Little's law: ${THROUGHPUT_CONCURRENCY} requests in flight at ${run.rate.toFixed(0)} turns/s spend ≈ ${((THROUGHPUT_CONCURRENCY / run.rate) * 1000).toFixed(0)} ms each), so it cannot meet 10 ms before the throughput target is met.`,
    `- ${label}, why: ${DUAL_STREAMS} dual chats relay ${(DUAL_STREAMS * 2 * CHUNKS).toLocaleString('en')} upstream chunks in ${((CHUNKS * 20) / 1000).toFixed(2)} s; at ${run.cpuPerChunkUs.toFixed(0)} µs each that is ${cpuPerSecond.toFixed(1)} s of CPU per second of streaming${cpuPerSecond > 1 ? ', more than the one core an event loop has, so it falls behind (its delay is the backlog)' : ''}, and the run takes ${run.seconds.toFixed(1)} s; ${run.completed === DUAL_STREAMS ? 'every stream still completes' : `${DUAL_STREAMS - run.completed} streams did not complete`}. "Where a relayed chunk's time goes" below shows what each chunk costs.`,
  ];
}

/** The gateway benchmarks of the performance issue, on PostgreSQL (a database on `postgresUrl`'s server) and on PGlite. */
export async function gatewayBench(databaseUrl: string): Promise<{ figures: Figure[]; notes: string[] }> {
  const notes: string[] = [];
  const all: Figure[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-bench-gateway-'));
  try {
    for (const target of [
      { label: 'PostgreSQL 15', env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir } },
      { label: 'PGlite', env: { DATA_DIR: dataDir } },
    ]) {
      all.push(...(await gatewayOn(target, notes)));
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { figures: all, notes };
}
