import { useId } from 'react';
import type { PublicModel } from '../api/openapi';

/** A labelled model picker; demo models say so in their option text. */
export function ModelSelect({ label, models, value, onChange, disabled }: { label: string; models: PublicModel[]; value: string; onChange(id: string): void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={disabled}>
        {models.map((model) => (
          <option key={model.model_id} value={model.model_id}>
            {model.model_name}
            {model.is_demo ? ' (demo)' : ''}
            {model.provider_name && !model.is_demo ? ` · ${model.provider_name}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
