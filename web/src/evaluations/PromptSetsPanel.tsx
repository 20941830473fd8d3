import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../errors/describeError';
import { QueryState } from '../components/QueryState';
import { evaluationApi, fileType } from './api';

export const promptSetsKey = ['prompt-sets'] as const;

/** Import a JSON-lines or CSV file as a new set; the server names the line and field of a bad one. */
function ImportForm() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('Choose a .jsonl or .csv file.');
      const type = fileType(file.name);
      if (!type) throw new Error('The file must end in .jsonl, .ndjson or .csv.');
      return evaluationApi.importPromptSet(name.trim() || file.name, await file.text(), type);
    },
    onSuccess: () => {
      setFile(null);
      setName('');
      void queryClient.invalidateQueries({ queryKey: promptSetsKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label="Import a prompt set">
      <label className="field">
        <span>Prompt file (.jsonl or .csv)</span>
        <input type="file" accept=".jsonl,.ndjson,.csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} data-testid="import-file" />
      </label>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder="the file's name" />
      </label>
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={upload.isPending || !file}>
          Import
        </button>
        {upload.isError && (
          <p className="form-error" role="alert" data-testid="import-error">
            {errorMessage(upload.error)}
          </p>
        )}
      </div>
      <p className="hint">
        One prompt per line: <code>{'{"prompt": "…", "id": "…", "category": "…", "reference": "…"}'}</code>, or CSV with a header row naming the columns <code>prompt</code>, <code>id</code>,{' '}
        <code>category</code>, <code>reference</code>. Up to 10,000 prompts.
      </p>
    </form>
  );
}

/** Type prompts straight in: one per line. */
function QuickCreate() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const create = useMutation({
    mutationFn: () =>
      evaluationApi.createPromptSet({
        name: name.trim(),
        prompts: text
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((prompt) => ({ prompt })),
      }),
    onSuccess: () => {
      setName('');
      setText('');
      void queryClient.invalidateQueries({ queryKey: promptSetsKey });
    },
  });
  return (
    <form
      className="form-grid"
      aria-label="New prompt set"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label className="field">
        <span>Prompts, one per line</span>
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={4} required />
      </label>
      <div className="row-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          Create
        </button>
        {create.isError && <p className="form-error">{errorMessage(create.error)}</p>}
      </div>
    </form>
  );
}

export function PromptSetsPanel() {
  const sets = useQuery({ queryKey: promptSetsKey, queryFn: evaluationApi.promptSets });
  return (
    <section className="card" aria-labelledby="sets-title">
      <h2 id="sets-title">Prompt sets</h2>
      <QueryState query={sets} loading="Loading prompt sets…">
        {sets.data && sets.data.length > 0 ? (
          <ul className="eval-set-list">
            {sets.data.map((set) => (
              <li key={set.prompt_set_id} data-testid="prompt-set">
                <Link to={`/evaluations/sets/${set.prompt_set_id}`}>{set.name}</Link>{' '}
                <span className="hint">
                  {set.prompt_count} prompts · version {set.latest_version}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">No prompt sets yet: import a file or type some prompts.</p>
        )}
      </QueryState>
      <details open={sets.data?.length === 0}>
        <summary>Import a file</summary>
        <ImportForm />
      </details>
      <details>
        <summary>Type prompts</summary>
        <QuickCreate />
      </details>
    </section>
  );
}
