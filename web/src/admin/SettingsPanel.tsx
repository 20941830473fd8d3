import { useState, type FormEvent } from 'react';
import { endpoints } from '../api/endpoints';
import { useModels } from '../api/queries';
import type { PublicModel, Setting } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { useAdminSettings } from './adminQueries';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

const BOOLEAN_SETTINGS = new Set(['public_sharing', 'anonymous_battles_enabled', 'signup_enabled', 'signup_invite_only', 'keep_demo_models', 'identity_leak_check', 'dedup_prompts']);
const MODEL_SETTINGS = ['default_model1', 'default_model2'];
const NUMBER_SETTINGS = new Set(['max_prompt_chars', 'daily_vote_cap', 'min_votes_to_rank', 'backup_interval_hours', 'backup_keep']);

/** What the settings are called on screen; the key stays visible beside it for the CLI and the API. */
const LABELS: Record<string, string> = {
  public_sharing: 'Public sharing',
  max_prompt_chars: 'Longest prompt (characters)',
  default_model1: 'Default model A',
  default_model2: 'Default model B',
  anonymous_battles_enabled: 'Anonymous battles',
  signup_enabled: 'Sign-up open',
  signup_invite_only: 'Sign-up by invite only',
  daily_vote_cap: 'Counted votes per user per day',
  keep_demo_models: 'Keep the demo models',
  identity_leak_check: 'Check answers for model names',
  dedup_prompts: 'Sample down repeated prompts',
  min_votes_to_rank: 'Votes needed to be ranked',
  backup_interval_hours: 'Hours between backups',
  backup_keep: 'Backups kept',
};

const labelOf = (key: string) => LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());

/** One setting with the control its type calls for: toggles and pickers save when changed, typed values with their Save button. */
function SettingField({ setting, models }: { setting: Setting; models: PublicModel[] }) {
  const [draft, setDraft] = useState(setting.value ?? '');
  const put = useAdminMutation((value: string) => endpoints.admin.putSetting(setting.key, value));
  const id = `setting-${setting.key}`;
  const changed = draft !== (setting.value ?? '');
  const choose = (value: string) => {
    setDraft(value);
    put.mutate(value);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (changed) put.mutate(draft);
  };
  // The chosen value shows at once; a refused one falls back to what is stored.
  const shown = put.isError ? (setting.value ?? '') : draft;
  let control;
  if (BOOLEAN_SETTINGS.has(setting.key)) {
    control = <input id={id} type="checkbox" checked={shown === 'true'} disabled={put.isPending} onChange={(event) => choose(String(event.target.checked))} />;
  } else if (MODEL_SETTINGS.includes(setting.key)) {
    control = (
      <select id={id} value={shown} disabled={put.isPending} onChange={(event) => choose(event.target.value)}>
        <option value="">No default</option>
        {models.map((model) => (
          <option key={model.model_id} value={model.model_id}>
            {model.model_name}
            {model.is_demo ? ' (demo)' : ''}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <span className="setting-edit">
        <input id={id} type={NUMBER_SETTINGS.has(setting.key) ? 'number' : 'text'} min={NUMBER_SETTINGS.has(setting.key) ? 0 : undefined} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit" className="button small primary" disabled={!changed || put.isPending}>
          Save
        </button>
      </span>
    );
  }
  return (
    <form className={`setting${BOOLEAN_SETTINGS.has(setting.key) ? ' boolean' : ''}`} onSubmit={save} data-testid={`setting-${setting.key}`}>
      <label htmlFor={id}>
        {labelOf(setting.key)} <code className="setting-key">{setting.key}</code>
      </label>
      {control}
      {setting.description && <p className="hint">{setting.description}</p>}
      {put.isSuccess && !changed && (
        <p className="ok-note" role="status">
          Saved
        </p>
      )}
      {changed && !put.isPending && !BOOLEAN_SETTINGS.has(setting.key) && !MODEL_SETTINGS.includes(setting.key) && <p className="hint">Not saved yet.</p>}
      <MutationError error={put.error} />
    </form>
  );
}

/** The default-model settings are stored only once chosen; until then they still get their pickers. */
function withModelDefaults(settings: Setting[]): Setting[] {
  const missing = MODEL_SETTINGS.filter((key) => !settings.some((setting) => setting.key === key));
  const unset = (key: string): Setting => ({ key, value: '', known: true, description: null, created_at: null, updated_at: null });
  return [...settings, ...missing.map(unset)];
}

export function SettingsPanel() {
  const settings = useAdminSettings();
  const models = useModels();
  return (
    <div className="admin-section">
      <QueryState query={settings} loading="Loading settings…">
        <div className="card settings-form">
          {settings.data &&
            withModelDefaults(settings.data).map((setting) => <SettingField key={setting.key} setting={setting} models={models.data ?? []} />)}
        </div>
      </QueryState>
    </div>
  );
}
