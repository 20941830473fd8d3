import { describe, expect, it } from 'vitest';
import { codeLineCount, isCoding } from './coding.js';

const prose = 'Sure! Here is a short answer in plain words.';

describe('isCoding', () => {
  it.each([
    ['a fenced block in the prompt', 'Why does this fail?\n```python\nprint(1/0)\n```'],
    ['unfenced Python', 'What is wrong here?\ndef total(items):\n    return sum(items) + tax'],
    ['unfenced JavaScript', 'const add = (a, b) => a + b;\nconsole.log(add(1, 2));'],
    ['a one-line snippet', 'x = [i*i for i in range(10)]'],
    ['an SQL query', 'SELECT name, email FROM users WHERE active = 1;\nHow do I make this faster?'],
    ['a Python traceback', 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nZeroDivisionError: division by zero'],
    ['a Java stack trace', 'Exception in thread "main" java.lang.NullPointerException\n    at com.example.App.main(App.java:14)\n    at com.example.Boot.run(Boot.java:3)'],
    ['shell commands', 'I ran:\n$ npm install\n$ git push origin main\nand it hangs.'],
    ['HTML', 'Center this:\n<div class="box">\n  <p>Hello</p>\n</div>'],
    ['C', '#include <stdio.h>\nint main(void) {\n  printf("hi");\n}'],
  ])('is true for %s', (_what, prompt) => {
    expect(isCoding(prompt, [prose, prose])).toBe(true);
  });

  it('is true when only an answer has code', () => {
    expect(isCoding('Write a function that reverses a string.', ['```js\nconst reverse = (s) => [...s].reverse().join("");\n```', prose])).toBe(true);
  });

  it.each([
    ['a question', 'What is the capital of France?'],
    ['a recipe with a numbered list', 'How do I bake bread?\n1. Mix flour and water.\n2. Knead for ten minutes.\n3. Bake at 220 °C.'],
    ['prose with code-like words', 'Let me know what you think; I want to import olive oil from Italy.\nSelect the best answer from the list below.'],
    ['a poem with semicolons', 'The night is long; the stars are cold;\nthe river hums; the story’s told.'],
    ['arithmetic', 'What is 2 + 2 = ? And if x = 3, what is 2x?'],
    ['an email', 'Hi Anna,\nThe meeting -> moved to Friday.\nFor example: bring the slides.\nBest, Tom'],
    ['a price list', '$ 100 for the basic plan\n$ 250 for the premium plan'],
  ])('is false for %s', (_what, prompt) => {
    expect(isCoding(prompt, [prose, 'Paris is the capital of France.'])).toBe(false);
  });
});

describe('codeLineCount', () => {
  it('counts only the lines that are code', () => {
    expect(codeLineCount('Here is how:\nimport numpy as np\narr = np.zeros(3)\nThat is all.')).toBe(2);
  });
});
