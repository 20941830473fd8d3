import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { EvaluationPrompt, EvaluationView } from '../api/openapi';
import { Markdown } from '../components/Markdown';
import { QueryState } from '../components/QueryState';
import { evaluationApi } from './api';

const PAGE = 20;

type Judgment = EvaluationPrompt['judgments'][number];

/** The two verdicts of one pair, as [shown first, shown second] per order. */
function pairs(prompt: EvaluationPrompt): Array<{ x: string; y: string; orders: Judgment[] }> {
  const byPair = new Map<string, { x: string; y: string; orders: Judgment[] }>();
  for (const judgment of prompt.judgments) {
    const [x, y] = [judgment.first_id, judgment.second_id].sort() as [string, string];
    const key = `${x}:${y}`;
    const entry = byPair.get(key) ?? { x: judgment.first_id, y: judgment.second_id, orders: [] };
    entry.orders.push(judgment);
    byPair.set(key, entry);
  }
  return [...byPair.values()];
}

function PromptDetail({ prompt, name }: { prompt: EvaluationPrompt; name: (id: string) => string }) {
  const answer = (id: string) => prompt.answers.find((entry) => entry.model_id === id);
  return (
    <div className="eval-prompt-detail">
      <div className="prompt-bubble">
        <Markdown text={prompt.prompt} />
      </div>
      {prompt.reference && (
        <details className="eval-reference">
          <summary>Reference answer</summary>
          <Markdown text={prompt.reference} />
        </details>
      )}
      {pairs(prompt).map(({ x, y, orders }) => (
        <section key={`${x}:${y}`} className="eval-pair" aria-label={`${name(x)} and ${name(y)}`}>
          <div className="answers">
            {[x, y].map((id) => {
              const entry = answer(id);
              return (
                <article key={id} className="answer" data-testid="drill-answer">
                  <header className="answer-head">
                    <span className="answer-title">{name(id)}</span>
                    {entry?.time_ms !== null && entry?.time_ms !== undefined && <span className="hint">{entry.time_ms} ms</span>}
                  </header>
                  <div className="answer-body">{entry?.error ? <p className="side-error">{entry.error.message}</p> : <Markdown text={entry?.answer_text ?? ''} />}</div>
                </article>
              );
            })}
          </div>
          {orders.map((judgment) => (
            <details key={`${judgment.first_id}:${judgment.second_id}`} className="eval-verdict" data-testid="drill-verdict">
              <summary>
                {name(judgment.first_id)} shown first: <strong>{judgment.verdict}</strong>
                {judgment.attempts > 1 && <span className="badge warn">asked {judgment.attempts}×</span>}
              </summary>
              {judgment.error ? <p className="side-error">{judgment.error.message}</p> : <Markdown text={judgment.judgment_text} />}
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}

/** Each prompt with both answers side by side and both verdicts with the judge's reasoning. */
export function DrillDown({ view }: { view: EvaluationView }) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: ['evaluations', view.evaluation_id, 'prompts', offset, view.status],
    queryFn: () => evaluationApi.prompts(view.evaluation_id, offset, PAGE),
  });
  const name = (id: string) => view.models.find((model) => model.model_id === id)?.model_name ?? id;
  return (
    <section aria-labelledby="drill-title" className="eval-drill">
      <h2 id="drill-title">Prompts</h2>
      <QueryState query={query} loading="Loading prompts…">
        {query.data && (
          <>
            <ol className="eval-prompt-list" start={offset + 1}>
              {query.data.prompts.map((prompt) => (
                <li key={prompt.position} data-testid="drill-prompt">
                  <details>
                    <summary>
                      <span className="eval-prompt-id">{prompt.id}</span> {prompt.prompt.length > 120 ? `${prompt.prompt.slice(0, 120)}…` : prompt.prompt}
                      {prompt.category && <span className="badge">{prompt.category}</span>}
                      <span className="eval-verdicts">{prompt.judgments.map((judgment) => judgment.verdict).join(' · ')}</span>
                    </summary>
                    <PromptDetail prompt={prompt} name={name} />
                  </details>
                </li>
              ))}
            </ol>
            <div className="row-actions">
              <button type="button" className="button small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                Previous
              </button>
              <span className="hint">
                {Math.min(offset + 1, query.data.total)}–{Math.min(offset + PAGE, query.data.total)} of {query.data.total}
              </span>
              <button type="button" className="button small" disabled={offset + PAGE >= query.data.total} onClick={() => setOffset(offset + PAGE)}>
                Next
              </button>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
