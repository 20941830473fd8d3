import { DeleteButton } from '../components/DeleteButton';
import { endpoints } from '../api/endpoints';
import type { KeyHealth } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { AddKeyForm } from './AddKeyForm';
import { useKeyHealth } from './adminQueries';
import { Countdown } from './Countdown';
import { MutationError } from './MutationError';
import { useAdminMutation } from './useAdminMutation';

function KeyActions({ apiKey }: { apiKey: KeyHealth }) {
  const update = useAdminMutation((patch: { is_active?: boolean; clear_cooldown?: true }) => endpoints.admin.updateKey(apiKey.key_id, patch));
  const remove = useAdminMutation(() => endpoints.admin.deleteKey(apiKey.key_id));
  const busy = update.isPending || remove.isPending;
  return (
    <div className="row-actions">
      <button type="button" className="button small" disabled={busy} onClick={() => update.mutate({ is_active: !apiKey.is_active })}>
        {apiKey.is_active ? 'Disable' : 'Re-enable'}
      </button>
      {(apiKey.cooldown_remaining_ms > 0 || apiKey.failure_count > 0) && (
        <button type="button" className="button small" disabled={busy} onClick={() => update.mutate({ clear_cooldown: true })}>
          Clear cooldown
        </button>
      )}
      <DeleteButton question={`Delete key ${apiKey.display_mask ?? ''}?`} disabled={busy} onConfirm={() => remove.mutate()} />
      <MutationError error={update.error ?? remove.error} />
    </div>
  );
}

export function KeysPanel() {
  const health = useKeyHealth();
  return (
    <div className="admin-section">
      <QueryState query={health} loading="Loading key health…">
        {health.data && (
          <>
            <AddKeyForm providers={health.data.map((entry) => entry.provider)} />
            {health.data.map(({ provider, keys, summary }) => (
              <section key={provider.provider_name} className="card" data-testid={`keys-${provider.provider_name}`}>
                <h2>
                  {provider.display_name ?? provider.provider_name}{' '}
                  <span className="hint">
                    {summary.total} keys · {summary.healthy} healthy · {summary.cooling} cooling · {summary.calls} calls
                  </span>
                </h2>
                {keys.length === 0 ? (
                  <p className="hint">No keys. {provider.provider_name === 'demo' ? 'The demo provider needs none.' : 'Calls go out without a key, which only local servers accept.'}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="table">
                      <thead>
                        <tr>
                          <th scope="col">Key</th>
                          <th scope="col">Health</th>
                          <th scope="col" className="num">
                            Calls
                          </th>
                          <th scope="col" className="num">
                            Failures
                          </th>
                          <th scope="col">Last error</th>
                          <th scope="col">Actions</th>
                        </tr>
                      </thead>
                      <tbody>
                        {keys.map((key) => (
                          <tr key={key.key_id} data-testid="key-row">
                            <td>
                              <code>{key.display_mask}</code>
                            </td>
                            <td>
                              <span className={`badge health-${key.health}`}>{key.health}</span>{' '}
                              {key.cooldown_remaining_ms > 0 && <Countdown until={health.dataUpdatedAt + key.cooldown_remaining_ms} />}
                            </td>
                            <td className="num">{key.total_calls}</td>
                            <td className="num">{key.failure_count}</td>
                            <td>{key.last_error_category ? `${key.last_error_category} (${key.last_error_type ?? '?'})` : '—'}</td>
                            <td>
                              <KeyActions apiKey={key} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            ))}
          </>
        )}
      </QueryState>
    </div>
  );
}
