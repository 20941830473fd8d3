import { describe, expect, it } from 'vitest';
import { CATEGORY_DEFINITIONS, labellerMessages, MAX_PROMPT_CHARS } from './categories.js';

const read = (category: keyof typeof CATEGORY_DEFINITIONS, reply: string) => CATEGORY_DEFINITIONS[category].read(reply);

describe('hard_prompt replies', () => {
  it('counts the criteria met; hard from six of seven', () => {
    expect(read('hard_prompt', '[1, 2, 3, 4, 5, 6]')).toEqual({ value: true, score: 6 });
    expect(read('hard_prompt', 'Criteria met: [1,2,3,4,5,6,7]')).toEqual({ value: true, score: 7 });
    expect(read('hard_prompt', '[1, 3, 7]')).toEqual({ value: false, score: 3 });
    expect(read('hard_prompt', '[]')).toEqual({ value: false, score: 0 });
    // A criterion named twice is one criterion.
    expect(read('hard_prompt', '[1, 1, 2, 3, 4, 5]')).toEqual({ value: false, score: 5 });
  });

  it('gives no label for a reply that is not one array of criterion numbers', () => {
    for (const reply of ['', 'hard', '1, 2, 3, 4, 5, 6', '[1, 2] or maybe [1, 2, 3]', '[0, 1]', '[1, 8]', '[one, two]', '[12]']) {
      expect(read('hard_prompt', reply), reply).toBeUndefined();
    }
  });
});

describe('yes/no decisions (creative_writing, math)', () => {
  it('reads the decision however it is spaced or cased', () => {
    expect(read('math', '<decision>yes</decision>')).toEqual({ value: true, score: null });
    expect(read('math', '<decision>\nNo\n</decision>')).toEqual({ value: false, score: null });
    expect(read('creative_writing', '<decision>\n[yes]\n</decision>')).toEqual({ value: true, score: null });
    expect(read('creative_writing', 'Sure. <decision>no</decision> <decision>no</decision>')).toEqual({ value: false, score: null });
  });

  it('gives no label without exactly one verdict', () => {
    for (const reply of ['yes', '<decision>maybe</decision>', '<decision>yes</decision><decision>no</decision>', '<decision>yes']) {
      expect(read('math', reply), reply).toBeUndefined();
    }
  });
});

describe('instruction_following replies', () => {
  it('holds from a score of 4 of 5', () => {
    expect(read('instruction_following', '<score>4</score>')).toEqual({ value: true, score: 4 });
    expect(read('instruction_following', '<score> 5 </score>.')).toEqual({ value: true, score: 5 });
    expect(read('instruction_following', '<score>3</score>')).toEqual({ value: false, score: 3 });
    expect(read('instruction_following', '<score>0</score>')).toEqual({ value: false, score: 0 });
  });

  it('gives no label for a score out of range or several scores', () => {
    for (const reply of ['4', '<score>6</score>', '<score>[Your score]</score>', '<score>2</score><score>4</score>']) {
      expect(read('instruction_following', reply), reply).toBeUndefined();
    }
  });
});

describe('labellerMessages', () => {
  it('sends the category’s instructions and at most MAX_PROMPT_CHARS of the prompt', () => {
    const messages = labellerMessages('math', 'x'.repeat(MAX_PROMPT_CHARS + 100));
    expect(messages[0]).toEqual({ role: 'system', content: CATEGORY_DEFINITIONS.math.system });
    expect(messages[1]?.content).toBe(`<user_prompt>\n${'x'.repeat(MAX_PROMPT_CHARS)}\n</user_prompt>`);
  });
});
