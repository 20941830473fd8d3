import type { ModelRef } from '../api/openapi';

/** A model's name, marked when it is an offline demo model with canned answers. */
export function ModelLabel({ model }: { model: Pick<ModelRef, 'model_name' | 'is_demo'> | null }) {
  if (!model) return <span className="model-label unknown">Unknown model</span>;
  return (
    <span className="model-label">
      <span className="model-name">{model.model_name}</span>
      {model.is_demo && (
        <span className="badge demo" title="Offline demo model with canned answers">
          demo
        </span>
      )}
    </span>
  );
}
