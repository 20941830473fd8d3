import { useState, type FormEvent } from 'react';
import { endpoints } from '../api/endpoints';
import type { Provider } from '../api/openapi';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

/**
 * The key is plain text only while the admin types it: the field is cleared once the server
 * has it, and from then on only its mask is ever shown.
 */
export function AddKeyForm({ providers }: { providers: Provider[] }) {
  const [provider, setProvider] = useState(providers[0]?.provider_name ?? '');
  const [apiKey, setApiKey] = useState('');
  const [savedMask, setSavedMask] = useState<string | null>(null);
  const add = useAdminMutation(
    ({ name, key }: { name: string; key: string }) => endpoints.admin.addKey(name, key),
    (saved) => setSavedMask(saved.display_mask),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!provider || !key) return;
    setApiKey('');
    setSavedMask(null);
    add.mutate({ name: provider, key });
  };
  return (
    <form className="card form-grid" onSubmit={submit} data-testid="add-key-form">
      <h2>Add a key</h2>
      <div className="field">
        <label htmlFor="key-provider">Provider</label>
        <select id="key-provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
          {providers.map((item) => (
            <option key={item.provider_name} value={item.provider_name}>
              {item.display_name ?? item.provider_name}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor="api-key">API key</label>
        <input id="api-key" value={apiKey} onChange={(event) => setApiKey(event.target.value)} autoComplete="off" spellCheck={false} placeholder="gsk_…" minLength={8} required />
      </div>
      <button type="submit" className="button primary" disabled={add.isPending || apiKey.trim().length < 8}>
        {add.isPending ? 'Saving…' : 'Save key'}
      </button>
      {savedMask && (
        <p className="ok-note" role="status" data-testid="key-saved">
          Saved as <code>{savedMask}</code>. The key itself is never shown again.
        </p>
      )}
      <MutationError error={add.error} />
    </form>
  );
}
