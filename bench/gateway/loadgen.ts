/**
 * The load generator, run as its own process (`tsx bench/gateway/loadgen.ts '<scenario json>'`) so
 * that its CPU is not the server's. It makes each call through the lab and the same call straight
 * to the fake upstream, in the same run, and prints one JSON line with the raw samples.
 */
import fs from 'node:fs';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import type { DualResult, FairnessResult, FairSide, Scenario, ScenarioResult, StreamSamples, TurnSamples } from './scenario.js';

const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario;
// A dual chat through the bare relay is two streams, one per side.
const dispatcher = new Agent({ connections: scenario.concurrency * (scenario.relay ? 2 : 1) + 8, keepAliveTimeout: 30_000, pipelining: 1 });

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Same model, same prompt, same key the lab would use, straight to the upstream: streamed, as
 * the lab asks upstreams (for stream timings), or as one JSON answer (for JSON turns, the call a
 * client would otherwise make itself). What the lab adds is the difference.
 */
function directCall(prompt: string, stream: boolean): Call {
  return {
    url: `${scenario.upstream.baseURL}/chat/completions`,
    headers: { authorization: `Bearer ${scenario.upstream.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: scenario.upstream.model, messages: [{ role: 'user', content: prompt }], stream }),
  };
}

/** The same JSON call as `directCall`, through the peer gateway. */
function peerCall(prompt: string): Call {
  const peer = scenario.peer as NonNullable<Scenario['peer']>;
  return {
    url: `${peer.url}/v1/chat/completions`,
    headers: { ...peer.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model: scenario.upstream.model, messages: [{ role: 'user', content: prompt }], stream: false }),
  };
}

function labTurn(threadId: string, prompt: string, stream: boolean): Call {
  return {
    url: `${scenario.lab.url}/api/threads/${threadId}/messages`,
    headers: {
      authorization: `Bearer ${scenario.lab.token}`,
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
    },
    body: JSON.stringify({ prompt, model_id: scenario.lab.modelId }),
  };
}

function labComparison(prompt: string, models: [string, string] = [scenario.lab.modelId, scenario.lab.secondModelId]): Call {
  return {
    url: `${scenario.lab.url}/api/comparisons`,
    headers: { authorization: `Bearer ${scenario.lab.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ prompt, model1_id: models[0], model2_id: models[1] }),
  };
}

/** A dual chat's two upstream streams, each through the bare relay (`pipeRelay.ts`) rather than the lab. */
async function relayedPair(prompt: string): Promise<StreamTiming> {
  const through = (side: string) => ({ ...directCall(`${prompt} ${side}`, true), url: `${scenario.relay}/chat/completions` });
  const [a, b] = await Promise.all([timedStream(through('a')), timedStream(through('b'))]);
  return { firstToken: Math.min(a.firstToken, b.firstToken), gaps: [], errors: a.errors + b.errors, ended: a.ended && b.ended, ...((a.firstError ?? b.firstError) !== undefined && { firstError: a.firstError ?? b.firstError }) };
}

/** One JSON call; resolves with its latency in ms, or throws on a non-2xx answer. */
async function timedJson(call: Call): Promise<number> {
  const started = performance.now();
  const response = await request(call.url, { method: 'POST', headers: call.headers, body: call.body, dispatcher });
  await response.body.text();
  const elapsed = performance.now() - started;
  if (response.statusCode >= 300) throw new Error(`${call.url} answered ${response.statusCode}`);
  return elapsed;
}

interface StreamTiming {
  firstToken: number;
  gaps: number[];
  /** SSE events whose name says the call failed (the lab's per-side `error`). */
  errors: number;
  /** The lab's `end` event, or the upstream's `[DONE]`. */
  ended: boolean;
  /** The data of the first error event, to say why a stream failed. */
  firstError?: string;
}

/**
 * Reads an event stream, timing the first event that carries text and the gaps between text
 * events. The lab sends `event: delta` with `{ text }`; the upstream sends unnamed chunks with
 * `choices[0].delta.content`.
 */
