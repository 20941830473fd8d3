import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectPrompts, importFormat, MAX_PROMPTS, readPromptFile } from './promptImport.js';

/** The file arrives in small pieces, as a network body does. */
const body = (text: string) => Readable.from(Buffer.from(text).toString('latin1').match(/[\s\S]{1,7}/g)?.map((piece) => Buffer.from(piece, 'latin1')) ?? []);

describe('JSON lines', () => {
  it('reads every line, with optional id, category and reference; blank lines skipped', async () => {
    const file = '{"prompt": "Say hi", "id": "p1", "category": "chat"}\n\n{"prompt": "2+2?", "reference": "4", "id": 7}\r\n{"prompt": "Ünïcode ✓"}\n';
    expect(await readPromptFile(body(file), 'jsonl')).toEqual([
      { prompt: 'Say hi', id: 'p1', category: 'chat', reference: undefined },
      { prompt: '2+2?', id: '7', category: undefined, reference: '4' },
      { prompt: 'Ünïcode ✓', id: undefined, category: undefined, reference: undefined },
    ]);
  });

  it('names the line and the field of the first problem', async () => {
    await expect(readPromptFile(body('{"prompt": "ok"}\n{"prompt": ""}\n'), 'jsonl')).rejects.toThrow('line 2: prompt: must not be blank');
    await expect(readPromptFile(body('{"prompt": "ok"}\n\n{"promt": "typo"}\n'), 'jsonl')).rejects.toThrow(/^line 3: /);
    await expect(readPromptFile(body('{"prompt": "ok", "colour": 1}\n'), 'jsonl')).rejects.toThrow('line 1: unknown field "colour"');
    await expect(readPromptFile(body('{"prompt": "ok"}\n{"prompt": \n'), 'jsonl')).rejects.toThrow('line 2: not valid JSON');
    await expect(readPromptFile(body('["prompt"]\n'), 'jsonl')).rejects.toThrow('line 1: must be a JSON object');
    await expect(readPromptFile(body('{"prompt": 5}\n'), 'jsonl')).rejects.toThrow('line 1: prompt: must be text');
    await expect(readPromptFile(body('{"prompt": "a", "id": "x"}\n{"prompt": "b", "id": "x"}\n'), 'jsonl')).rejects.toThrow('line 2: id: "x" appears twice');
    await expect(readPromptFile(body('\n\n'), 'jsonl')).rejects.toThrow('the file holds no prompts');
  });

  it(`refuses a set of more than ${MAX_PROMPTS} prompts at the first line too many`, async () => {
    const file = Array.from({ length: MAX_PROMPTS + 1 }, (_, index) => JSON.stringify({ prompt: `p${index}` })).join('\n');
    await expect(readPromptFile(Readable.from([file]), 'jsonl')).rejects.toThrow(`line ${MAX_PROMPTS + 1}: a set holds at most ${MAX_PROMPTS} prompts`);
  });
});

describe('CSV', () => {
  it('reads a header row and quoted fields with commas, quotes and line breaks', async () => {
    const file = '\uFEFFid,prompt,category,reference\nq1,"Hello, ""world""",greeting,\nq2,"two\nlines",,"ref"\n';
    expect(await readPromptFile(body(file), 'csv')).toEqual([
      { prompt: 'Hello, "world"', id: 'q1', category: 'greeting', reference: undefined },
      { prompt: 'two\nlines', id: 'q2', category: undefined, reference: 'ref' },
    ]);
  });

  it('names the line and the field of the first problem', async () => {
    await expect(readPromptFile(body('prompt,colour\nx,red\n'), 'csv')).rejects.toThrow('line 1: unknown column "colour"');
    await expect(readPromptFile(body('id,category\n1,a\n'), 'csv')).rejects.toThrow('line 1: the header has no "prompt" column');
    await expect(readPromptFile(body('prompt,id\nfine,1\n,2\n'), 'csv')).rejects.toThrow(/^line 3: /);
    await expect(readPromptFile(body('prompt,id\nfine,1\nextra,2,3\n'), 'csv')).rejects.toThrow(/^line 3: /);
    await expect(readPromptFile(body('prompt,id\n"unclosed,1\n'), 'csv')).rejects.toThrow(/^line \d+: /);
  });
});

it('checks the prompts of a JSON request the same way, naming prompts.N', () => {
  expect(collectPrompts([{ prompt: 'a' }, { prompt: 'b', category: 'x' }])).toHaveLength(2);
  expect(() => collectPrompts([{ prompt: 'a' }, { prompt: ' ' }])).toThrow('prompts.1.prompt: must not be blank');
  expect(() => collectPrompts([])).toThrow('prompts: must hold at least one prompt');
});

it('knows JSON lines and CSV by Content-Type', () => {
  expect(importFormat('application/x-ndjson')).toBe('jsonl');
  expect(importFormat('text/csv; charset=utf-8')).toBe('csv');
  expect(importFormat('application/json')).toBeUndefined();
  expect(importFormat(undefined)).toBeUndefined();
});
