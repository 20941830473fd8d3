import { DeleteButton } from '../components/DeleteButton';
import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import { type AdminModel, modelStatusValues, type Provider } from '../api/openapi';
import { oneOf } from '../api/oneOf';
import { QueryState } from '../components/QueryState';
import { useAdminModels, useAdminProviders } from './adminQueries';
import { DiscoverModels } from './DiscoverModels';
import { ModelForm, type ModelFields } from './ModelForm';
import { MutationError } from '../errors/MutationError';
import { PriceCell } from './PriceCell';
import { useAdminMutation } from './useAdminMutation';

function ModelRow({ model, providers }: { model: AdminModel; providers: Provider[] }) {
  const [editing, setEditing] = useState(false);
  const update = useAdminMutation((patch: Partial<ModelFields>) => endpoints.admin.updateModel(model.model_id, patch), () => setEditing(false));
  const remove = useAdminMutation(() => endpoints.admin.deleteModel(model.model_id));
  if (editing) {
    return (
      <tr>
        <td colSpan={5}>
          <ModelForm initial={model} providers={providers} submitLabel="Save" pending={update.isPending} onSubmit={(fields) => update.mutate(fields)} onCancel={() => setEditing(false)} />
          <MutationError error={update.error} />
        </td>
      </tr>
    );
  }
  return (
    <tr data-testid="model-row">
      <th scope="row">
        <span className="model-name">{model.model_name}</span>
        {model.description && <span className="provider">{model.description}</span>}
      </th>
      <td>
        {model.provider_name}
        {model.api_url && <span className="provider">{model.api_url}</span>}
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`status-${model.model_id}`}>
          Status of {model.model_name}
        </label>
        <select id={`status-${model.model_id}`} value={model.status ?? 'inactive'} disabled={update.isPending} onChange={(event) => update.mutate({ status: oneOf(modelStatusValues, event.target.value, 'inactive') })}>
          {modelStatusValues.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </td>
      <td>
        <PriceCell modelId={model.model_id} modelName={model.model_name} price={model.price} />
      </td>
      <td>
        <div className="row-actions">
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Edit
          </button>
          <DeleteButton question={`Delete ${model.model_name}? Models with battles cannot be deleted; deprecate them instead.`} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
        </div>
        <MutationError error={update.error ?? remove.error} />
      </td>
    </tr>
  );
}

export function ModelsPanel() {
  const models = useAdminModels();
  const providers = useAdminProviders();
  // A fresh form after each model added, still on the provider just used: models come in batches.
  const [added, setAdded] = useState({ count: 0, provider: '' });
  const create = useAdminMutation(
    (fields: ModelFields) => endpoints.admin.createModel(fields),
    (model) => setAdded((last) => ({ count: last.count + 1, provider: model.provider_name ?? '' })),
  );
  const providerList = providers.data ?? [];
  return (
    <div className="admin-section">
      <QueryState query={providers} loading="Loading providers…">
        <section className="card">
          <h2>Add a model</h2>
          <ModelForm key={added.count} initial={added.provider ? { provider_name: added.provider } : {}} providers={providerList} submitLabel="Add model" pending={create.isPending} onSubmit={(fields) => create.mutate(fields)} />
          <MutationError error={create.error} />
        </section>
        <DiscoverModels key={`discover-${added.count}`} providers={providerList} initialProvider={added.provider} />
      </QueryState>
      <QueryState query={models} loading="Loading models…">
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Provider</th>
                <th scope="col">Status</th>
                <th scope="col">Price per million tokens</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {models.data?.map((model) => (
                <ModelRow key={model.model_id} model={model} providers={providerList} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </div>
  );
}
