import type { AiModel } from '../db/schema.js';
import type { KeyStateCount } from '../metrics.js';
import { pause, sleep } from '../pause.js';
import type { ChatMessage, TokenUsage } from '../providers/adapter.js';
import { classifyError, ProviderError } from '../providers/errors.js';
import type { ModelGateway } from '../providers/gateway.js';

/** A whole answer, collected from the gateway's stream. */
export interface Completion {
  text: string;
  usage: TokenUsage | undefined;
  provider_name: string;
  ttft_ms: number;
  total_ms: number;
}

/** Counts the interactive requests (arena and chat turns) in flight on this instance. */
export class InteractiveTraffic {
  private count = 0;
  private readonly waiting = new Set<() => void>();

  /** Call the returned function once when the request ends. */
  begin(): () => void {
    this.count += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count -= 1;
      if (this.count === 0) for (const wake of [...this.waiting]) wake();
    };
  }

  inFlight(): number {
    return this.count;
  }

  /**
   * Resolves once no interactive request is in flight, or after `maxWaitMs` even if one still is
   * (background work waits for a gap, but not forever), or when `signal` aborts; never rejects.
   */
  quiet(maxWaitMs: number, signal: AbortSignal): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const controller = new AbortController();
      const done = () => {
        this.waiting.delete(done);
        signal.removeEventListener('abort', done);
        controller.abort();
        resolve();
      };
      this.waiting.add(done);
      signal.addEventListener('abort', done, { once: true });
      void pause(maxWaitMs, controller.signal).then(done);
      if (signal.aborted) done();
    });
  }
}

export interface BackgroundCallsDeps {
  gateway: ModelGateway;
  keyStates: () => KeyStateCount[];
  interactive: Pick<InteractiveTraffic, 'inFlight'>;
  /** The most calls at once to a provider (the setting). */
  maxConcurrency: (provider: string) => Promise<number>;
  /** One attempt (one gateway call) may take this long; waiting for cooldowns between attempts is not counted. */
  attemptTimeoutMs: number;
  /** How often a waiting call looks again for a free slot or a key out of cooldown. */
  pollMs?: number;
}

/** What one provider's background calls may do now. */
interface ProviderWindow {
  /** Additive increase, multiplicative decrease: halves at every rate limit, grows back by one per window of successes. */
  size: number;
  inFlight: number;
  /** Waiters for a slot, longest first. */
  released: Array<() => void>;
}

const RATE_LIMIT_WAIT_MS = 5_000;
/** Failures that say nothing about the work item (a dropped connection, a 5xx, a stall): tried again this often. */
const TRANSIENT = new Set(['server', 'timeout', 'network']);
const TRANSIENT_RETRIES = 2;
const TRANSIENT_WAIT_MS = 1_000;

/** "No provider could take the call" carries the failure behind it (a keyless provider's dropped connection, say). */
function underlying(error: ProviderError): ProviderError {
  return error.category === 'unavailable' && error.cause instanceof ProviderError ? error.cause : error;
}

/**
 * Upstream calls made in the background (evaluations, later the labeller) through the same
 * gateway and key pool as chats, on terms that keep the arena first:
 * - at most the configured number of calls per provider at once, less after rate limits
 *   (the window halves at each one and grows back slowly), and half of it while interactive
 *   requests are in flight on this instance;
 * - a call starts only while the provider has a key out of cooldown (keys are shared, never held:
 *   what the arena could wait for is a cooling key, so background calls stop adding to that);
 * - a rate limit, or every key cooling, makes the call wait for the cooldown and try again: it
 *   never fails the work item; a server error, a timeout or a dropped connection is tried twice
 *   more before it does.
 */
export class BackgroundCalls {
  private readonly windows = new Map<string, ProviderWindow>();

  constructor(private readonly deps: BackgroundCallsDeps) {}

  private window(provider: string, max: number): ProviderWindow {
    let window = this.windows.get(provider);
    if (!window) {
      window = { size: max, inFlight: 0, released: [] };
      this.windows.set(provider, window);
    }
    window.size = Math.min(window.size, max);
    return window;
  }

