import { sleep } from '../pause.js';
import type { ChatCall, ChatChunk, ProviderAdapter } from './adapter.js';

const CONCISE = [
  'This answer comes from an **offline demo model**: short, canned text.',
  'You asked: "{prompt}".',
  'Add a real provider key in the admin console to compare real models.',
];

const DETAILED = [
  'This answer comes from an **offline demo model**. It never calls a real LLM, so you can try the arena before adding any API key.',
  '',
  'You asked: "{prompt}". A real model would answer that; here is what a detailed answer tends to look like:',
  '',
  '1. **Restate** the question in a sentence.',
  '2. **Answer** it directly.',
  '3. **Show** an example:',
  '',
  '```python',
  'def compare(a: str, b: str) -> str:',
  '    return "tie" if a == b else max(a, b, key=len)',
  '```',
  '',
  'Then vote for the side you prefer: every vote feeds the leaderboard.',
];

/** The replies never name their model: in an anonymous battle that would give the game away. */
function replyFor(model: string, prompt: string): string {
  const lines = model.includes('detailed') ? DETAILED : CONCISE;
  const shortPrompt = prompt.length > 120 ? `${prompt.slice(0, 117)}…` : prompt;
  return lines.join('\n').replace('{prompt}', shortPrompt.replace(/\s+/g, ' ').trim());
}

/**
 * `demo`: an offline provider that needs no key, so a fresh `npm start` can be tried end to
 * end. Deterministic canned text streamed a few words at a time, at `delayMs` per chunk.
 */
export function demoAdapter(delayMs: number): ProviderAdapter {
  return {
    label: 'Demo (offline)',
    requiresKey: false,
    defaultBaseURL: undefined,

    async *streamChat(call: ChatCall): AsyncIterable<ChatChunk> {
      const prompt = call.messages.findLast((message) => message.role === 'user')?.content ?? '';
      const words = replyFor(call.model, prompt).split(/(?<=\s)/);
      for (let index = 0; index < words.length; index += 3) {
        await sleep(delayMs, call.signal);
        yield { type: 'text', text: words.slice(index, index + 3).join('') };
      }
      yield { type: 'finish', usage: { inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(words.length * 1.3) } };
    },

    async listModels() {
      return ['demo-concise', 'demo-detailed'];
    },
  };
}
