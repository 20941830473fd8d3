import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useModels } from '../api/queries';
import { evaluationApi } from './api';
import { judgePromptsKey } from './JudgePromptsPanel';
import { promptSetsKey } from './PromptSetsPanel';
import { MutationError } from '../errors/MutationError';

/** Start a run: a set, the models, a baseline (or round robin), a judge and its prompt. */
export function NewRunForm() {
  const navigate = useNavigate();
  const sets = useQuery({ queryKey: promptSetsKey, queryFn: evaluationApi.promptSets });
  const judgePrompts = useQuery({ queryKey: judgePromptsKey, queryFn: evaluationApi.judgePrompts });
  const models = useModels();
  const [setId, setSetId] = useState('');
  const [mode, setMode] = useState<'vs_baseline' | 'round_robin'>('vs_baseline');
  const [chosen, setChosen] = useState<string[]>([]);
  const [baseline, setBaseline] = useState('');
  const [judge, setJudge] = useState('');
  const [judgePrompt, setJudgePrompt] = useState('');
  const [name, setName] = useState('');
  const start = useMutation({
    mutationFn: () =>
      evaluationApi.create({
        prompt_set_id: setId,
        mode,
        model_ids: chosen,
        ...(mode === 'vs_baseline' && baseline && { baseline_model_id: baseline }),
        judge_model_id: judge,
        ...(judgePrompt && { judge_prompt_id: judgePrompt }),
        ...(name.trim() && { name: name.trim() }),
      }),
    onSuccess: (view) => void navigate(`/evaluations/${view.evaluation_id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const all = models.data ?? [];
  return (
    <section className="card" aria-labelledby="new-run-title">
      <h2 id="new-run-title">New evaluation</h2>
      <form className="form-grid" onSubmit={submit}>
        <label className="field">
          <span>Prompt set</span>
          <select value={setId} onChange={(event) => setSetId(event.target.value)} required data-testid="run-set">
            <option value="">Choose…</option>
            {(sets.data ?? []).map((set) => (
              <option key={set.prompt_set_id} value={set.prompt_set_id}>
                {set.name} ({set.prompt_count} prompts, v{set.latest_version})
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field">
          <legend>Mode</legend>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'vs_baseline'} onChange={() => setMode('vs_baseline')} /> Each model against a baseline (Arena-Hard)
          </label>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'round_robin'} onChange={() => setMode('round_robin')} /> Round robin (every pair)
          </label>
        </fieldset>
        <fieldset className="field">
          <legend>Models</legend>
          {all.map((model) => (
            <label key={model.model_id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(model.model_id)}
                disabled={mode === 'vs_baseline' && baseline === model.model_id}
                onChange={(event) => setChosen(event.target.checked ? [...chosen, model.model_id] : chosen.filter((id) => id !== model.model_id))}
              />{' '}
              {model.model_name} <span className="provider">{model.provider_name}</span>
            </label>
          ))}
        </fieldset>
        {mode === 'vs_baseline' && (
          <label className="field">
            <span>Baseline</span>
            <select value={baseline} onChange={(event) => setBaseline(event.target.value)} required data-testid="run-baseline">
              <option value="">Choose…</option>
              {all
                .filter((model) => !chosen.includes(model.model_id))
                .map((model) => (
                  <option key={model.model_id} value={model.model_id}>
                    {model.model_name}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Judge</span>
          <select value={judge} onChange={(event) => setJudge(event.target.value)} required data-testid="run-judge">
            <option value="">Choose…</option>
            {all.map((model) => (
              <option key={model.model_id} value={model.model_id}>
                {model.model_name}
                {chosen.includes(model.model_id) || baseline === model.model_id ? ' (also a contestant)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Judge prompt</span>
          <select value={judgePrompt} onChange={(event) => setJudgePrompt(event.target.value)} data-testid="run-judge-prompt">
            {(judgePrompts.data ?? []).map((prompt) => (
              <option key={prompt.judge_prompt_id} value={prompt.built_in ? '' : prompt.judge_prompt_id}>
                {prompt.name} (v{prompt.latest_version})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Name (optional)</span>
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <div className="row-actions">
          <button type="submit" className="button primary" disabled={start.isPending || chosen.length === 0} data-testid="run-start">
            Start
          </button>
          <MutationError error={start.error} />
        </div>
      </form>
    </section>
  );
}
