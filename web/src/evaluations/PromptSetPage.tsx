import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PromptSetDetail } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { downloads, evaluationApi } from './api';
import { promptSetsKey } from './PromptSetsPanel';
import './evaluations.css';
import { MutationError } from '../errors/MutationError';

interface Row {
  id: string;
  prompt: string;
  category: string;
  reference: string;
}

function rowsOf(detail: PromptSetDetail): Row[] {
  return detail.prompts.map((prompt) => ({ id: prompt.id, prompt: prompt.prompt, category: prompt.category ?? '', reference: prompt.reference ?? '' }));
}

/** Edits a version's prompts; saving makes the next version (runs keep the one they used). */
function Editor({ detail }: { detail: PromptSetDetail }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(detail));
  useEffect(() => setRows(rowsOf(detail)), [detail]);
  const save = useMutation({
    mutationFn: () =>
      evaluationApi.updatePromptSet(detail.prompt_set_id, {
        prompts: rows.map((row) => ({ prompt: row.prompt, id: row.id || undefined, category: row.category || null, reference: row.reference || null })),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: promptSetsKey });
      void queryClient.invalidateQueries({ queryKey: ['prompt-set', detail.prompt_set_id] });
    },
  });
  const change = (index: number, field: keyof Row, value: string) => setRows(rows.map((row, at) => (at === index ? { ...row, [field]: value } : row)));
  if (detail.prompt_count > detail.prompts.length) {
    return <p className="hint">This version has {detail.prompt_count} prompts, more than the editor shows: export it, edit the file and import it as a new version.</p>;
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <div className="table-wrap">
        <table className="table eval-editor">
          <caption className="visually-hidden">Prompts of version {detail.version}</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Prompt</th>
              <th scope="col">Category</th>
              <th scope="col">Reference answer</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td>
                  <input aria-label={`Id of prompt ${index + 1}`} value={row.id} onChange={(event) => change(index, 'id', event.target.value)} />
                </td>
                <td>
                  <textarea aria-label={`Prompt ${index + 1}`} value={row.prompt} rows={2} onChange={(event) => change(index, 'prompt', event.target.value)} />
                </td>
                <td>
                  <input aria-label={`Category of prompt ${index + 1}`} value={row.category} onChange={(event) => change(index, 'category', event.target.value)} />
                </td>
                <td>
                  <textarea aria-label={`Reference answer of prompt ${index + 1}`} value={row.reference} rows={2} onChange={(event) => change(index, 'reference', event.target.value)} />
                </td>
                <td>
                  <button type="button" className="icon-button" aria-label={`Remove prompt ${index + 1}`} onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row-actions">
        <button type="button" className="button small" onClick={() => setRows([...rows, { id: '', prompt: '', category: '', reference: '' }])}>
          Add a prompt
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          Save as version {detail.latest_version + 1}
        </button>
        <MutationError error={save.error} />
      </div>
    </form>
  );
}

export default function PromptSetPage() {
  const { setId = '' } = useParams();
  const [version, setVersion] = useState<number | undefined>(undefined);
  const query = useQuery({ queryKey: ['prompt-set', setId, version], queryFn: () => evaluationApi.promptSet(setId, version) });
  const detail = query.data;
  return (
    <div className="evaluations">
      <p>
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <QueryState query={query} loading="Loading the prompt set…">
        {detail && (
          <>
            <header className="page-head">
              <h1>{detail.name}</h1>
              <p className="lede">
                {detail.prompt_count} prompts ·{' '}
                <label>
                  version{' '}
                  <select value={detail.version} onChange={(event) => setVersion(Number(event.target.value))}>
                    {detail.versions.map((entry) => (
                      <option key={entry.version} value={entry.version}>
                        {entry.version} ({entry.prompt_count} prompts)
                      </option>
                    ))}
                  </select>
                </label>
              </p>
            </header>
            <div className="row-actions">
              <button type="button" className="button small" onClick={() => void downloads.promptSet(detail.prompt_set_id, detail.version, 'jsonl')}>
                Export JSON lines
              </button>
              <button type="button" className="button small" onClick={() => void downloads.promptSet(detail.prompt_set_id, detail.version, 'csv')}>
                Export CSV
              </button>
            </div>
            <Editor detail={detail} />
          </>
        )}
      </QueryState>
    </div>
  );
}
