import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { LabellerProgress } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { useAdminModels, useLabellerProgress } from './adminQueries';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

type Category = LabellerProgress['categories'][number];

const CATEGORY_TEXT: Record<Category['category'], string> = {
  hard_prompt: 'Hard prompts (at least 6 of LMArena’s 7 criteria)',
  creative_writing: 'Creative writing',
  math: 'Math',
  instruction_following: 'Instruction following (score 4 or 5 of 5)',
};

const STATE_TEXT: Record<LabellerProgress['instance']['state'], string> = {
  off: 'Off: no labeller model is chosen.',
  model_missing: 'The chosen labeller model no longer exists.',
  idle: 'Idle: every comparison is labelled.',
  labelling: 'Labelling.',
  waiting_for_key: 'Waiting: every key of the model’s provider is cooling down, and chats come first.',
  paused: 'Paused after a failed call.',
};

function useSetting(key: string) {
  return useAdminMutation((value: string) => endpoints.admin.putSetting(key, value));
}

function Controls({ progress }: { progress: LabellerProgress }) {
  const models = useAdminModels();
  const model = useSetting('labeller_model_id');
  const rate = useSetting('labeller_rate_per_minute');
  const categories = useSetting('labeller_categories');
  const [rateDraft, setRateDraft] = useState(String(progress.rate_per_minute));
  const saveRate = () => {
    if (rateDraft !== String(progress.rate_per_minute)) rate.mutate(rateDraft);
  };
  const toggle = (category: Category['category'], on: boolean) => {
    const chosen = progress.categories.filter((row) => (row.category === category ? on : row.enabled)).map((row) => row.category);
    categories.mutate(chosen.join(','));
  };
  return (
    <div className="card settings-form">
      <div className="setting">
        <label htmlFor="labeller-model">Labeller model</label>
        <select id="labeller-model" value={progress.model?.model_id ?? ''} disabled={model.isPending} onChange={(event) => model.mutate(event.target.value)}>
          <option value="">Off</option>
          {models.data?.map((row) => (
            <option key={row.model_id} value={row.model_id}>
              {row.model_name} ({row.provider_name}){row.status === 'active' ? '' : `, ${row.status ?? 'inactive'}`}
            </option>
          ))}
        </select>
        <p className="hint">Any model of the registry, active in the arena or not. Its calls go through the key pool and only while a key is free.</p>
        <MutationError error={model.error} />
      </div>
      <div className="setting">
        <label htmlFor="labeller-rate">Calls per minute</label>
        <input
          id="labeller-rate"
          className="narrow"
          type="number"
          min={1}
          max={600}
          value={rateDraft}
          onChange={(event) => setRateDraft(event.target.value)}
          onBlur={saveRate}
          onKeyDown={(event) => event.key === 'Enter' && saveRate()}
        />
        <p className="hint">For all server instances together; each comparison takes one call per category.</p>
        <MutationError error={rate.error} />
      </div>
      <fieldset className="labeller-categories">
        <legend>Categories</legend>
        {progress.categories.map((row) => (
          <label key={row.category} className="check">
            <input type="checkbox" checked={row.enabled} disabled={categories.isPending} onChange={(event) => toggle(row.category, event.target.checked)} />
            {CATEGORY_TEXT[row.category]}
          </label>
        ))}
        <MutationError error={categories.error} />
      </fieldset>
    </div>
  );
}

function ProgressTable({ progress }: { progress: LabellerProgress }) {
  return (
    <div className="card table-wrap" tabIndex={0} role="region" aria-label="Labeller progress">
      <table className="table" data-testid="labeller-progress">
        <caption>Comparisons by category{progress.model ? `, as labelled by ${progress.model.model_name}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Labelled</th>
            <th scope="col">In category</th>
            <th scope="col">Pending</th>
            <th scope="col">Retrying</th>
            <th scope="col" title={`Given up after ${progress.max_attempts} unreadable replies`}>
              Failed
            </th>
          </tr>
        </thead>
        <tbody>
          {progress.categories.map((row) => (
            <tr key={row.category} data-testid={`labeller-${row.category}`}>
              <th scope="row">
                {row.category.replaceAll('_', ' ')}
                {!row.enabled && <span className="badge">off</span>}
                <progress className="labeller-bar" value={row.labelled} max={Math.max(1, row.labelled + row.pending + row.failed)} aria-label={`${row.category} labelled`} />
              </th>
              <td data-testid="labelled">{row.labelled}</td>
              <td>{row.in_category}</td>
              <td data-testid="pending">{row.pending}</td>
              <td>{row.retrying}</td>
              <td data-testid="failed">{row.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The labeller model: which model, how fast, which categories, and how far it got. */
export function LabellerPanel() {
  const progress = useLabellerProgress();
  const data = progress.data;
  return (
    <div className="admin-section" data-testid="labeller-panel">
      <p className="muted">
        A labeller model files each prompt under LMArena’s categories in the background; the leaderboard’s category picker offers a category once it holds a labelled comparison. A reply in the wrong
        format is asked again later, never guessed.
      </p>
      <QueryState query={progress} loading="Loading the labeller…">
        {data && (
          <>
            <p role="status" data-testid="labeller-state">
              {data.problem ?? STATE_TEXT[data.instance.state]}
              {data.instance.state === 'paused' && data.instance.paused_until && ` Again at ${new Date(data.instance.paused_until).toLocaleTimeString()}.`}
              {data.instance.last_error && data.instance.state !== 'idle' && <span className="hint"> Last failure: {data.instance.last_error}</span>}
            </p>
            <Controls key={`${data.model?.model_id ?? ''}:${data.rate_per_minute}`} progress={data} />
            <ProgressTable progress={data} />
          </>
        )}
      </QueryState>
    </div>
  );
}
