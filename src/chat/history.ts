import type { ChatMessage } from '../providers/adapter.js';

export type Side = 'model1' | 'model2';

/** An earlier turn of a thread, as stored. */
export interface Turn {
  prompt_text: string | null;
  model1_response: string | null;
  model2_response: string | null;
}

/**
 * The conversation a model sees: the thread's earlier turns (its own side's answers) and the new
 * prompt, within `budgetChars`; the oldest turns are dropped first. Turns where this side
 * answered nothing are left out, so a failed turn does not confuse the next one.
 */
export function buildConversation(turns: Turn[], side: Side, prompt: string, budgetChars: number): ChatMessage[] {
  const kept: ChatMessage[][] = [];
  let used = prompt.length;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index] as Turn;
    const answer = side === 'model1' ? turn.model1_response : turn.model2_response;
    if (!turn.prompt_text || !answer) continue;
    const size = turn.prompt_text.length + answer.length;
    if (used + size > budgetChars) break;
    used += size;
    kept.unshift([
      { role: 'user', content: turn.prompt_text },
      { role: 'assistant', content: answer },
    ]);
  }
  return [...kept.flat(), { role: 'user', content: prompt }];
}

/** A thread title from its first prompt: one line, at most ~60 characters, cut at a word. */
export function titleFromPrompt(prompt: string, max = 60): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line || 'New chat';
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
