import { useId } from 'react';
import type { PublicModel } from '../api/openapi';

/** A labelled model picker; demo models say so in their option text. `taken` is the other side's model, which cannot be picked twice. */
export function ModelSelect({ label, models, value, onChange, disabled, taken }: { label: string; models: PublicModel[]; value: string; onChange(id: string): void; disabled?: boolean; taken?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={disabled}>
        {models.map((model) => (
          <option key={model.model_id} value={model.model_id} disabled={model.model_id === taken}>
            {model.model_name}
            {model.is_demo ? ' (demo)' : ''}
            {model.provider_name && !model.is_demo ? ` · ${model.provider_name}` : ''}
            {model.model_id === taken ? ' (on the other side)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
