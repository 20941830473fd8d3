import type { ChatMessage } from '../providers/adapter.js';

export const REQUIRED_PLACEHOLDERS = ['{question}', '{answer_a}', '{answer_b}'] as const;
const PLACEHOLDER = /\{(question|answer_a|answer_b|reference)\}/g;

/** Why a template cannot be used, or undefined when it can. */
export function templateProblem(template: string): string | undefined {
  const missing = REQUIRED_PLACEHOLDERS.filter((placeholder) => !template.includes(placeholder));
  return missing.length > 0 ? `must contain ${missing.join(', ')}` : undefined;
}

function referenceBlock(reference: string | null): string {
  return reference ? `\n<|Reference Answer|>\n${reference}\n<|End of Reference Answer|>\n` : '';
}

/**
 * The judge's messages for one order of one pair. Placeholders are replaced in one pass over the
 * template, so a `{answer_b}` inside an answer or the prompt stays literal text. A reference
 * answer goes where `{reference}` stands, or after everything when the template has no place for it.
 */
export function judgeMessages(
  judge: { system_prompt: string; prompt_template: string },
  input: { question: string; reference: string | null; answerA: string; answerB: string },
): ChatMessage[] {
  const values = { question: input.question, answer_a: input.answerA, answer_b: input.answerB, reference: referenceBlock(input.reference) };
  let content = judge.prompt_template.replace(PLACEHOLDER, (_, name: keyof typeof values) => values[name]);
  if (!judge.prompt_template.includes('{reference}')) content += referenceBlock(input.reference);
  return [
    { role: 'system', content: judge.system_prompt },
    { role: 'user', content },
  ];
}
