import { useId, useState, type FormEvent } from 'react';
import { endpoints } from '../api/endpoints';
import type { ModelPrice } from '../api/openapi';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

function describe(price: ModelPrice): string {
  const amount = (value: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency: price.currency, maximumFractionDigits: 6 }).format(value);
  return `${amount(price.input_per_million)} in · ${amount(price.output_per_million)} out`;
}

/** A model's price per million tokens: shown, set, changed or cleared. */
export function PriceCell({ modelId, modelName, price }: { modelId: string; modelName: string; price: ModelPrice | null }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [input, setInput] = useState(price ? String(price.input_per_million) : '');
  const [output, setOutput] = useState(price ? String(price.output_per_million) : '');
  const [currency, setCurrency] = useState(price?.currency ?? 'USD');
  const save = useAdminMutation(() => endpoints.admin.setPrice(modelId, { input_per_million: Number(input), output_per_million: Number(output), currency: currency.trim().toUpperCase() }), () => setEditing(false));
  const clear = useAdminMutation(() => endpoints.admin.clearPrice(modelId));

  if (!editing) {
    return (
      <div className="price">
        <span>{price ? describe(price) : <span className="note">no price</span>}</span>
        <div className="row-actions">
          <button type="button" className="button small" onClick={() => setEditing(true)} aria-label={`${price ? 'Change' : 'Set'} price of ${modelName}`}>
            {price ? 'Change' : 'Set price'}
          </button>
          {price && (
            <button type="button" className="button small" disabled={clear.isPending} onClick={() => clear.mutate()} aria-label={`Clear price of ${modelName}`}>
              Clear
            </button>
          )}
        </div>
        <MutationError error={clear.error} />
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const number = { type: 'number', min: 0, max: 1_000_000, step: 'any', required: true, className: 'narrow' } as const;
  return (
    <form className="form-grid" onSubmit={submit} aria-label={`Price of ${modelName}`}>
      <div className="field">
        <label htmlFor={`${id}-in`}>Input / M tokens</label>
        <input id={`${id}-in`} {...number} value={input} onChange={(event) => setInput(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-out`}>Output / M tokens</label>
        <input id={`${id}-out`} {...number} value={output} onChange={(event) => setOutput(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-currency`}>Currency</label>
        <input id={`${id}-currency`} className="narrow" value={currency} required pattern="[A-Za-z]{3}" maxLength={3} onChange={(event) => setCurrency(event.target.value)} />
      </div>
      <div className="row-actions">
        <button type="submit" className="button primary small" disabled={save.isPending}>
          Save
        </button>
        <button type="button" className="button small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      <MutationError error={save.error} />
    </form>
  );
}
