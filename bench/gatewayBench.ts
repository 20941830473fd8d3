import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DualResult, FairnessResult, FairSide, Scenario, ScenarioResult, StreamSamples, TurnSamples } from './gateway/scenario.js';
import { BENCH_API_KEYS, configureLab, createThreads, eventLoopP99Ms, heapUsedMb, signIn, startLab, startUpstream, startUpstreams, stopUpstreams, type Lab, type LabSetup, type Upstreams } from './gateway/lab.js';
import { startPortkey, PORTKEY_VERSION, type Peer } from './gateway/portkey.js';
import { cpuMs, residentBytes, runScript, startScript } from './gateway/processes.js';
import { median, percentile, type Figure } from './lib.js';

/** `BENCH_RUNS=1` for a quick look while developing; the report is made with 3. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TURNS_PER_THREAD = 8;
const SINGLE_TURNS = 1000;
const THROUGHPUT_CONCURRENCY = 64;
const THROUGHPUT_MS = 5000;
const STREAMS = 128;
const STREAM_CONCURRENCY = 32;
const CHUNKS = 64;
const DUAL_STREAMS = 500;
/** Dual chats each of the 500 users sends in turn: with starts spread over one stream's length, all 500 are open during the second. */
const DUAL_ROUNDS = 2;
/** Timed dual chats (6 and 60 chunks) started under the 500-stream load. */
const FAIR_BATTLES = 16;
const FAIR_CHUNKS = { short: 6, long: 60 };
/** Upstream chunks one run of the 500-stream load relays, fairness battles included. */
const RELAYED_CHUNKS = DUAL_STREAMS * DUAL_ROUNDS * 2 * CHUNKS + FAIR_BATTLES * (FAIR_CHUNKS.short + FAIR_CHUNKS.long);

const ms = (value: number) => `${value.toFixed(2)} ms`;

interface Target {
  label: string;
  env: Record<string, string>;
  postgres: boolean;
}

type Model = 'fast' | 'paced';

/** Runs the load generator in its own process on one scenario. */
async function load<T extends ScenarioResult>(
  lab: Lab,
  setup: LabSetup,
  upstreams: Upstreams,
  threadIds: string[],
  scenario: Pick<Scenario, 'kind' | 'concurrency' | 'count' | 'durationMs' | 'peer' | 'rounds'>,
  model: Model,
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
    upstream: { baseURL: upstreams[model].baseURL, apiKey: setup.apiKeys[model], model: model === 'fast' ? 'bench-fast' : 'bench-paced-a' },
    ...(scenario.kind === 'fairness' && {
      fairness: { shortModelId: setup.timedModelIds.short, longModelId: setup.timedModelIds.long, upstreamURL: upstreams.timed.baseURL, count: FAIR_BATTLES },
    }),
  };
  return runScript<T>('bench/gateway/loadgen.ts', full);
}

/** The peer, routed to the fast upstream with the key the lab uses there. */
function peerFor(peer: Peer, upstreams: Upstreams, setup: LabSetup): NonNullable<Scenario['peer']> {
  return { url: peer.url, headers: peer.headers(upstreams.fast.baseURL, setup.apiKeys.fast) };
}

/**
 * The p50 of one round trip to the PostgreSQL server at c=1 (`SELECT 1` over one connection): the
 * least each of a stored turn's two statements in its path (the history read, the store) waits.
 */
async function databaseRoundTripMs(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const samples: number[] = [];
    for (let n = 0; n < 1000; n++) {
      const started = performance.now();
      await client.query('SELECT 1');
      samples.push(performance.now() - started);
    }
    return percentile(samples, 50);
  } finally {
    await client.end();
  }
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

// Enough for 4,000 turns per run at 8 per thread; beyond that the load generator wraps around
// and threads grow longer histories, which a faster lab would then carry as extra work.
const THROUGHPUT_THREADS = 500;

/** The worst deviation of a kind of side, and the tolerance: 5 ms or 5% of what the upstream took, the larger. */
function deviation(sides: FairSide[], chunks: FairSide['chunks'], measure: 'FirstToken' | 'Total') {
  const picked = sides.filter((side) => side.chunks === chunks);
  const upstream = picked.map((side) => side[`upstream${measure}`]);
  const worst = Math.max(...picked.map((side) => Math.abs(side[`lab${measure}`] - side[`upstream${measure}`])));
  return { worst, upstream: median(upstream), tolerance: Math.max(5, 0.05 * median(upstream)) };
}

