import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { Provider } from '../api/openapi';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

/**
 * Lists what a provider's API offers and registers the chosen models in one click each. The URL
 * defaults to the provider's base URL; a model listed at another URL is saved with that URL as
 * its api_url, so it is never active without one. The server sends a stored API key only to the
 * provider's own hosts: saving a typed URL as the base URL is how an admin sends the keys there.
 */
export function DiscoverModels({ providers, initialProvider }: { providers: Provider[]; initialProvider?: string }) {
  const [providerName, setProviderName] = useState(initialProvider || (providers[0]?.provider_name ?? ''));
  const provider = providers.find((item) => item.provider_name === providerName);
  const [typedUrl, setTypedUrl] = useState<string | null>(null);
  const url = (typedUrl ?? provider?.base_url ?? '').trim();
  const ownUrl = url !== '' && url === provider?.base_url;

  const discover = useAdminMutation(() => endpoints.admin.discover(providerName, url || undefined));
  const register = useAdminMutation(
    (model_name: string) => endpoints.admin.createModel({ model_name, provider_name: providerName, status: 'active', ...(url && !ownUrl ? { api_url: url } : {}) }),
    () => discover.mutate(),
  );
  const saveUrl = useAdminMutation(() => endpoints.admin.updateProvider(providerName, { base_url: url }), () => setTypedUrl(null));

  const choose = (name: string) => {
    setProviderName(name);
    setTypedUrl(null);
    discover.reset();
    register.reset();
  };

  return (
    <section className="card">
      <h2>Discover models</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="discover-provider">Provider</label>
          <select id="discover-provider" value={providerName} onChange={(event) => choose(event.target.value)}>
            {providers.map((item) => (
              <option key={item.provider_name}>{item.provider_name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="discover-url">API base URL</label>
          <input
            id="discover-url"
            type="url"
            inputMode="url"
            placeholder="http://localhost:11434/v1"
            value={url}
            onChange={(event) => {
              setTypedUrl(event.target.value);
              // An error about the old URL would read as one about the new.
              discover.reset();
            }}
            aria-describedby="discover-url-hint"
          />
          <p id="discover-url-hint" className="hint">
            {provider?.base_url ? 'The provider’s base URL; its API keys are sent only there.' : 'Empty uses the provider’s built-in URL. API keys are sent only to the provider’s own URL.'}
          </p>
        </div>
        <button type="button" className="button" disabled={discover.isPending || !providerName} onClick={() => discover.mutate()}>
          {discover.isPending ? 'Asking the provider…' : 'List its models'}
        </button>
        {url && !ownUrl && (
          <button type="button" className="button" disabled={saveUrl.isPending} onClick={() => saveUrl.mutate()}>
            Save as the provider’s base URL
          </button>
        )}
      </div>
      <MutationError error={discover.error ?? register.error ?? saveUrl.error} />
      {discover.data && (
        <>
          {!discover.data.key_sent && url && !ownUrl && (
            <p className="hint" role="status">
              No API key was sent to this URL: it is not the provider’s base URL. Models you add are saved with it as their API URL.
            </p>
          )}
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
        </>
      )}
    </section>
  );
}
