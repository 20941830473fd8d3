import type { AiModel, SideError, SideUsage } from '../db/schema.js';
import type { ChatMessage } from '../providers/adapter.js';
import { classifyError, type FailureCategory } from '../providers/errors.js';
import type { ModelGateway } from '../providers/gateway.js';

export interface SideResult {
  text: string;
  /** Wall time of this side, from the start of the request to its last byte or its error. */
  time_ms: number;
  error: SideError | undefined;
  retryAfterMs: number | undefined;
  /** From the start of the request to this side's first text; undefined if none came. */
  ttft_ms: number | undefined;
  /** The tokens the upstream reported at the end of its stream, if it did. */
  usage: SideUsage | undefined;
}

/** What users are told when the side's model must stay secret (anonymous battles). */
const ANONYMOUS_MESSAGES: Record<FailureCategory, string> = {
  rate_limit: 'This model is rate limited right now; try again in a moment.',
  auth: 'This model could not be reached with the lab’s API keys.',
  quota: 'This model’s provider quota is used up.',
  server: 'This model’s provider failed to answer.',
  timeout: 'This model took too long to answer.',
  network: 'This model’s provider could not be reached.',
  bad_request: 'This model refused the request (too long, or not allowed).',
  aborted: 'The request was stopped.',
  unavailable: 'This model is unavailable right now; try again later.',
};

/** Streams one side of a turn to `onText`; a failure ends the side, it never throws. */
export async function runSide(options: {
  gateway: ModelGateway;
  model: AiModel;
  messages: ChatMessage[];
  signal: AbortSignal;
  startedAt: number;
  anonymous: boolean;
  onText: (text: string) => void | Promise<void>;
}): Promise<SideResult> {
  let text = '';
  let ttft_ms: number | undefined;
  let usage: SideUsage | undefined;
  const elapsed = () => Math.round(performance.now() - options.startedAt);
  try {
    for await (const event of options.gateway.stream(options.model, options.messages, options.signal)) {
      if (event.type === 'done') {
        const { inputTokens, outputTokens } = event.usage ?? {};
        if (inputTokens !== undefined || outputTokens !== undefined) usage = { input_tokens: inputTokens ?? null, output_tokens: outputTokens ?? null };
        continue;
      }
      ttft_ms ??= elapsed();
      text += event.text;
      await options.onText(event.text);
    }
    return { text, time_ms: elapsed(), error: undefined, retryAfterMs: undefined, ttft_ms, usage };
  } catch (thrown) {
    const error = classifyError(thrown);
    return {
      text,
      time_ms: elapsed(),
      error: { category: error.category, message: options.anonymous ? ANONYMOUS_MESSAGES[error.category] : error.message },
      retryAfterMs: error.retryAfterMs,
      ttft_ms,
      usage,
    };
  }
}