async function gatewayOn(target: Target, peer: Peer, floorUs: number, notes: string[]): Promise<Figure[]> {
  const { list, add } = figures(target);
  const upstreams = await startUpstreams();
  let lab: Lab | undefined;
  try {
    lab = await startLab(target.env);
    const setup = await configureLab(lab, upstreams);
    const peerRoute = peerFor(peer, upstreams, setup);
    const threads = new Threads(
      await createThreads(lab, setup.token, RUNS * (Math.ceil(SINGLE_TURNS / TURNS_PER_THREAD) + THROUGHPUT_THREADS + STREAMS)),
    );
    const pid = lab.child.process.pid as number;

    const single = { lab: [] as number[], lab99: [] as number[], peer: [] as number[], ratio: [] as number[], cpu: [] as number[], peerCpu: [] as number[], roundTrip: [] as number[] };
    const throughput = { rate: [] as number[], peer: [] as number[], ratio: [] as number[], p99: [] as number[], machineCpu: [] as number[], peerMachineCpu: [] as number[] };
    const peerPid = peer.child.process.pid as number;
    const streaming = { firstToken: [] as number[], gap: [] as number[], failed: 0 };
    const dual = { completed: [] as number[], rss: [] as number[], eventLoop: [] as number[], seconds: [] as number[], cpuPerChunk: [] as number[], heapAfter: [] as number[], failures: [] as string[] };
    const fair = { shortFirst: [] as number[], longFirst: [] as number[], shortTotal: [] as number[], longTotal: [] as number[], tolerance: { shortTotal: 0, longTotal: 0 } };
    for (let run = 0; run < RUNS; run++) {
      const cpuBeforeTurns = cpuMs(pid);
      const peerCpuBefore = cpuMs(peerPid);
      const turns = await load<TurnSamples>(
        lab,
        setup,
        upstreams,
        threads.slice(Math.ceil(SINGLE_TURNS / TURNS_PER_THREAD)),
        { kind: 'turns', concurrency: 1, count: SINGLE_TURNS, peer: peerRoute },
        'fast',
      );
      // The lab idles during the direct and peer calls, so its CPU over the run is the turns' own.
      single.cpu.push((cpuMs(pid) - cpuBeforeTurns) / turns.lab.length);
      single.peerCpu.push((cpuMs(peerPid) - peerCpuBefore) / turns.peer.length);
      if (target.env.DATABASE_URL) single.roundTrip.push(await databaseRoundTripMs(target.env.DATABASE_URL));
      const direct50 = percentile(turns.direct, 50);
      const labAdded = percentile(turns.lab, 50) - direct50;
      const peerAdded = percentile(turns.peer, 50) - direct50;
      single.lab.push(labAdded);
      single.lab99.push(percentile(turns.lab, 99) - percentile(turns.direct, 99));
      single.peer.push(peerAdded);
      single.ratio.push(labAdded / peerAdded);
      notes.push(
        `- ${target.label}, run ${run + 1}, JSON turn c=1: lab p50 ${ms(percentile(turns.lab, 50))} / p99 ${ms(percentile(turns.lab, 99))}; Portkey p50 ${ms(percentile(turns.peer, 50))} / p99 ${ms(percentile(turns.peer, 99))}; direct p50 ${ms(direct50)} / p99 ${ms(percentile(turns.direct, 99))}; the lab's CPU per turn ${single.cpu.at(-1)?.toFixed(2)} ms, Portkey's per call ${single.peerCpu.at(-1)?.toFixed(2)} ms.`,
      );

      const loaded = await load<TurnSamples>(
        lab,
        setup,
        upstreams,
        threads.slice(THROUGHPUT_THREADS),
        { kind: 'turns', concurrency: THROUGHPUT_CONCURRENCY, durationMs: THROUGHPUT_MS, peer: peerRoute },
        'fast',
      );
      const rate = loaded.lab.length / loaded.labSeconds;
      const peerRate = loaded.peer.length / loaded.peerSeconds;
      throughput.rate.push(rate);
      throughput.peer.push(peerRate);
      throughput.ratio.push(rate / peerRate);
      throughput.p99.push(percentile(loaded.lab, 99) - percentile(loaded.direct, 99));
      throughput.machineCpu.push(loaded.machineCpuMs.lab / loaded.lab.length);
      throughput.peerMachineCpu.push(loaded.machineCpuMs.peer / loaded.peer.length);
      notes.push(
        `- ${target.label}, run ${run + 1}, c=${THROUGHPUT_CONCURRENCY}: lab ${rate.toFixed(0)} stored turns/s, p50 ${ms(percentile(loaded.lab, 50))} / p99 ${ms(percentile(loaded.lab, 99))}; Portkey ${peerRate.toFixed(0)} calls/s, p50 ${ms(percentile(loaded.peer, 50))}; direct ${(loaded.direct.length / loaded.directSeconds).toFixed(0)} calls/s, p50 ${ms(percentile(loaded.direct, 50))} / p99 ${ms(percentile(loaded.direct, 99))}.`,
      );

      const streamed = await load<StreamSamples>(lab, setup, upstreams, threads.slice(STREAMS), { kind: 'streams', concurrency: STREAM_CONCURRENCY, count: STREAMS }, 'paced');
      streaming.firstToken.push(percentile(streamed.lab.firstToken, 99) - percentile(streamed.direct.firstToken, 99));
      streaming.gap.push(percentile(streamed.lab.gaps, 99) - percentile(streamed.direct.gaps, 99));
      streaming.failed += streamed.failed;
      if (streamed.failed > 0) console.warn(`${target.label}: ${streamed.failed} streams failed, e.g. ${streamed.failures.join('; ')}`);
      notes.push(
        `- ${target.label}, run ${run + 1}, streams (${STREAM_CONCURRENCY} at a time, their starts spread over one stream's length): time to first token p99 lab ${ms(percentile(streamed.lab.firstToken, 99))} / direct ${ms(percentile(streamed.direct.firstToken, 99))}; gap p99 lab ${ms(percentile(streamed.lab.gaps, 99))} / direct ${ms(percentile(streamed.direct.gaps, 99))}; failed streams: ${streamed.failed}.`,
      );

      await eventLoopP99Ms(lab);
      let peak = residentBytes(pid);
      const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 50);
      const cpuBefore = cpuMs(pid);
      const [battle, battles] = await Promise.all([
        load<DualResult>(lab, setup, upstreams, [], { kind: 'dual', concurrency: DUAL_STREAMS, rounds: DUAL_ROUNDS }, 'paced'),
        load<FairnessResult>(lab, setup, upstreams, [], { kind: 'fairness', concurrency: 1 }, 'paced'),
      ]);
      clearInterval(sampler);
      dual.completed.push(battle.completed);
      dual.failures.push(...battle.failures);
      dual.rss.push(peak / 2 ** 20);
      dual.eventLoop.push(await eventLoopP99Ms(lab));
      // What relaying one upstream chunk to its client costs the lab, start and storage included.
      dual.cpuPerChunk.push(((cpuMs(pid) - cpuBefore) * 1000) / RELAYED_CHUNKS);
      dual.heapAfter.push(await heapUsedMb(lab));
      dual.seconds.push(battle.seconds);
      const measures = {
        shortFirst: deviation(battles.sides, 'short', 'FirstToken'),
        longFirst: deviation(battles.sides, 'long', 'FirstToken'),
        shortTotal: deviation(battles.sides, 'short', 'Total'),
        longTotal: deviation(battles.sides, 'long', 'Total'),
      };
      for (const [name, measure] of Object.entries(measures) as Array<[keyof typeof measures, ReturnType<typeof deviation>]>) fair[name].push(measure.worst);
      fair.tolerance = { shortTotal: measures.shortTotal.tolerance, longTotal: measures.longTotal.tolerance };
      notes.push(
        `- ${target.label}, run ${run + 1}, fairness (${FAIR_BATTLES} dual chats of ${FAIR_CHUNKS.short} and ${FAIR_CHUNKS.long} chunks, 20 ms apart, under the ${DUAL_STREAMS}-stream load): the upstream took (median) ${ms(measures.shortFirst.upstream)} / ${ms(measures.longFirst.upstream)} to the first chunk and ${ms(measures.shortTotal.upstream)} / ${ms(measures.longTotal.upstream)} in all; the lab's figures differed by at most ${ms(measures.shortFirst.worst)} / ${ms(measures.longFirst.worst)} and ${ms(measures.shortTotal.worst)} / ${ms(measures.longTotal.worst)}.`,
      );
    }
    add('single-chat turn, JSON, c=1: added latency p50', 'ms', single.lab, { target: Number((median(single.peer) / 2).toFixed(2)) });
    add('single-chat turn, JSON, c=1: added latency p99', 'ms', single.lab99, { target: 3 });
    add(`Portkey gateway ${PORTKEY_VERSION}, the same JSON call, c=1: added latency p50`, 'ms', single.peer);
    add('single-chat turn, JSON, c=1: added latency p50, lab ÷ Portkey', '×', single.ratio, { target: 0.5 });
    if (single.roundTrip.length > 0) add('one round trip to PostgreSQL (SELECT 1), c=1, p50', 'ms', single.roundTrip);
    add('streaming, 64 chunks paced 20 ms: added time to first token p99', 'ms', streaming.firstToken, { target: 5 });
    add('streaming, 64 chunks paced 20 ms: added gap between chunks p99', 'ms', streaming.gap, { target: 1 });
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=1: stored chat turns per second`, 'turns/s', throughput.rate);
    add(`Portkey gateway ${PORTKEY_VERSION} at c=${THROUGHPUT_CONCURRENCY}: relayed calls per second`, 'calls/s', throughput.peer);
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=1: lab ÷ Portkey`, '×', throughput.ratio);
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=1: added latency p99`, 'ms', throughput.p99);
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=1: the whole machine's CPU per stored turn (lab, database, upstream, load generator)`, 'ms', throughput.machineCpu);
    add(`Portkey gateway ${PORTKEY_VERSION} at c=${THROUGHPUT_CONCURRENCY}: the whole machine's CPU per relayed call`, 'ms', throughput.peerMachineCpu);
    add(`${DUAL_STREAMS} concurrent dual-chat streams: dual chats completed (of ${DUAL_STREAMS * DUAL_ROUNDS})`, 'chats', dual.completed, { target: DUAL_STREAMS * DUAL_ROUNDS, atLeast: true });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: peak RSS`, 'MB', dual.rss, { target: 1024 });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: event-loop delay p99`, 'ms', dual.eventLoop, { target: 20 });
    add(`${DUAL_STREAMS} concurrent dual-chat streams: the lab's CPU per relayed chunk`, 'µs', dual.cpuPerChunk, { target: 15 });
    add(`fairness under the ${DUAL_STREAMS} streams, ${FAIR_CHUNKS.short}-chunk side: time to first token, worst |lab − upstream|`, 'ms', fair.shortFirst, { target: 5 });
    add(`fairness under the ${DUAL_STREAMS} streams, ${FAIR_CHUNKS.long}-chunk side: time to first token, worst |lab − upstream|`, 'ms', fair.longFirst, { target: 5 });
    add(`fairness under the ${DUAL_STREAMS} streams, ${FAIR_CHUNKS.short}-chunk side: total time, worst |lab − upstream|`, 'ms', fair.shortTotal, { target: Number(fair.tolerance.shortTotal.toFixed(1)) });
    add(`fairness under the ${DUAL_STREAMS} streams, ${FAIR_CHUNKS.long}-chunk side: total time, worst |lab − upstream|`, 'ms', fair.longTotal, { target: Number(fair.tolerance.longTotal.toFixed(1)) });
    notes.push(
      ...explain(target.label, {
        cpuPerTurn: median(single.cpu),
        peerCpuPerCall: median(single.peerCpu),
        peerAdded: median(single.peer),
        firstTokenAdded: median(streaming.firstToken),
        roundTripMs: single.roundTrip.length > 0 ? median(single.roundTrip) : undefined,
        machineCpuPerTurn: median(throughput.machineCpu),
        floorUs,
        rate: median(throughput.rate),
        cpuPerChunkUs: median(dual.cpuPerChunk),
        seconds: median(dual.seconds),
        completed: Math.min(...dual.completed),
      }),
    );
    notes.push(
      `- ${target.label}: ${DUAL_STREAMS} users × ${DUAL_ROUNDS} dual chats (upstream streams of 64 chunks, 20 ms apart, first starts spread over one stream's length, and the fairness battles) took ${median(dual.seconds).toFixed(2)} s (median; the upstream alone needs ${((DUAL_ROUNDS + 1) * ((CHUNKS * 20) / 1000)).toFixed(2)} s), using ${median(dual.cpuPerChunk).toFixed(1)} µs of the lab's CPU per upstream chunk relayed (median); V8 heap in use after each run: ${dual.heapAfter.map((mb) => mb.toFixed(0)).join(', ')} MB; streams that failed in the streaming runs: ${streaming.failed}${dual.failures.length > 0 ? `; dual chats that failed, e.g.: ${dual.failures.slice(0, 3).join('; ')}` : ''}.`,
    );
  } finally {
    await lab?.child.stop();
  }

  try {
    if (target.postgres) list.push(...(await workersAuto(target, peer, upstreams, notes)));
  } finally {
    await stopUpstreams(upstreams);
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

/** Turns sent to a freshly started WORKERS=auto lab before it is timed: as many as the WORKERS=1 lab served before its c=64 runs. */
const WARM_UP_TURNS = SINGLE_TURNS;
const WARM_UP_THREADS = Math.ceil(WARM_UP_TURNS / TURNS_PER_THREAD);

/** Stored turns at c=64 with one server process per core, on the database the runs above filled. */
async function workersAuto(target: Target, peer: Peer, upstreams: Upstreams, notes: string[]): Promise<Figure[]> {
  const { list, add } = figures(target);
  const lab = await startLab({ ...target.env, WORKERS: 'auto' });
  try {
    const token = await signIn(lab);
    const setup = { ...(await configuredModels(lab, token)), token };
    const threads = new Threads(await createThreads(lab, token, RUNS * THROUGHPUT_THREADS + WARM_UP_THREADS));
    // Fresh processes: without this their first seconds (V8 still compiling the turn path, each
    // worker apart) fall in the timed run, where the WORKERS=1 lab has already served the c=1 turns.
    await load<TurnSamples>(lab, setup, upstreams, threads.slice(WARM_UP_THREADS), { kind: 'turns', concurrency: THROUGHPUT_CONCURRENCY, count: WARM_UP_TURNS }, 'fast');
    const rates: number[] = [];
    const machineCpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const loaded = await load<TurnSamples>(lab, setup, upstreams, threads.slice(THROUGHPUT_THREADS), { kind: 'turns', concurrency: THROUGHPUT_CONCURRENCY, durationMs: THROUGHPUT_MS, peer: peerFor(peer, upstreams, setup) }, 'fast');
      rates.push(loaded.lab.length / loaded.labSeconds);
      machineCpu.push(loaded.machineCpuMs.lab / loaded.lab.length);
      notes.push(
        `- ${target.label}, run ${run + 1}, c=${THROUGHPUT_CONCURRENCY} with WORKERS=auto (${os.availableParallelism()} workers): lab ${rates.at(-1)?.toFixed(0)} stored turns/s, p50 ${ms(percentile(loaded.lab, 50))} / p99 ${ms(percentile(loaded.lab, 99))}; Portkey ${(loaded.peer.length / loaded.peerSeconds).toFixed(0)} calls/s.`,
      );
    }
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=auto (${os.availableParallelism()} workers): stored chat turns per second`, 'turns/s', rates, { target: 2000, atLeast: true });
    add(`throughput at c=${THROUGHPUT_CONCURRENCY}, WORKERS=auto: the whole machine's CPU per stored turn`, 'ms', machineCpu);
    const perTurn = median(machineCpu);
    notes.push(
      `- ${target.label}, why (WORKERS=auto): every process together (the lab's workers, PostgreSQL, the fake upstream, the load generator) used ${perTurn.toFixed(2)} ms of CPU per stored turn, so the machine's ${os.availableParallelism()} cores allow at most ${((os.availableParallelism() * 1000) / perTurn).toFixed(0)} turns/s, measured ${median(rates).toFixed(0)}; 2,000 turns/s would need at most ${((os.availableParallelism() * 1000) / 2000).toFixed(2)} ms per turn, everything included.`,
    );
  } finally {
    await lab.child.stop();
  }
  return list;
}

