import type { ProviderAdapter } from './adapter.js';
import { demoAdapter } from './demoAdapter.js';
import { openAiCompatibleAdapter } from './openAiCompatibleAdapter.js';

export const GROQ_BASE_URL = 'https://api.groq.com/openai/v1';
/** Bytez through its OpenAI-compatible endpoint, so it shares the OpenAI-compatible adapter. */
export const BYTEZ_BASE_URL = 'https://api.bytez.com/models/v2/openai/v1';

export type AdapterFor = (providerName: string) => ProviderAdapter;

/**
 * The adapter is chosen by provider name: `groq`, `bytez`, `demo`, and any other name is a
 * generic OpenAI-compatible provider at the model's `api_url` (OpenAI, OpenRouter, vLLM, Ollama…).
 */
export function createAdapters(options: { demoDelayMs: number }): AdapterFor {
  const builtIn: Record<string, ProviderAdapter> = {
    groq: openAiCompatibleAdapter({ name: 'groq', label: 'Groq', defaultBaseURL: GROQ_BASE_URL, requiresKey: true, flavour: 'groq' }),
    bytez: openAiCompatibleAdapter({ name: 'bytez', label: 'Bytez', defaultBaseURL: BYTEZ_BASE_URL, requiresKey: true }),
    demo: demoAdapter(options.demoDelayMs),
  };
  const generic = new Map<string, ProviderAdapter>();
  return (providerName) => {
    const known = builtIn[providerName];
    if (known) return known;
    let adapter = generic.get(providerName);
    if (!adapter) {
      // Local servers (Ollama, vLLM, llama.cpp) often run without keys: a generic provider
      // with no key configured is called without one.
      adapter = openAiCompatibleAdapter({ name: providerName, label: providerName, defaultBaseURL: undefined, requiresKey: false });
      generic.set(providerName, adapter);
    }
    return adapter;
  };
}
