import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { AiModel, Database } from '../db/schema.js';
import { drillDown } from './drilldown.js';
import { toViewJson } from './schemas.js';
import type { EvaluationView } from './service.js';

const PAGE = 100;

/** Every prompt of the run with its answers and verdicts, a page at a time. */
async function* pages(db: Kysely<Database>, view: EvaluationView) {
  for (let offset = 0; ; offset += PAGE) {
    const page = await drillDown(db, view.evaluation, offset, PAGE);
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
  }
}

/** The whole run as one JSON document: the run, its progress and results, and every prompt with answers and verdicts. */
export async function* exportJson(db: Kysely<Database>, view: EvaluationView, names: Map<string, AiModel>): AsyncGenerator<string> {
  const head = JSON.stringify(toViewJson(view, names));
  yield `${head.slice(0, -1)},"prompts":[`;
  let first = true;
  for await (const page of pages(db, view)) {
    yield `${first ? '' : ','}${page.map((prompt) => JSON.stringify(prompt)).join(',')}`;
    first = false;
  }
  yield ']}\n';
}

/** The results table: one row per model. */
export function resultsCsv(view: EvaluationView): string {
  const header = [
    'model_name', 'model_id', 'provider_name', 'is_baseline', 'is_judge', 'win_rate', 'ci_lower', 'ci_upper', 'judgments', 'rating', 'rating_ci_lower', 'rating_ci_upper',
    'consistent_wins', 'consistent_losses', 'consistent_ties', 'answers', 'input_tokens', 'output_tokens', 'avg_time_ms', 'cost',
  ];
  const rows = (view.results?.models ?? []).map((model) => [
    model.model_name, model.model_id, model.provider_name ?? '', model.is_baseline, model.is_judge, model.win_rate ?? '', model.ci_lower ?? '', model.ci_upper ?? '', model.judgments,
    model.rating ?? '', model.rating_ci_lower ?? '', model.rating_ci_upper ?? '', model.consistency.wins, model.consistency.losses, model.consistency.ties,
    model.answers, model.input_tokens, model.output_tokens, model.avg_time_ms ?? '', model.cost ?? '',
  ]);
  return stringify([header, ...rows]);
}

/** One row per judgment: the prompt, the model in each position, the verdict and the judge's reasoning. */
export async function* judgmentsCsv(db: Kysely<Database>, view: EvaluationView, names: Map<string, AiModel>): AsyncGenerator<string> {
  yield stringify([['prompt_id', 'position', 'category', 'model_a', 'model_b', 'verdict', 'attempts', 'judgment_text']]);
  const name = (id: string) => names.get(id)?.model_name ?? id;
  for await (const page of pages(db, view)) {
    yield stringify(
      page.flatMap((prompt) =>
        prompt.judgments.map((judgment) => [prompt.id, prompt.position, prompt.category ?? '', name(judgment.first_id), name(judgment.second_id), judgment.verdict, judgment.attempts, judgment.judgment_text]),
      ),
    );
  }
}
