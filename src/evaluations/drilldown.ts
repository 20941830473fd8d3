import type { Kysely } from 'kysely';
import type { Database, Evaluation, SideError, StoredVerdict } from '../db/schema.js';
import { answerModels, judgedOrders } from './items.js';

export interface DrillAnswer {
  model_id: string;
  answer_text: string;
  error: SideError | null;
  input_tokens: number | null;
  output_tokens: number | null;
  time_ms: number | null;
}

export interface DrillJudgment {
  /** The model whose answer was shown first (position A), and second. */
  first_id: string;
  second_id: string;
  verdict: StoredVerdict;
  judgment_text: string;
  attempts: number;
  error: SideError | null;
}

export interface DrillPrompt {
  position: number;
  id: string;
  category: string | null;
  prompt: string;
  reference: string | null;
  answers: DrillAnswer[];
  judgments: DrillJudgment[];
}

/**
 * Prompts of a run with both answers of each pair and both verdicts with the judge's reasoning,
 * `limit` prompts from `offset` (by position). Texts are whole: the drill-down shows them side by
 * side, and exports carry them.
 */
export async function drillDown(db: Kysely<Database>, run: Evaluation, offset: number, limit: number): Promise<DrillPrompt[]> {
  const items = await db
    .selectFrom('prompt_set_items as i')
    .innerJoin('eval_prompts as p', 'p.prompt_hash', 'i.prompt_hash')
    .select(['i.position', 'i.item_key', 'i.category', 'i.reference', 'i.prompt_hash', 'i.question_hash', 'p.prompt_text'])
    .where('i.prompt_set_id', '=', run.prompt_set_id)
    .where('i.version', '=', run.prompt_set_version)
    .orderBy('i.position')
    .offset(offset)
    .limit(limit)
    .execute();
  if (items.length === 0) return [];
  const models = answerModels(run);
  const answers = await db
    .selectFrom('eval_answers')
    .select(['answer_id', 'model_id', 'prompt_hash', 'answer_text', 'error', 'input_tokens', 'output_tokens', 'time_ms'])
    .where('settings_hash', '=', run.settings_hash)
    .where('model_id', 'in', models)
    .where('prompt_hash', 'in', [...new Set(items.map((item) => item.prompt_hash))])
    .execute();
  const answerIds = answers.map((answer) => answer.answer_id);
  const judgments =
    answerIds.length === 0
      ? []
      : await db
          .selectFrom('eval_judgments')
          .select(['question_hash', 'answer_a_id', 'answer_b_id', 'verdict', 'judgment_text', 'attempts', 'error'])
          .where('judge_model_id', '=', run.judge_model_id)
          .where('judge_prompt_id', '=', run.judge_prompt_id)
          .where('judge_prompt_version', '=', run.judge_prompt_version)
          .where('question_hash', 'in', [...new Set(items.map((item) => item.question_hash))])
          .where('answer_a_id', 'in', answerIds)
          .execute();
  const orders = judgedOrders(run);
  return items.map((item) => {
    const mine = answers.filter((answer) => answer.prompt_hash === item.prompt_hash);
    const byModel = new Map(mine.map((answer) => [answer.model_id, answer]));
    return {
      position: item.position,
      id: item.item_key,
      category: item.category,
      prompt: item.prompt_text,
      reference: item.reference,
      answers: models.flatMap((model) => {
        const answer = byModel.get(model);
        return answer ? [{ model_id: model, answer_text: answer.answer_text, error: answer.error, input_tokens: answer.input_tokens, output_tokens: answer.output_tokens, time_ms: answer.time_ms }] : [];
      }),
      judgments: orders.flatMap(([first, second]) => {
        const a = byModel.get(first)?.answer_id;
        const b = byModel.get(second)?.answer_id;
        const judgment = judgments.find((row) => row.question_hash === item.question_hash && row.answer_a_id === a && row.answer_b_id === b);
        return judgment
          ? [{ first_id: first, second_id: second, verdict: judgment.verdict, judgment_text: judgment.judgment_text, attempts: judgment.attempts, error: judgment.error }]
          : [];
      }),
    };
  });
}
