import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryState } from '../components/QueryState';
import { evaluationApi } from './api';
import { STATUS_LABELS } from './format';
import { JudgePromptsPanel } from './JudgePromptsPanel';
import { NewRunForm } from './NewRunForm';
import { PromptSetsPanel } from './PromptSetsPanel';
import './evaluations.css';

function Runs() {
  const runs = useQuery({ queryKey: ['evaluations'], queryFn: evaluationApi.evaluations, refetchInterval: 5_000 });
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <QueryState query={runs} loading="Loading evaluations…">
        {runs.data && runs.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Your evaluations, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Models</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((run) => (
                  <tr key={run.evaluation_id} data-testid="run-row">
                    <th scope="row">
                      <Link to={`/evaluations/${run.evaluation_id}`}>{run.name ?? `Run of ${new Date(run.created_at ?? '').toLocaleString()}`}</Link>
                    </th>
                    <td>
                      {run.models
                        .filter((model) => model.model_id !== run.judge_model_id || run.model_ids.includes(model.model_id))
                        .map((model) => model.model_name)
                        .join(', ')}
                    </td>
                    <td>
                      <span className="badge">{STATUS_LABELS[run.status] ?? run.status}</span>
                    </td>
                    <td>{run.started_at ? new Date(run.started_at).toLocaleString() : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="hint">No evaluations yet.</p>
        )}
      </QueryState>
    </section>
  );
}

/** Prompt sets, judge prompts, runs and a form to start one. */
export default function EvaluationsPage() {
  return (
    <div className="evaluations">
      <header className="page-head">
        <h1>Evaluations</h1>
        <p className="lede">Your own prompts, answered by the models you pick and judged pairwise by a judge model, each pair in both orders. Runs go on in the background: leave and come back.</p>
      </header>
      <div className="eval-grid">
        <Runs />
        <NewRunForm />
        <PromptSetsPanel />
        <JudgePromptsPanel />
      </div>
    </div>
  );
}
