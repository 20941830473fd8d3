import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (JSON and
 * SSE ending in `data: [DONE]`, with Groq's `x_groq` usage chunk and error bodies), and can be
 * told per API key how to misbehave, or to misbehave at random on a seeded schedule (`chaos`).
 * Per key it counts calls and completed answers and logs arrival times and the 429s/401s it sent.
 * Tests reach it through the real adapters and HTTP stack.
 */
export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Streams this many chunks, then goes silent with the connection open. */
  | { kind: 'stall'; afterChunks: number }
  /** Streams this many chunks, then a line that is not JSON. */
  | { kind: 'malformed'; afterChunks: number }
  /** Streams this many chunks, then drops the connection. */
  | { kind: 'drop'; afterChunks: number }
  /** Streams this many chunks, then an OpenAI-style error event (a 500 mid-stream), and ends. */
  | { kind: 'errorEvent'; afterChunks: number };

export const behaviours = {
  ok: (): Behaviour => ({ kind: 'ok' }),
  rateLimited: (retryAfterSeconds: number): Behaviour => ({
    kind: 'status',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-reset-tokens': `${retryAfterSeconds / 2}s` },
    body: {
      error: {
        message: `Rate limit reached for model in organization org_test on tokens per minute (TPM): Limit 6000, Used 6000. Please try again in ${retryAfterSeconds}s.`,
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    },
  }),
  invalidKey: (): Behaviour => ({
    kind: 'status',
    status: 401,
    body: { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } },
  }),
  noCredit: (): Behaviour => ({
    kind: 'status',
    status: 402,
    body: { error: { message: 'Insufficient credits: add funds to continue', type: 'billing_error', code: 'insufficient_credit' } },
  }),
  serverError: (status = 500): Behaviour => ({
    kind: 'status',
    status,
    body: { error: { message: status === 503 ? 'Service Unavailable' : 'Internal Server Error', type: 'internal_server_error' } },
  }),
  contextTooLong: (): Behaviour => ({
    kind: 'status',
    status: 400,
    body: {
      error: {
        message: 'Please reduce the length of the messages or completion.',
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
      },
    },
  }),
  unknownModel: (): Behaviour => ({
    kind: 'status',
    status: 404,
    body: { error: { message: 'The model `nope` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' } },
  }),
  hang: (): Behaviour => ({ kind: 'hang' }),
  stall: (afterChunks: number): Behaviour => ({ kind: 'stall', afterChunks }),
  malformed: (afterChunks: number): Behaviour => ({ kind: 'malformed', afterChunks }),
  drop: (afterChunks: number): Behaviour => ({ kind: 'drop', afterChunks }),
  errorEvent: (afterChunks: number): Behaviour => ({ kind: 'errorEvent', afterChunks }),
};

export interface UpstreamRequest {
  apiKey: string | undefined;
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream: boolean;
}

interface KeyStats {
  /** Requests received with this key. */
  calls: number;
  /** Responses sent in full ([DONE] written, or the JSON body). */
  completed: number;
  /** Requests whose client went away before the response was complete. */
  aborted: number;
}

export interface FakeUpstreamOptions {
  /** The reply, as the chunks to stream. */
  chunks?: string[];
  /** Builds the reply from the request instead (a scripted judge, answers that name their prompt). */
  reply?: (request: UpstreamRequest) => string[];
  chunkDelayMs?: number;
  /** Put usage in Groq's `x_groq` field of the last chunk (else an OpenAI usage chunk). */
  groq?: boolean;
  /** Report token usage at the end of a stream (default); false: like servers that never do. */
  usage?: boolean;
  models?: string[];
  /** Misbehave at random for keys with no script of their own (see `ChaosOptions`). */
  chaos?: ChaosOptions;
}

/** The faults a chaos schedule injects; each maps to one Behaviour. */
export const FAULT_KINDS = ['rate_limit', 'auth', 'server_500', 'server_503', 'hang', 'stall', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A seeded random fault schedule. Each key draws from its own generator, seeded from `seed` and
 * the key, so the n-th request of a key always gets the same fault for the same seed: a failing
 * run is replayed (as far as the order of requests across keys allows) from its printed seed.
 */
export interface ChaosOptions {
  seed: number;
  /** Probability of each fault per request (their sum at most 1); the rest are answered normally. */
  rates: Partial<Record<FaultKind, number>>;
  /** Retry-After of a 429, whole seconds drawn uniformly from [min, max]; default [1, 3]. */
  retryAfterSeconds?: [number, number];
}

/** What the upstream saw and sent for one key, in Date.now() milliseconds. */
export interface KeyLog {
  /** When each chat request arrived (before its body was read). */
  arrivals: number[];
  /** Each 429 answered: when its response was written, and the Retry-After it carried. */
  rateLimits: Array<{ at: number; retryAfterMs: number }>;
  /** When each 401 was answered. */
  unauthorized: number[];
}

/** mulberry32: a small, fast, seedable generator; good enough for test schedules. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, mixed with a seed: one generator seed per (run seed, key). */
function hashSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export const DEFAULT_CHUNKS = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];

export class FakeUpstream {
  readonly requests: UpstreamRequest[] = [];
  /** Each `GET /v1/models`, with the API key it carried. */
  readonly modelListings: Array<{ apiKey: string | undefined }> = [];
  private readonly script = new Map<string, Behaviour[]>();
  private readonly statsByKey = new Map<string, KeyStats>();
  private readonly logs = new Map<string, KeyLog>();
  private readonly sockets = new Set<import('node:net').Socket>();
  private chaos: ChaosOptions | undefined;
  private readonly chaosRandom = new Map<string, () => number>();
  private readonly faultCounts = new Map<FaultKind, number>();

  private constructor(
    private readonly server: http.Server,
    readonly options: Required<Omit<FakeUpstreamOptions, 'chaos' | 'reply'>> & { reply: FakeUpstreamOptions['reply'] | undefined },
  ) {}

  static async start(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
    const server = http.createServer();
    const upstream = new FakeUpstream(server, {
      chunks: options.chunks ?? DEFAULT_CHUNKS,
      chunkDelayMs: options.chunkDelayMs ?? 0,
      groq: options.groq ?? false,
      usage: options.usage ?? true,
      models: options.models ?? ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'mixtral-8x7b-32768'],
      reply: options.reply,
    });
    upstream.chaos = options.chaos;
    server.on('request', (request, response) => void upstream.handle(request, response));
    server.on('connection', (socket) => {
      upstream.sockets.add(socket);
      socket.on('close', () => upstream.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return upstream;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Behaviours for a key's next calls, in order; the last one repeats. */
  behave(apiKey: string, ...sequence: Behaviour[]): void {
    this.script.set(apiKey, sequence);
  }

  stats(apiKey: string): KeyStats {
    return { ...(this.statsByKey.get(apiKey) ?? { calls: 0, completed: 0, aborted: 0 }) };
  }

  /** Every key this upstream has seen a chat request for. */
  keys(): string[] {
    return [...this.statsByKey.keys()];
  }

  /** Starts (or, with undefined, stops) the random fault schedule for keys without a script. */
  setChaos(chaos: ChaosOptions | undefined): void {
    this.chaos = chaos;
    this.chaosRandom.clear();
  }

  /** Faults injected by the chaos schedule so far, by kind. */
  faults(): Record<FaultKind, number> {
    return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, this.faultCounts.get(kind) ?? 0])) as Record<FaultKind, number>;
  }

  /** Arrival times and the 429s/401s sent, for one key. */
  log(apiKey: string): KeyLog {
    const log = this.logs.get(apiKey);
    return { arrivals: [...(log?.arrivals ?? [])], rateLimits: [...(log?.rateLimits ?? [])], unauthorized: [...(log?.unauthorized ?? [])] };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private next(apiKey: string): Behaviour {
    const sequence = this.script.get(apiKey);
    if (!sequence || sequence.length === 0) return this.chaos ? this.draw(apiKey, this.chaos) : { kind: 'ok' };
    return sequence.length > 1 ? (sequence.shift() as Behaviour) : (sequence[0] as Behaviour);
  }

  /** The chaos schedule's behaviour for a key's next request. */
  private draw(apiKey: string, chaos: ChaosOptions): Behaviour {
    let random = this.chaosRandom.get(apiKey);
    if (!random) {
      random = seededRandom(hashSeed(chaos.seed, apiKey));
      this.chaosRandom.set(apiKey, random);
    }
    // Always three draws per request, so one key's sequence does not depend on which faults came up.
    const [pick, detail, amount] = [random(), random(), random()];
    let kind: FaultKind | undefined;
    let cumulative = 0;
    for (const candidate of FAULT_KINDS) {
      cumulative += chaos.rates[candidate] ?? 0;
      if (pick < cumulative) {
        kind = candidate;
        break;
      }
    }
    if (!kind) return { kind: 'ok' };
    this.faultCounts.set(kind, (this.faultCounts.get(kind) ?? 0) + 1);
    const chunks = this.options.chunks.length;
    const [min, max] = chaos.retryAfterSeconds ?? [1, 3];
    switch (kind) {
      case 'rate_limit':
        return behaviours.rateLimited(min + Math.floor(amount * (max - min + 1)));
      case 'auth':
        return behaviours.invalidKey();
      case 'server_500':
        return behaviours.serverError(500);
      case 'server_503':
        return behaviours.serverError(503);
      case 'hang':
        return behaviours.hang();
      // Anywhere from before the first chunk to before the last one.
      case 'stall':
        return behaviours.stall(Math.floor(detail * chunks));
      case 'malformed':
        return behaviours.malformed(Math.floor(detail * chunks));
    }
  }

  private logFor(apiKey: string): KeyLog {
    let log = this.logs.get(apiKey);
    if (!log) {
      log = { arrivals: [], rateLimits: [], unauthorized: [] };
      this.logs.set(apiKey, log);
    }
    return log;
  }

  private statsFor(apiKey: string): KeyStats {
    let stats = this.statsByKey.get(apiKey);
    if (!stats) {
      stats = { calls: 0, completed: 0, aborted: 0 };
      this.statsByKey.set(apiKey, stats);
    }
    return stats;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const keyName = apiKey ?? '(none)';
    if (request.method === 'GET' && request.url === '/v1/models') {
      this.modelListings.push({ apiKey });
      const behaviour = this.next(keyName);
      if (behaviour.kind === 'status') return this.sendJson(response, behaviour.status, behaviour.body, behaviour.headers);
      return this.sendJson(response, 200, { object: 'list', data: this.options.models.map((id) => ({ id, object: 'model', owned_by: 'fake' })) });
    }
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return this.sendJson(response, 404, { error: { message: 'Not found' } });
    const log = this.logFor(keyName);
    log.arrivals.push(Date.now());

    let raw = '';
    for await (const chunk of request) raw += chunk;
    const body = JSON.parse(raw) as { model: string; messages: UpstreamRequest['messages']; stream?: boolean };
    const seen: UpstreamRequest = { apiKey, model: body.model, messages: body.messages, stream: body.stream === true };
    this.requests.push(seen);
    const replyChunks = this.options.reply ? this.options.reply(seen) : this.options.chunks;
    const stats = this.statsFor(keyName);
    stats.calls += 1;
    let finished = false;
    response.on('close', () => {
      if (!finished) stats.aborted += 1;
    });

    const behaviour = this.next(keyName);
    if (behaviour.kind === 'status') {
      finished = true;
      this.sendJson(response, behaviour.status, behaviour.body, behaviour.headers);
      const at = Date.now();
      if (behaviour.status === 429) {
        const retryAfter = Number(behaviour.headers?.['retry-after'] ?? 0);
        log.rateLimits.push({ at, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0 });
      }
      if (behaviour.status === 401) log.unauthorized.push(at);
      return;
    }
    if (behaviour.kind === 'hang') return;

    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
    const usage = { prompt_tokens: 12, completion_tokens: replyChunks.length, total_tokens: 12 + replyChunks.length };
    if (!body.stream) {
      finished = true;
      stats.completed += 1;
      return this.sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: replyChunks.join('') }, finish_reason: 'stop' }],
        usage,
      });
    }

    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
      send({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra });

    const limit = behaviour.kind === 'ok' ? Infinity : behaviour.afterChunks;
    for (const [index, text] of replyChunks.entries()) {
      if (index >= limit) break;
      if (this.options.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.chunkDelayMs));
      if (response.destroyed) return;
      chunk(index === 0 ? { role: 'assistant', content: text } : { content: text });
    }
    if (behaviour.kind === 'stall') return;
    if (behaviour.kind === 'drop') {
      response.socket?.destroy();
      return;
    }
    if (behaviour.kind === 'errorEvent') {
      send({ error: { message: 'Internal server error', type: 'server_error', code: 500 } });
      finished = true;
      response.end();
      return;
    }
    if (behaviour.kind === 'malformed') {
      response.write('data: {"id": "broken", "choices": [{"delta": {"content": \n\n');
      finished = true;
      response.end();
      return;
    }
    if (!this.options.usage) {
      chunk({}, 'stop');
    } else if (this.options.groq) {
      chunk({}, 'stop', { x_groq: { id: `req_${id}`, usage: { ...usage, queue_time: 0.01, prompt_time: 0.002, completion_time: 0.05 } } });
    } else {
      chunk({}, 'stop');
      send({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage });
    }
    response.write('data: [DONE]\n\n');
    finished = true;
    stats.completed += 1;
    response.end();
  }

  private sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }
}
