/** What the benchmark asks of the load generator, and what it answers: raw samples in ms. */
export interface Scenario {
  kind: 'turns' | 'streams' | 'dual';
  concurrency: number;
  /** Calls of each kind (turns without a duration, streams). */
  count?: number;
  /** With a duration, turns run as a lab phase and then a direct phase of this length (throughput). */
  durationMs?: number;
  turnsPerThread: number;
  lab: { url: string; token: string; modelId: string; secondModelId: string; threadIds: string[] };
  upstream: { baseURL: string; apiKey: string; model: string };
}

export interface TurnSamples {
  kind: 'turns';
  lab: number[];
  direct: number[];
  labSeconds: number;
  directSeconds: number;
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
}

export type ScenarioResult = TurnSamples | StreamSamples | DualResult;
