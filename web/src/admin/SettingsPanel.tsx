import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import { useModels } from '../api/queries';
import type { PublicModel, Setting } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { useAdminSettings } from './adminQueries';
import { MutationError } from './MutationError';
import { useAdminMutation } from './useAdminMutation';

const BOOLEAN_SETTINGS = new Set(['public_sharing', 'anonymous_battles_enabled', 'signup_enabled', 'signup_invite_only']);
const MODEL_SETTINGS = new Set(['default_model1', 'default_model2']);
const NUMBER_SETTINGS = new Set(['max_prompt_chars']);

/** One setting with the control its type calls for; changes are saved as they are made. */
function SettingField({ setting, models }: { setting: Setting; models: PublicModel[] }) {
  const [draft, setDraft] = useState(setting.value ?? '');
  const put = useAdminMutation((value: string) => endpoints.admin.putSetting(setting.key, value));
  const id = `setting-${setting.key}`;
  const save = (value: string) => {
    if (value !== (setting.value ?? '')) put.mutate(value);
  };
  const choose = (value: string) => {
    setDraft(value);
    put.mutate(value);
  };
  // The chosen value shows at once; a refused one falls back to what is stored.
  const shown = put.isError ? (setting.value ?? '') : draft;
  let control;
  if (BOOLEAN_SETTINGS.has(setting.key)) {
        control = <input id={id} type="checkbox" checked={shown === 'true'} disabled={put.isPending} onChange={(event) => choose(String(event.target.checked))} />;
  } else if (MODEL_SETTINGS.has(setting.key)) {
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
      <input
        id={id}
        type={NUMBER_SETTINGS.has(setting.key) ? 'number' : 'text'}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => save(draft)}
        onKeyDown={(event) => event.key === 'Enter' && save(draft)}
      />
    );
  }
  return (
    <div className={`setting${BOOLEAN_SETTINGS.has(setting.key) ? ' boolean' : ''}`}>
      <label htmlFor={id}>
        <code>{setting.key}</code>
      </label>
      {control}
      {setting.description && <p className="hint">{setting.description}</p>}
      {put.isSuccess && (
        <p className="ok-note" role="status">
          Saved
        </p>
      )}
      <MutationError error={put.error} />
    </div>
  );
}

export function SettingsPanel() {
  const settings = useAdminSettings();
  const models = useModels();
  return (
    <div className="admin-section">
      <QueryState query={settings} loading="Loading settings…">
        <div className="card settings-form">
          {settings.data?.map((setting) => (
            <SettingField key={setting.key} setting={setting} models={models.data ?? []} />
          ))}
        </div>
      </QueryState>
    </div>
  );
}
