import { expect, it } from 'vitest';
import { judgeMessages, templateProblem } from './judgeTemplate.js';

const judge = { system_prompt: 'Judge well.', prompt_template: 'Q: {question}\n{reference}A: {answer_a}\nB: {answer_b}' };

it('fills the placeholders and leaves placeholder-like text inside the inputs alone', () => {
  const [system, user] = judgeMessages(judge, { question: 'What is {answer_b}?', reference: null, answerA: 'x {question}', answerB: 'y' });
  expect(system).toEqual({ role: 'system', content: 'Judge well.' });
  expect(user).toEqual({ role: 'user', content: 'Q: What is {answer_b}?\nA: x {question}\nB: y' });
});

it('puts the reference answer where {reference} stands, or at the end when the template has no place for it', () => {
  const withPlace = judgeMessages(judge, { question: 'q', reference: '42', answerA: 'a', answerB: 'b' })[1]?.content;
  expect(withPlace).toBe('Q: q\n\n<|Reference Answer|>\n42\n<|End of Reference Answer|>\nA: a\nB: b');
  const without = judgeMessages({ system_prompt: 's', prompt_template: '{question} {answer_a} {answer_b}' }, { question: 'q', reference: '42', answerA: 'a', answerB: 'b' })[1]?.content;
  expect(without).toBe('q a b\n<|Reference Answer|>\n42\n<|End of Reference Answer|>\n');
});

it('names the placeholders a template lacks', () => {
  expect(templateProblem('{question} {answer_a} {answer_b}')).toBeUndefined();
  expect(templateProblem('{question} {answer_a}')).toBe('must contain {answer_b}');
  expect(templateProblem('nothing')).toBe('must contain {question}, {answer_a}, {answer_b}');
});
