import { useId, useState, type FormEvent } from 'react';
import { type Model, modelStatusValues, type NewModel, type Provider } from '../api/openapi';
import { oneOf } from '../api/oneOf';

export type ModelFields = Required<NewModel>;

/** The fields of a model, for adding one and for editing one. */
export function ModelForm({ initial, providers, submitLabel, pending, onSubmit, onCancel }: {
  initial: Partial<Model>;
  providers: Provider[];
  submitLabel: string;
  pending: boolean;
  onSubmit(fields: ModelFields): void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial.model_name ?? '');
  const [provider, setProvider] = useState(initial.provider_name ?? providers[0]?.provider_name ?? '');
  const [apiUrl, setApiUrl] = useState(initial.api_url ?? '');
  const [description, setDescription] = useState(initial.description ?? '');
  const [status, setStatus] = useState(oneOf(modelStatusValues, initial.status, 'active'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ model_name: name.trim(), provider_name: provider, api_url: apiUrl.trim() || null, description: description.trim() || null, status });
  };

  return (
    <form className="form-grid" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Model name</label>
        <input id={`${id}-name`} value={name} required placeholder="llama-3.3-70b-versatile" onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <select id={`${id}-provider`} value={provider} onChange={(event) => setProvider(event.target.value)}>
          {providers.map((item) => (
            <option key={item.provider_name} value={item.provider_name}>
              {item.provider_name}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-url`}>API base URL (optional)</label>
        <input id={`${id}-url`} type="url" value={apiUrl} placeholder="http://localhost:11434/v1" onChange={(event) => setApiUrl(event.target.value)} />
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-description`}>Description</label>
        <input id={`${id}-description`} value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(oneOf(modelStatusValues, event.target.value, status))}>
          {modelStatusValues.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </div>
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={pending || !name.trim() || !provider}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