  /** How many background calls to `provider` may run at once right now. */
  async concurrency(provider: string): Promise<number> {
    const max = await this.deps.maxConcurrency(provider);
    const size = Math.floor(this.window(provider, max).size);
    return Math.max(1, this.deps.interactive.inFlight() > 0 ? Math.ceil(size / 2) : size);
  }

  /** Keys of the provider out of cooldown, or true when it uses no keys (local servers, demo). */
  private hasHeadroom(provider: string): boolean {
    let keys = 0;
    for (const count of this.deps.keyStates()) {
      if (count.provider !== provider || count.state === 'undecryptable') continue;
      if (count.state === 'available' && count.keys > 0) return true;
      keys += count.keys;
    }
    return keys === 0;
  }

  /** Waits for a slot and takes it. The check and the take are one step: no await between them lets two waiters take the last slot. */
  private async admit(provider: string, window: ProviderWindow, signal: AbortSignal): Promise<void> {
    for (;;) {
      const limit = await this.concurrency(provider);
      if (window.inFlight < limit && this.hasHeadroom(provider)) {
        window.inFlight += 1;
        return;
      }
      let wake = () => {};
      const freed = new Promise<void>((resolve) => {
        wake = resolve;
        window.released.push(resolve);
      });
      try {
        await Promise.race([freed, sleep(this.deps.pollMs ?? 250, signal)]);
      } finally {
        // Woken by the poll or an abort: out of the line, or a freed slot would wake nobody.
        const unclaimed = window.released.indexOf(wake);
        if (unclaimed !== -1) window.released.splice(unclaimed, 1);
      }
    }
  }

  /**
   * A freed slot wakes the longest waiter only: an evaluation runs twice as many jobs as calls, and
   * waking every waiter at each call's end had them all check again for the one slot.
   */
  private release(window: ProviderWindow): void {
    window.inFlight -= 1;
    window.released.shift()?.();
  }

  /**
   * The model's whole answer. Throws a ProviderError when the call fails for a reason other than
   * rate limits (a bad request, an auth failure on every key, a timeout...); rethrows the
   * signal's reason when `signal` aborts.
   */
  async complete(model: AiModel, messages: ChatMessage[], signal: AbortSignal): Promise<Completion> {
    const provider = model.provider_name ?? '';
    const window = this.window(provider, await this.deps.maxConcurrency(provider));
    let transientFailures = 0;
    for (;;) {
      await this.admit(provider, window, signal);
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.deps.attemptTimeoutMs)]);
      let waitMs: number;
      try {
        const completion = await this.collect(model, messages, attempt);
        window.size = Math.min(window.size + 1 / window.size, await this.deps.maxConcurrency(provider));
        return completion;
      } catch (thrown) {
        if (signal.aborted) throw signal.reason;
        const error = attempt.aborted
          ? new ProviderError('timeout', 'ETIMEDOUT', `No complete answer within ${this.deps.attemptTimeoutMs} ms`, { cause: thrown })
          : classifyError(thrown);
        const cooling = error.category === 'rate_limit' || (error.category === 'unavailable' && error.retryAfterMs !== undefined);
        if (cooling) {
          window.size = Math.max(1, window.size / 2);
          waitMs = Math.max(error.retryAfterMs ?? RATE_LIMIT_WAIT_MS, 100);
        } else if (TRANSIENT.has(underlying(error).category) && transientFailures < TRANSIENT_RETRIES) {
          waitMs = TRANSIENT_WAIT_MS * 2 ** transientFailures;
          transientFailures += 1;
        } else {
          throw error;
        }
      } finally {
        this.release(window);
      }
      await sleep(waitMs, signal);
    }
  }

  private async collect(model: AiModel, messages: ChatMessage[], signal: AbortSignal): Promise<Completion> {
    let text = '';
    for await (const event of this.deps.gateway.stream(model, messages, signal)) {
      if (event.type === 'text') text += event.text;
      else return { text, usage: event.usage, provider_name: event.provider_name, ttft_ms: event.ttft_ms, total_ms: event.total_ms };
    }
    throw new ProviderError('server', 'no_done', 'The gateway ended without finishing the call');
  }
}
