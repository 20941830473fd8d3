import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../errors/describeError';
import type { EvaluationView } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { downloads, evaluationApi, followRun } from './api';
import { DrillDown } from './DrillDown';
import { percent, STATUS_LABELS } from './format';
import { ProgressBars } from './ProgressBars';
import { ResultsTable } from './ResultsTable';

const LIVE = new Set(['queued', 'running', 'paused']);

/** The run as its event stream tells it, from the first GET on. */
function useLiveRun(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['evaluations', id], queryFn: () => evaluationApi.evaluation(id) });
  const status = query.data?.status;
  useEffect(() => {
    if (!status || !LIVE.has(status)) return;
    const controller = new AbortController();
    followRun(id, (view) => queryClient.setQueryData(['evaluations', id], view), controller.signal).catch(() => {
      // The stream ended (a reload, a network drop): the last view stays; a refetch catches up.
      if (!controller.signal.aborted) void query.refetch();
    });
    return () => controller.abort();
  }, [id, status, queryClient, query]);
  return query;
}

function Actions({ view }: { view: EvaluationView }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => evaluationApi[action](view.evaluation_id),
    onSuccess: (next) => queryClient.setQueryData(['evaluations', view.evaluation_id], next),
  });
  const button = (action: 'pause' | 'resume' | 'cancel', label: string) => (
    <button type="button" className="button small" disabled={act.isPending} onClick={() => act.mutate(action)}>
      {label}
    </button>
  );
  return (
    <div className="row-actions">
      {(view.status === 'running' || view.status === 'queued') && button('pause', 'Pause')}
      {(view.status === 'paused' || view.status === 'failed') && button('resume', 'Resume')}
      {LIVE.has(view.status) && button('cancel', 'Cancel')}
      {act.isError && <span className="form-error">{errorMessage(act.error)}</span>}
    </div>
  );
}

function Exports({ id }: { id: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  const run = (work: () => Promise<void>) => () => void work().catch((error: unknown) => setFailure(errorMessage(error)));
  return (
    <div className="row-actions">
      <button type="button" className="button small" onClick={run(() => downloads.run(id, 'json'))}>
        Export JSON
      </button>
      <button type="button" className="button small" onClick={run(() => downloads.run(id, 'csv', 'results'))}>
        Results CSV
      </button>
      <button type="button" className="button small" onClick={run(() => downloads.run(id, 'csv', 'judgments'))}>
        Verdicts CSV
      </button>
      {failure && <span className="form-error">{failure}</span>}
    </div>
  );
}

function Findings({ view }: { view: EvaluationView }) {
  const results = view.results;
  if (!results) return null;
  const name = (id: string) => view.models.find((model) => model.model_id === id)?.model_name ?? id;
  return (
    <>
      <ul className="eval-facts">
        <li data-testid="flip-rate">
          Position bias: the verdict flipped with the order in <strong>{percent(results.position_flip_rate)}</strong> of {results.pairs_judged_both_orders} pairs; position A was preferred in{' '}
          {percent(results.position_a_rate)} of decisive verdicts.
        </li>
        <li>
          Verdicts: {results.verdicts.parsed} read, {results.verdicts.unparsed} unparsed (left out).
        </li>
        {results.judge_is_contestant && <li className="warn-text">The judge is also one of the contestants: its verdicts on itself may be biased.</li>}
        {results.human_agreement.pairs.length > 0 && (
          <li>
            Agreement with human votes: {percent(results.human_agreement.agreement_rate, 0)} of {results.human_agreement.pairs.length} pairs (
            {results.human_agreement.pairs.map((pair) => `${name(pair.model_a)} vs ${name(pair.model_b)}: judge ${percent(pair.judge_win_rate, 0)}, humans ${percent(pair.human_win_rate, 0)} of ${pair.human_votes}`).join('; ')})
          </li>
        )}
      </ul>
      {results.categories.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>Win rate by category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Prompts
                </th>
                {view.models
                  .filter((model) => model.model_id !== view.judge_model_id || view.model_ids.includes(model.model_id) || view.baseline_model_id === model.model_id)
                  .map((model) => (
                    <th key={model.model_id} scope="col" className="num">
                      {model.model_name}
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {results.categories.map((category) => (
                <tr key={category.category}>
                  <th scope="row">{category.category}</th>
                  <td className="num">{category.prompts}</td>
                  {category.models.map((model) => (
                    <td key={model.model_id} className="num">
                      {percent(model.win_rate)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export default function RunPage() {
  const { id = '' } = useParams();
  const query = useLiveRun(id);
  const view = query.data;
  return (
    <div className="evaluations">
      <p>
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <QueryState query={query} loading="Loading the evaluation…">
        {view && (
          <>
            <header className="page-head">
              <h1>{view.name ?? 'Evaluation'}</h1>
              <p className="lede">
                <span className="badge" data-testid="run-status">
                  {STATUS_LABELS[view.status] ?? view.status}
                </span>{' '}
                {view.mode === 'vs_baseline' ? 'Each model against the baseline' : 'Round robin'}, judged by {view.models.find((model) => model.model_id === view.judge_model_id)?.model_name} in both orders.
                {view.error && <span className="form-error"> {view.error}</span>}
              </p>
            </header>
            <ProgressBars progress={view.progress} status={view.status} />
            <Actions view={view} />
            {view.results && (
              <section aria-labelledby="results-title">
                <h2 id="results-title">Results</h2>
                <ResultsTable results={view.results} />
                <Findings view={view} />
                <Exports id={view.evaluation_id} />
              </section>
            )}
            <DrillDown view={view} />
          </>
        )}
      </QueryState>
    </div>
  );
}
