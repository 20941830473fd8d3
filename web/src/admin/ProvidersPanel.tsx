import { DeleteButton } from '../components/DeleteButton';
import { useState, type FormEvent } from 'react';
import { endpoints } from '../api/endpoints';
import type { Provider } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { useAdminProviders } from './adminQueries';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

function ProviderRow({ provider }: { provider: Provider }) {
  const [priority, setPriority] = useState(String(provider.priority));
  const update = useAdminMutation((patch: { is_enabled?: boolean; priority?: number }) => endpoints.admin.updateProvider(provider.provider_name, patch));
  const remove = useAdminMutation(() => endpoints.admin.deleteProvider(provider.provider_name));
  const savePriority = () => {
    const value = Number(priority);
    if (Number.isInteger(value) && value !== provider.priority) update.mutate({ priority: value });
  };
  return (
    <tr>
      <th scope="row">
        {provider.display_name ?? provider.provider_name} <span className="provider">{provider.provider_name}</span>
      </th>
      <td>
        <label className="check">
          <input type="checkbox" checked={provider.is_enabled} disabled={update.isPending} onChange={(event) => update.mutate({ is_enabled: event.target.checked })} />
          <span>{provider.is_enabled ? 'Enabled' : 'Disabled'}</span>
        </label>
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`priority-${provider.provider_name}`}>
          Priority of {provider.provider_name}
        </label>
        <input
          id={`priority-${provider.provider_name}`}
          className="narrow"
          type="number"
          step={1}
          min={-1000}
          max={1000}
          value={priority}
          onChange={(event) => setPriority(event.target.value)}
          onBlur={savePriority}
          onKeyDown={(event) => event.key === 'Enter' && savePriority()}
        />
      </td>
      <td>
        <DeleteButton question={`Delete provider ${provider.provider_name} and all its keys?`} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
        <MutationError error={update.error ?? remove.error} />
      </td>
    </tr>
  );
}

/** The server's rule for provider names (src/providers/schemas.ts), said before it refuses one. */
const NAME_PATTERN = '[a-z0-9][a-z0-9._\\-]{0,62}';
const NAME_RULE = 'Lower-case letters, digits, dots, dashes or underscores, no spaces (such as openrouter).';

function AddProviderForm() {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const create = useAdminMutation(endpoints.admin.createProvider, () => {
    setName('');
    setDisplayName('');
  });
  // The browser's own refusal ("Please match the requested format.") does not say which format.
  const badName = name !== '' && !new RegExp(`^(?:${NAME_PATTERN})$`).test(name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ provider_name: name.trim(), ...(displayName.trim() ? { display_name: displayName.trim() } : {}) });
  };
  return (
    <form className="card form-grid" onSubmit={submit}>
      <h2>Add a provider</h2>
      <div className="field">
        <label htmlFor="provider-name">Name</label>
        <input
          id="provider-name"
          value={name}
          required
          pattern={NAME_PATTERN}
          title={NAME_RULE}
          placeholder="openrouter"
          aria-invalid={badName}
          aria-describedby="provider-name-rule"
          onChange={(event) => setName(event.target.value)}
        />
        <p id="provider-name-rule" className={badName ? 'form-error' : 'hint'}>
          {NAME_RULE}
        </p>
      </div>
      <div className="field">
        <label htmlFor="provider-display">Display name</label>
        <input id="provider-display" value={displayName} placeholder="OpenRouter" onChange={(event) => setDisplayName(event.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={create.isPending || !name.trim() || badName}>
        Add provider
      </button>
      <p className="hint full">groq and bytez use their own APIs; any other name is an OpenAI-compatible API at each model’s URL.</p>
      <MutationError error={create.error} />
    </form>
  );
}

export function ProvidersPanel() {
  const providers = useAdminProviders();
  return (
    <div className="admin-section">
      <AddProviderForm />
      <QueryState query={providers} loading="Loading providers…">
        <div className="card table-wrap">
          <table className="table">
            <caption className="visually-hidden">Providers; a higher priority is tried first</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Status</th>
                <th scope="col">Priority (higher first)</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {providers.data?.map((provider) => (
                <ProviderRow key={provider.provider_name} provider={provider} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </div>
  );
}
