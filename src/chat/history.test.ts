import { describe, expect, it } from 'vitest';
import { buildConversation, titleFromPrompt } from './history.js';

const turn = (prompt: string, a: string | null, b: string | null = null) => ({ prompt_text: prompt, model1_response: a, model2_response: b });

describe('buildConversation', () => {
  it('sends earlier turns in order, each side its own answers, then the prompt', () => {
    const turns = [turn('q1', 'a1', 'b1'), turn('q2', 'a2', 'b2')];
    expect(buildConversation(turns, 'model1', 'q3', 1000)).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
    expect(buildConversation(turns, 'model2', 'q3', 1000).map((message) => message.content)).toEqual(['q1', 'b1', 'q2', 'b2', 'q3']);
  });

  it('drops the oldest turns first to stay within the budget, and skips unanswered turns', () => {
    const turns = [turn('old', 'x'.repeat(50)), turn('mid', null), turn('new', 'y'.repeat(10))];
    expect(buildConversation(turns, 'model1', 'now', 40).map((message) => message.content)).toEqual(['new', 'y'.repeat(10), 'now']);
    expect(buildConversation(turns, 'model1', 'now', 2)).toEqual([{ role: 'user', content: 'now' }]);
  });
});

describe('titleFromPrompt', () => {
  it('keeps short prompts, folds whitespace and cuts long ones at a word', () => {
    expect(titleFromPrompt('  What is\n the  capital of France? ')).toBe('What is the capital of France?');
    expect(titleFromPrompt('word '.repeat(30))).toBe(`${'word '.repeat(12).trim()}…`);
    expect(titleFromPrompt('   ')).toBe('New chat');
  });
});
