import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { Provider } from '../api/openapi';
import { MutationError } from './MutationError';
import { useAdminMutation } from './useAdminMutation';

/** Lists what a provider's API offers and registers the chosen models in one click each. */
export function DiscoverModels({ providers }: { providers: Provider[] }) {
  const [provider, setProvider] = useState(providers[0]?.provider_name ?? '');
  const discover = useAdminMutation(endpoints.admin.discover);
  const register = useAdminMutation((model_name: string) => endpoints.admin.createModel({ model_name, provider_name: provider, status: 'active' }), () => discover.mutate(provider));
  return (
    <section className="card">
      <h2>Discover models</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="discover-provider">Provider</label>
          <select id="discover-provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
            {providers.map((item) => (
              <option key={item.provider_name}>{item.provider_name}</option>
            ))}
          </select>
        </div>
        <button type="button" className="button" disabled={discover.isPending || !provider} onClick={() => discover.mutate(provider)}>
          {discover.isPending ? 'Asking the provider…' : 'List its models'}
        </button>
      </div>
      <MutationError error={discover.error ?? register.error} />
      {discover.data && (
        <ul className="discovered">
          {discover.data.models.length === 0 && <li className="hint">The provider lists no models.</li>}
          {discover.data.models.map((model) => (
            <li key={model.model_name}>
              <code>{model.model_name}</code>
              {model.registered ? (
                <span className="badge">registered</span>
              ) : (
                <button type="button" className="button small" disabled={register.isPending} onClick={() => register.mutate(model.model_name)}>
                  Add
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
