/**
 * The load generator, run as its own process (`tsx bench/gateway/loadgen.ts '<scenario json>'`) so
 * that its CPU is not the server's. It makes each call through the lab and the same call straight
 * to the fake upstream, in the same run, and prints one JSON line with the raw samples.
 */
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import type { Scenario, ScenarioResult, StreamSamples, TurnSamples } from './scenario.js';

const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario;
const dispatcher = new Agent({ connections: scenario.concurrency + 8, keepAliveTimeout: 30_000, pipelining: 1 });

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Same model, same prompt, same key the lab would use, streamed as the lab always asks upstreams
 * to stream: what the lab adds is the difference.
 */
function directCall(prompt: string): Call {
  return {
    url: `${scenario.upstream.baseURL}/chat/completions`,
    headers: { authorization: `Bearer ${scenario.upstream.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: scenario.upstream.model, messages: [{ role: 'user', content: prompt }], stream: true }),
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

function labComparison(prompt: string): Call {
  return {
    url: `${scenario.lab.url}/api/comparisons`,
    headers: { authorization: `Bearer ${scenario.lab.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ prompt, model1_id: scenario.lab.modelId, model2_id: scenario.lab.secondModelId }),
  };
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
 * Stored single-chat turns: `count` of each kind alternating lab/direct per worker, or, with
 * `durationMs`, a lab phase and then a direct phase of that length each (throughput).
 */
async function turns(): Promise<TurnSamples> {
  const threads = new ThreadQueue(scenario.lab.threadIds);
  const samples: TurnSamples = { kind: 'turns', lab: [], direct: [], labSeconds: 0, directSeconds: 0 };
  const prompt = (worker: number, index: number) => `Benchmark turn ${worker}.${index}: say hello.`;
  if (scenario.durationMs === undefined) {
    const perWorker = Math.ceil((scenario.count ?? 1000) / scenario.concurrency);
    await workers(scenario.concurrency, async (worker) => {
      let thread = threads.take();
      for (let index = 0; index < perWorker; index++) {
        if (index % scenario.turnsPerThread === 0 && index > 0) thread = threads.take();
        samples.lab.push(await timedJson(labTurn(thread, prompt(worker, index), false)));
        samples.direct.push(await timedJson(directCall(prompt(worker, index))));
      }
    });
    return samples;
  }
  const phase = async (into: number[], makeCall: (worker: number, index: number, thread: () => string) => Call) => {
    const deadline = performance.now() + (scenario.durationMs as number);
    const started = performance.now();
    await workers(scenario.concurrency, async (worker) => {
      let thread = threads.take();
      for (let index = 0; performance.now() < deadline; index++) {
        if (index % scenario.turnsPerThread === 0 && index > 0) thread = threads.take();
        into.push(await timedJson(makeCall(worker, index, () => thread)));
      }
    });
    return (performance.now() - started) / 1000;
  };
  samples.labSeconds = await phase(samples.lab, (worker, index, thread) => labTurn(thread(), prompt(worker, index), false));
  samples.directSeconds = await phase(samples.direct, (worker, index) => directCall(prompt(worker, index)));
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
        else record(samples.direct, await timedStream(directCall(prompt)));
      }
    }
  });
  return samples;
}

/** `concurrency` dual-chat streams open at once; counts the ones that ended with both sides done. */
async function dual(): Promise<ScenarioResult> {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: scenario.concurrency }, (_, index) =>
      timedStream(labComparison(`Benchmark battle ${index}`)).then(
        (timing) => timing.ended && timing.errors === 0,
        () => false,
      ),
    ),
  );
  return { kind: 'dual', completed: outcomes.filter(Boolean).length, total: outcomes.length, seconds: (performance.now() - started) / 1000 };
}

const runners = { turns, streams, dual } satisfies Record<Scenario['kind'], () => Promise<ScenarioResult>>;
const result = await runners[scenario.kind]();
await dispatcher.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
