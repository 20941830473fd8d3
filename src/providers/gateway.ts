import type { AiModel } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { UpstreamObserver } from '../metrics.js';
import type { ChatMessage, TokenUsage } from './adapter.js';
import type { AdapterFor } from './adapters.js';
import type { Catalog } from './catalog.js';
import { classifyError, ProviderError } from './errors.js';
import type { KeyPool, SelectedKey } from './keyPool.js';

export interface GatewayTimeouts {
  /** No first byte within this → `timeout`, and the next key is tried. */
  firstByteMs: number;
  /** No chunk for this long after the first → the side ends with `timeout`. */
  idleMs: number;
  /** How long a request may wait for a cooling key before it is answered 503. */
  maxWaitMs: number;
}

export type GatewayEvent =
  | { type: 'text'; text: string }
  | {
      type: 'done';
      provider_name: string;
      key_mask: string | null;
      usage: TokenUsage | undefined;
      ttft_ms: number;
      total_ms: number;
    };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderError('aborted', 'aborted', 'The request was cancelled'));
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'aborted', 'The request was cancelled'));
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Serves a chat from a model through the key pool: the next healthy key on a retryable failure,
 * then the next enabled provider serving the same model_name, then a wait for the earliest
 * cooldown if it ends within `maxWaitMs`, else `unavailable`. Keys are switched only before the
 * first streamed byte; after it, a failure ends the stream with that error.
 */
export class ModelGateway {
  constructor(
    private readonly deps: {
      catalog: Catalog;
      pool: KeyPool;
      adapterFor: AdapterFor;
      logger: Logger;
      timeouts: GatewayTimeouts;
      observer?: UpstreamObserver | undefined;
    },
  ) {}

  async *stream(model: AiModel, messages: ChatMessage[], signal: AbortSignal): AsyncGenerator<GatewayEvent> {
    const { catalog, pool, adapterFor } = this.deps;
    const started = performance.now();
    const deadline = Date.now() + this.deps.timeouts.maxWaitMs;
    const targets = await catalog.servingTargets(model);
    if (targets.length === 0) {
      throw new ProviderError('unavailable', 'provider_disabled', `No enabled provider serves ${model.model_name}`);
    }
    await pool.ready();

    let lastError: ProviderError | undefined;
    for (;;) {
      let cooldownEndsAt: number | undefined;
      for (const target of targets) {
        const providerName = target.provider_name ?? '';
        const adapter = adapterFor(providerName);
        const usesKeys = adapter.requiresKey || pool.hasKeys(providerName);
        const tried = new Set<string>();
        for (;;) {
          let key: SelectedKey | undefined;
          if (usesKeys) {
            const selection = pool.select(providerName, tried);
            if (!selection.ok) {
              if (selection.cooldownEndsAt !== undefined) cooldownEndsAt = Math.min(cooldownEndsAt ?? Infinity, selection.cooldownEndsAt);
              if (selection.reason !== 'all_cooling' || tried.size === 0) {
                lastError ??= new ProviderError('unavailable', selection.reason, `No usable API key for ${providerName} (${selection.reason.replace('_', ' ')})`);
              }
              break;
            }
            key = selection.key;
            tried.add(key.key_id);
          }
          let streamed = false;
          try {
            let ttft = 0;
            let usage: TokenUsage | undefined;
            for await (const chunk of this.attempt(target, key, messages, signal)) {
              if (chunk.type === 'finish') {
                usage = chunk.usage;
                continue;
              }
              if (!streamed) ttft = performance.now() - started;
              streamed = true;
              yield chunk;
            }
            if (key) pool.reportSuccess(key.key_id);
            const totalMs = performance.now() - started;
            this.deps.observer?.succeeded(providerName, target.model_name, ttft, totalMs);
            this.deps.logger.info(
              { provider: providerName, model: target.model_name, key_mask: key?.display_mask, ttft_ms: Math.round(ttft), total_ms: Math.round(totalMs), usage },
              'upstream call',
            );
            yield {
              type: 'done',
              provider_name: providerName,
              key_mask: key?.display_mask ?? null,
              usage,
              ttft_ms: Math.round(ttft),
              total_ms: Math.round(totalMs),
            };
            return;
          } catch (thrown) {
            const error = classifyError(thrown);
            if (key) void pool.reportFailure(key.key_id, error);
            this.deps.observer?.failed(providerName, target.model_name, error.category);
            this.deps.logger.warn(
              { provider: providerName, model: target.model_name, key_mask: key?.display_mask, category: error.category, error_type: error.type, streamed },
              'upstream call failed',
            );
            if (streamed || !error.isRetryable) throw error;
            lastError = error;
            if (!key) break;
          }
        }
      }
      const now = Date.now();
      if (cooldownEndsAt !== undefined && cooldownEndsAt <= deadline) {
        await sleep(cooldownEndsAt - now, signal);
        continue;
      }
      const retryAfterMs = cooldownEndsAt !== undefined ? cooldownEndsAt - now : lastError?.retryAfterMs;
      const why = lastError ? `${lastError.message}` : 'every key is cooling down';
      throw new ProviderError('unavailable', lastError?.type ?? 'all_keys_cooling', `${model.model_name} is unavailable: ${why}`, {
        retryAfterMs,
        cause: lastError,
      });
    }
  }

  /** One upstream call with the first-byte and idle timeouts; throws only ProviderErrors. */
  private async *attempt(target: AiModel, key: SelectedKey | undefined, messages: ChatMessage[], clientSignal: AbortSignal) {
    const { firstByteMs, idleMs } = this.deps.timeouts;
    const controller = new AbortController();
    const onClientAbort = () => controller.abort(clientSignal.reason);
    if (clientSignal.aborted) onClientAbort();
    clientSignal.addEventListener('abort', onClientAbort, { once: true });
    let timedOut: string | undefined;
    const arm = (ms: number, why: string) =>
      setTimeout(() => {
        timedOut = why;
        controller.abort(new ProviderError('timeout', 'ETIMEDOUT', why));
      }, ms);
    let timer = arm(firstByteMs, `No answer from the provider within ${firstByteMs} ms`);
    let completed = false;
    try {
      const chunks = this.deps.adapterFor(target.provider_name ?? '').streamChat({
        model: target.model_name,
        baseURL: target.api_url ?? undefined,
        apiKey: key?.apiKey,
        messages,
        signal: controller.signal,
      });
      let streaming = false;
      for await (const chunk of chunks) {
        // One idle timer per stream, pushed back on every chunk: a new timer per chunk was a
        // measurable share of the relay's CPU and garbage.
        if (streaming) timer.refresh();
        else {
          streaming = true;
          clearTimeout(timer);
          timer = arm(idleMs, `The provider's stream stalled for ${idleMs} ms`);
        }
        yield chunk;
      }
      completed = true;
    } catch (error) {
      if (timedOut) throw new ProviderError('timeout', 'ETIMEDOUT', timedOut, { cause: error });
      if (clientSignal.aborted) throw new ProviderError('aborted', 'aborted', 'The request was cancelled', { cause: error });
      throw classifyError(error);
    } finally {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
      // A consumer that stopped reading early must not leave the upstream request running.
      if (!completed) controller.abort();
    }
  }
}