async function timedStream(call: Call): Promise<StreamTiming> {
  const started = performance.now();
  const response = await request(call.url, { method: 'POST', headers: call.headers, body: call.body, dispatcher });
  if (response.statusCode !== 200) throw new Error(`${call.url} answered ${response.statusCode}: ${await response.body.text()}`);
  const timing: StreamTiming = { firstToken: Number.NaN, gaps: [], errors: 0, ended: false };
  let last = Number.NaN;
  const parser = createParser({
    onEvent(event) {
      const now = performance.now();
      if (event.event === 'error') {
        timing.errors += 1;
        timing.firstError ??= event.data;
      }
      if (event.event === 'end' || event.data === '[DONE]') timing.ended = true;
      const isText = event.event === 'delta' || (event.event === undefined && event.data.includes('"content":"'));
      if (!isText) return;
      if (Number.isNaN(last)) timing.firstToken = now - started;
      else timing.gaps.push(now - last);
      last = now;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
  return timing;
}

/** Hands out the benchmark's threads, each to one worker at a time, a few turns each. */
class ThreadQueue {
  private next = 0;
  constructor(private readonly threadIds: string[]) {}
  take(): string {
    const id = this.threadIds[this.next % this.threadIds.length] as string;
    this.next += 1;
    return id;
  }
}

async function workers(count: number, work: (worker: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, worker) => work(worker)));
}

/**
 * The CPU time every process on the machine has used so far, in ms (/proc/stat's first line, in
 * 1/100 s): the lab, its database, the fake upstream, the peer and this generator together.
 */
function machineBusyMs(): number {
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100;
}

/**
 * Stored single-chat turns: `count` of each kind per worker, lab, direct and peer in turn (the
 * order rotating, so none always goes first), or, with `durationMs`, a phase of that length for
 * each kind (throughput).
 */
async function turns(): Promise<TurnSamples> {
  const threads = new ThreadQueue(scenario.lab.threadIds);
  const samples: TurnSamples = { kind: 'turns', lab: [], direct: [], peer: [], labSeconds: 0, directSeconds: 0, peerSeconds: 0, machineCpuMs: { lab: 0, direct: 0, peer: 0 } };
  const prompt = (worker: number, index: number) => `Benchmark turn ${worker}.${index}: say hello.`;
  const kinds = [
    { into: samples.lab, call: (worker: number, index: number, thread: () => string) => labTurn(thread(), prompt(worker, index), false) },
    { into: samples.direct, call: (worker: number, index: number) => directCall(prompt(worker, index), false) },
    ...(scenario.peer ? [{ into: samples.peer, call: (worker: number, index: number) => peerCall(prompt(worker, index)) }] : []),
  ];
  if (scenario.durationMs === undefined) {
    const perWorker = Math.ceil((scenario.count ?? 1000) / scenario.concurrency);
    await workers(scenario.concurrency, async (worker) => {
      let thread = threads.take();
      for (let index = 0; index < perWorker; index++) {
        if (index % scenario.turnsPerThread === 0 && index > 0) thread = threads.take();
        for (let step = 0; step < kinds.length; step++) {
          const kind = kinds[(index + step) % kinds.length] as (typeof kinds)[number];
          kind.into.push(await timedJson(kind.call(worker, index, () => thread)));
        }
      }
    });
    return samples;
  }
  const phase = async (kind: keyof TurnSamples['machineCpuMs'], into: number[], makeCall: (worker: number, index: number, thread: () => string) => Call) => {
    const deadline = performance.now() + (scenario.durationMs as number);
    const started = performance.now();
    const busyBefore = machineBusyMs();
    await workers(scenario.concurrency, async (worker) => {
      let thread = threads.take();
      for (let index = 0; performance.now() < deadline; index++) {
        if (index % scenario.turnsPerThread === 0 && index > 0) thread = threads.take();
        into.push(await timedJson(makeCall(worker, index, () => thread)));
      }
    });
    samples.machineCpuMs[kind] = machineBusyMs() - busyBefore;
    return (performance.now() - started) / 1000;
  };
  const [lab, direct, peer] = kinds;
  samples.labSeconds = await phase('lab', samples.lab, (lab as (typeof kinds)[number]).call);
  samples.directSeconds = await phase('direct', samples.direct, (direct as (typeof kinds)[number]).call);
  if (peer) samples.peerSeconds = await phase('peer', samples.peer, peer.call);
  return samples;
}

/** How long one paced upstream stream lasts: 64 chunks, 20 ms apart. */
const STREAM_MS = 64 * 20;

/** Streamed single-chat turns, lab and direct alternating per worker, so both see the same load. */
async function streams(): Promise<StreamSamples> {
  const threads = new ThreadQueue(scenario.lab.threadIds);
  const samples: StreamSamples = { kind: 'streams', lab: { firstToken: [], gaps: [] }, direct: { firstToken: [], gaps: [] }, failed: 0, failures: [] };
  const perWorker = Math.ceil((scenario.count ?? 100) / scenario.concurrency);
  const record = (into: StreamSamples['lab'], timing: StreamTiming) => {
    if (timing.errors > 0 || !timing.ended) {
      samples.failed += 1;
      if (samples.failures.length < 3) samples.failures.push(timing.firstError ?? 'ended without its end event');
    }
    into.firstToken.push(timing.firstToken);
    into.gaps.push(...timing.gaps);
  };
  await workers(scenario.concurrency, async (worker) => {
    // Starts spread over one stream's length, as users arrive, rather than a burst every 1.3 s.
    await new Promise((resolve) => setTimeout(resolve, (worker * STREAM_MS) / scenario.concurrency));
    for (let index = 0; index < perWorker; index++) {
      const prompt = `Benchmark stream ${worker}.${index}`;
      // Half the workers start with the direct call, so neither kind always goes first.
      const order = (worker + index) % 2 === 0 ? ['lab', 'direct'] : ['direct', 'lab'];
      for (const kind of order) {
        if (kind === 'lab') record(samples.lab, await timedStream(labTurn(threads.take(), prompt, true)));
        else record(samples.direct, await timedStream(directCall(prompt, true)));
      }
    }
  });
  return samples;
}

/**
 * `concurrency` users, each sending `rounds` dual chats one after the other, their first starts
 * spread over one stream's length as users arrive: from then on `concurrency` streams are open
 * at once, a steady load rather than a herd that starts (and whose chunks arrive) in the same
 * millisecond. Counts the chats that ended with both sides done.
 */
async function dual(): Promise<DualResult> {
  const started = performance.now();
  const failures: string[] = [];
  const failed = (why: string) => {
    if (failures.length < 3) failures.push(why);
    return false;
  };
  const rounds = scenario.rounds ?? 1;
  let completed = 0;
  await workers(scenario.concurrency, async (user) => {
    await new Promise((resolve) => setTimeout(resolve, (user * STREAM_MS) / scenario.concurrency));
    for (let round = 0; round < rounds; round++) {
      const prompt = `Benchmark battle ${user}.${round}`;
      const ok = await (scenario.relay ? relayedPair(prompt) : timedStream(labComparison(prompt))).then(
        (timing) => (timing.ended && timing.errors === 0) || failed(timing.firstError ?? 'ended without its end event'),
        (error: unknown) => failed(String(error)),
      );
      if (ok) completed += 1;
    }
  });
  return { kind: 'dual', completed, total: scenario.concurrency * rounds, seconds: (performance.now() - started) / 1000, failures };
}

/** One timed dual chat: per side, its first delta after `meta` as received, and its `time_ms`. */
async function timedBattle(prompt: string, models: [string, string]): Promise<Record<'model1' | 'model2', { firstToken: number; total: number }>> {
  const call = labComparison(prompt, models);
  const response = await request(call.url, { method: 'POST', headers: call.headers, body: call.body, dispatcher });
  if (response.statusCode !== 200) throw new Error(`${call.url} answered ${response.statusCode}: ${await response.body.text()}`);
  let meta = Number.NaN;
  const sides = { model1: { firstToken: Number.NaN, total: Number.NaN }, model2: { firstToken: Number.NaN, total: Number.NaN } };
  const parser = createParser({
    onEvent(event) {
      const now = performance.now();
      if (event.event === 'meta') meta = now;
      if (event.event === 'error') throw new Error(`a timed side failed: ${event.data}`);
      const data = JSON.parse(event.data) as { side?: 'model1' | 'model2'; time_ms?: number };
      if (!data.side) return;
      if (event.event === 'delta' && Number.isNaN(sides[data.side].firstToken)) sides[data.side].firstToken = now - meta;
      if (event.event === 'done') sides[data.side].total = data.time_ms as number;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
  return sides;
}

/**
 * Fairness, run beside the `dual` load in a process of its own (so that the load generator's
 * own delays are not the lab's): once the load holds all its streams open (one stream's length
 * after it started), dual chats of a 6-chunk and a 60-chunk model (the timed upstream) start over
 * 200 ms; each side's times are then held against what the upstream itself took for it.
 */
async function fairness(): Promise<FairnessResult> {
  const fair = scenario.fairness as NonNullable<Scenario['fairness']>;
  const battles = await Promise.all(
    Array.from({ length: fair.count }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, STREAM_MS + (index * 200) / fair.count));
      const prompt = `Fairness ${index}`;
      return { prompt, sides: await timedBattle(prompt, [fair.shortModelId, fair.longModelId]) };
    }),
  );
  const response = await request(`${fair.upstreamURL.replace(/\/v1$/, '')}/timings`, { dispatcher });
  const timings = (await response.body.json()) as Record<string, { firstToken: number; total: number }>;
  const sides: FairSide[] = [];
  for (const battle of battles) {
    for (const [side, model, chunks] of [['model1', 'timed-short', 'short'], ['model2', 'timed-long', 'long']] as const) {
      const upstream = timings[`${model} ${battle.prompt}`];
      if (!upstream) throw new Error(`the timed upstream has no timing for ${model} ${battle.prompt}`);
      sides.push({ chunks, labFirstToken: battle.sides[side].firstToken, labTotal: battle.sides[side].total, upstreamFirstToken: upstream.firstToken, upstreamTotal: upstream.total });
    }
  }
  return { kind: 'fairness', sides };
}

const runners = { turns, streams, dual, fairness } satisfies Record<Scenario['kind'], () => Promise<ScenarioResult>>;
const result = await runners[scenario.kind]();
await dispatcher.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