/** The models `configureLab` made, found again by name through the public model list. */
async function configuredModels(lab: Lab, token: string): Promise<Omit<LabSetup, 'token'>> {
  const response = await fetch(`${lab.url}/api/models`, { headers: { authorization: `Bearer ${token}` } });
  const models = (await response.json()) as Array<{ model_id: string; model_name: string }>;
  const id = (name: string) => {
    const found = models.find((model) => model.model_name === name);
    if (!found) throw new Error(`no model ${name} on the restarted lab`);
    return found.model_id;
  };
  return {
    fastModelId: id('bench-fast'),
    pacedModelIds: [id('bench-paced-a'), id('bench-paced-b')],
    timedModelIds: { short: id('timed-short'), long: id('timed-long') },
    apiKeys: BENCH_API_KEYS,
  };
}

/** What stands between the figures and their targets, in this run's own numbers. */
function explain(
  label: string,
  run: { cpuPerTurn: number; peerCpuPerCall: number; peerAdded: number; firstTokenAdded: number; roundTripMs: number | undefined; machineCpuPerTurn: number; rate: number; cpuPerChunkUs: number; floorUs: number; seconds: number; completed: number },
): string[] {
  // 500 streams of 64 chunks 20 ms apart: 50,000 upstream chunks a second.
  const chunksPerSecond = (DUAL_STREAMS * 2 * CHUNKS) / ((CHUNKS * 20) / 1000);
  const cpuPerSecond = (us: number) => (us * chunksPerSecond) / 1e6;
  const cores = os.availableParallelism();
  return [
    `- ${label}, why (c=1): the target, half of what Portkey adds, is ${(run.peerAdded / 2).toFixed(2)} ms. ${run.roundTripMs === undefined ? 'The embedded database runs in the lab\'s own process, so its queries are the lab\'s CPU' : `A stored turn waits for two statements in its path (the thread's history before the upstream call, the store after it), and one bare round trip to PostgreSQL took ${run.roundTripMs.toFixed(2)} ms (p50, \`SELECT 1\`): ${(2 * run.roundTripMs).toFixed(2)} ms before the lab does anything of its own`}. Over the c=1 run the lab's process used ${run.cpuPerTurn.toFixed(2)} ms of CPU per turn and Portkey's ${run.peerCpuPerCall.toFixed(2)} ms per call (each process's background work included; Portkey stores nothing). "Where a stored turn's time goes" below shows the spread.`,
    `- ${label}, why (streams): before its first upstream byte a streamed turn does what a JSON turn does before its upstream call (the token checked, the thread's history read${run.roundTripMs === undefined ? '' : `, at least one ${run.roundTripMs.toFixed(2)} ms round trip`}); ${run.firstTokenAdded.toFixed(1)} ms is the p99 of that, with ${STREAM_CONCURRENCY} streams starting within one stream's length, against a 5 ms target.`,
    `- ${label}, why (c=${THROUGHPUT_CONCURRENCY}): every process together (the lab, its database, the fake upstream, the load generator) used ${run.machineCpuPerTurn.toFixed(2)} ms of CPU per stored turn, so ${cores} cores allow at most ${((cores * 1000) / run.machineCpuPerTurn).toFixed(0)} turns/s; ${run.rate.toFixed(0)} were measured. The added p99 follows from that rate (Little's law: ${THROUGHPUT_CONCURRENCY} requests in flight at ${run.rate.toFixed(0)} turns/s spend ≈ ${((THROUGHPUT_CONCURRENCY / run.rate) * 1000).toFixed(0)} ms each); it has no target of its own.`,
    `- ${label}, why (${DUAL_STREAMS} streams): ${DUAL_STREAMS} open dual chats relay ${chunksPerSecond.toLocaleString('en')} upstream chunks a second; at ${run.cpuPerChunkUs.toFixed(1)} µs each (the chats' start and storage included) that is ${cpuPerSecond(run.cpuPerChunkUs).toFixed(2)} s of CPU per second of streaming${cpuPerSecond(run.cpuPerChunkUs) > 1 ? ', more than the one core an event loop has, so it falls behind (its delay is the backlog, which also lands in the fairness figures)' : ''}. The bare pipe relay's ${run.floorUs.toFixed(1)} µs per chunk (the floor above) alone is ${cpuPerSecond(run.floorUs).toFixed(2)} s per second${cpuPerSecond(run.floorUs) > 1 ? ': at this load no single Node event loop on this machine keeps up, however little it does per chunk' : ''}${run.floorUs > 15 ? ', and the 15 µs target is below that floor' : ''}; the run (${DUAL_STREAMS} users × ${DUAL_ROUNDS} chats, ${(DUAL_ROUNDS + 1) * ((CHUNKS * 20) / 1000)} s of upstream time at least) took ${run.seconds.toFixed(1)} s; ${run.completed === DUAL_STREAMS * DUAL_ROUNDS ? 'every chat completed' : `${DUAL_STREAMS * DUAL_ROUNDS - run.completed} chats did not complete`}. "Where a relayed chunk's time goes" below shows what each chunk costs.`,
  ];
}

/**
 * The floor under the lab's CPU per relayed chunk: the same 500 × 2 dual chats' streams
 * (two per chat, 64 chunks 20 ms apart) through a relay that only pipes bytes (pipeRelay.ts).
 */
async function pipeFloor(notes: string[]): Promise<Figure> {
  const paced = await startUpstream('paced');
  const relay = await startScript('bench/gateway/pipeRelay.ts', { upstream: paced.baseURL });
  try {
    const { url } = JSON.parse(relay.firstLine) as { url: string };
    const pid = relay.child.process.pid as number;
    const perChunk: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const before = cpuMs(pid);
      const result = await runScript<DualResult>('bench/gateway/loadgen.ts', {
        kind: 'dual',
        concurrency: DUAL_STREAMS,
        rounds: DUAL_ROUNDS,
        relay: url,
        turnsPerThread: TURNS_PER_THREAD,
        lab: { url: '', token: '', modelId: '', secondModelId: '', threadIds: [] },
        upstream: { baseURL: paced.baseURL, apiKey: BENCH_API_KEYS.paced, model: 'bench-paced-a' },
      } satisfies Scenario);
      if (result.completed !== result.total) throw new Error(`the bare relay completed ${result.completed} of ${result.total} chats: ${result.failures.join('; ')}`);
      perChunk.push(((cpuMs(pid) - before) * 1000) / (DUAL_STREAMS * DUAL_ROUNDS * 2 * CHUNKS));
    }
    notes.push(
      `- The floor: a relay that only pipes each upstream stream's bytes to its client (bench/gateway/pipeRelay.ts: Node's http server, undici's \`request\`, no parsing or storage) used ${median(perChunk).toFixed(1)} µs of CPU per relayed chunk on the same ${DUAL_STREAMS} × ${DUAL_ROUNDS} dual chats' streams (median of ${RUNS}): one socket read and one socket write per chunk, which any Node relay pays.`,
    );
    return { name: `${DUAL_STREAMS} concurrent dual-chat streams through a bare Node pipe relay (the floor): CPU per relayed chunk`, unit: 'µs', runs: perChunk, database: '—' };
  } finally {
    await relay.child.stop();
    await paced.child.stop();
  }
}

/** The gateway benchmarks of the performance issue, on PostgreSQL (a database on `postgresUrl`'s server) and on PGlite, with the Portkey gateway as the peer. */
export async function gatewayBench(databaseUrl: string): Promise<{ figures: Figure[]; notes: string[] }> {
  const notes: string[] = [];
  const all: Figure[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-bench-gateway-'));
  const peer = await startPortkey();
  try {
    const floor = await pipeFloor(notes);
    all.push(floor);
    const floorUs = median(floor.runs);
    const targets: Target[] = [
      { label: 'PostgreSQL 15', env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir }, postgres: true },
      { label: 'PGlite', env: { DATA_DIR: dataDir }, postgres: false },
    ];
    // `BENCH_DATABASES=postgres` (or `pglite`) for a quick look at one of them.
    const only = process.env.BENCH_DATABASES;
    for (const target of targets.filter((candidate) => !only || only.split(',').some((name) => candidate.label.toLowerCase().startsWith(name)))) {
      all.push(...(await gatewayOn(target, peer, floorUs, notes)));
    }
  } finally {
    await peer.child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  notes.push(
    `- The peer is Portkey's AI gateway ${PORTKEY_VERSION} (npm \`@portkey-ai/gateway\`, installed by the benchmark into a temporary folder), routed to the same fake upstream with \`x-portkey-provider: openai\` and \`x-portkey-custom-host\`; it stores nothing. Its streamed calls fail on Node 20 ("TypeError: immutable" when it sets headers on the upstream's fetch Response), so it is measured on the JSON calls only.`,
  );
  return { figures: all, notes };
}
