/** What the benchmark asks of the load generator, and what it answers: raw samples in ms. */
export interface Scenario {
  kind: 'turns' | 'streams' | 'dual' | 'fairness';
  concurrency: number;
  /** Calls of each kind (turns without a duration, streams). */
  count?: number;
  /** With a duration, turns run as a lab phase and then a direct phase of this length (throughput). */
  durationMs?: number;
  /** Dual chats: how many each of the `concurrency` users sends, one after the other. */
  rounds?: number;
  turnsPerThread: number;
  lab: { url: string; token: string; modelId: string; secondModelId: string; threadIds: string[] };
  upstream: { baseURL: string; apiKey: string; model: string };
  /** A peer gateway to send the same JSON calls through (turns only): its URL and routing headers. */
  peer?: { url: string; headers: Record<string, string> };
  /** Dual chats: send each side's stream through this bare relay (`pipeRelay.ts`) instead of the lab. */
  relay?: string;
  /** Fairness: the two models (few and many chunks) whose dual chats are timed under the load. */
  fairness?: { shortModelId: string; longModelId: string; upstreamURL: string; count: number };
}

export interface TurnSamples {
  kind: 'turns';
  lab: number[];
  direct: number[];
  /** The same calls through the peer, when the scenario names one. */
  peer: number[];
  labSeconds: number;
  directSeconds: number;
  peerSeconds: number;
  /** Throughput phases: the CPU the whole machine used during each (every process, the database included). */
  machineCpuMs: { lab: number; direct: number; peer: number };
}

export interface StreamSamples {
  kind: 'streams';
  lab: { firstToken: number[]; gaps: number[] };
  direct: { firstToken: number[]; gaps: number[] };
  /** Streams that ended without their end marker or with an error event. */
  failed: number;
  /** Why, for the first few. */
  failures: string[];
}

export interface DualResult {
  kind: 'dual';
  completed: number;
  total: number;
  seconds: number;
  /** Why some did not complete, for the first few. */
  failures: string[];
}

/** One side of a timed dual chat: what the client saw of the lab, and what the upstream did. */
export interface FairSide {
  chunks: 'short' | 'long';
  /** Lab: the side's first delta, from the `meta` event, as the client received them. */
  labFirstToken: number;
  /** Lab: the side's `time_ms` (its own measure, the one stored and ranked). */
  labTotal: number;
  /** Upstream: its first and last chunk written, from the request's arrival, on its own clock. */
  upstreamFirstToken: number;
  upstreamTotal: number;
}

export interface FairnessResult {
  kind: 'fairness';
  sides: FairSide[];
}

export type ScenarioResult = TurnSamples | StreamSamples | DualResult | FairnessResult;
