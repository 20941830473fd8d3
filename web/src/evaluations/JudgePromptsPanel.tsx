import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { JudgePrompt } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { evaluationApi } from './api';
import { MutationError } from '../errors/MutationError';

export const judgePromptsKey = ['judge-prompts'] as const;

interface Draft {
  /** The prompt being edited; undefined for a new one. */
  id: string | undefined;
  name: string;
  system_prompt: string;
  prompt_template: string;
}

/** Write a judge prompt, or edit one of yours: a changed text becomes a new version, and runs keep the version they used. */
function JudgePromptForm({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(draft.name);
  const [system, setSystem] = useState(draft.system_prompt);
  const [template, setTemplate] = useState(draft.prompt_template);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), system_prompt: system, prompt_template: template };
      return draft.id ? evaluationApi.updateJudgePrompt(draft.id, body) : evaluationApi.createJudgePrompt(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: judgePromptsKey });
      onDone();
    },
  });
  return (
    <form
      className="form-grid"
      aria-label={draft.id ? 'Edit judge prompt' : 'New judge prompt'}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label className="field">
        <span>Judge prompt name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} required data-testid="judge-prompt-name" />
      </label>
      <label className="field">
        <span>System prompt</span>
        <textarea value={system} onChange={(event) => setSystem(event.target.value)} rows={6} required />
      </label>
      <label className="field">
        <span>Template</span>
        <textarea value={template} onChange={(event) => setTemplate(event.target.value)} rows={6} required />
      </label>
      <p className="hint">
        The template needs <code>{'{question}'}</code>, <code>{'{answer_a}'}</code> and <code>{'{answer_b}'}</code>; <code>{'{reference}'}</code> places the set&rsquo;s reference answer. The
        judge must end with one of <code>[[A&gt;&gt;B]]</code>, <code>[[A&gt;B]]</code>, <code>[[A=B]]</code>, <code>[[B&gt;A]]</code>, <code>[[B&gt;&gt;A]]</code>.
      </p>
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={save.isPending} data-testid="judge-prompt-save">
          {draft.id ? 'Save as a new version' : 'Create'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Close
        </button>
        <MutationError error={save.error} />
      </div>
    </form>
  );
}

const draftOf = (prompt: JudgePrompt, own: boolean): Draft => ({
  id: own ? prompt.judge_prompt_id : undefined,
  name: own ? prompt.name : '',
  system_prompt: prompt.system_prompt,
  prompt_template: prompt.prompt_template,
});

/** The built-in judge prompt and your own; start a new one from any of them. */
export function JudgePromptsPanel() {
  const prompts = useQuery({ queryKey: judgePromptsKey, queryFn: evaluationApi.judgePrompts });
  // Each opening gets its own form (a fresh key), so a second Copy or Edit starts from its own text.
  const [open, setOpen] = useState<{ draft: Draft; seq: number } | undefined>();
  const setDraft = (draft: Draft) => setOpen((previous) => ({ draft, seq: (previous?.seq ?? 0) + 1 }));
  return (
    <section className="card" aria-labelledby="judge-prompts-title">
      <h2 id="judge-prompts-title">Judge prompts</h2>
      <QueryState query={prompts} loading="Loading judge prompts…">
        <ul className="eval-set-list">
          {(prompts.data ?? []).map((prompt) => (
            <li key={prompt.judge_prompt_id} data-testid="judge-prompt">
              {prompt.name} <span className="hint">{prompt.built_in ? 'built in' : `version ${prompt.latest_version}`}</span>{' '}
              <button type="button" className="button small" onClick={() => setDraft(draftOf(prompt, false))} aria-label={`Copy ${prompt.name} into a new judge prompt`}>
                Copy
              </button>{' '}
              {!prompt.built_in && (
                <button type="button" className="button small" onClick={() => setDraft(draftOf(prompt, true))} aria-label={`Edit ${prompt.name}`}>
                  Edit
                </button>
              )}
            </li>
          ))}
        </ul>
      </QueryState>
      {open && <JudgePromptForm key={open.seq} draft={open.draft} onDone={() => setOpen(undefined)} />}
    </section>
  );
}
