import { DeleteButton } from '../components/DeleteButton';
import { endpoints } from '../api/endpoints';
import type { KeyHealth } from '../api/openapi';
import { QueryState } from '../components/QueryState';
import { AddKeyForm } from './AddKeyForm';
import { useKeyHealth } from './adminQueries';
import { Countdown } from './Countdown';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

/** Providers whose built-in adapter refuses to call without a key (src/providers/adapters.ts). */
const NEEDS_KEY: Record<string, string> = { groq: 'Groq', bytez: 'Bytez' };

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function noKeysHint(providerName: string): string {
  if (providerName === 'demo') return 'The demo provider needs none.';
  const label = NEEDS_KEY[providerName];
  if (label) return `${label} needs an API key: add one above, or its models cannot answer.`;
  return 'Calls go out without a key, which only local servers (Ollama, vLLM, llama.cpp) accept.';
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 min ago", "yesterday": when a key last failed matters as much as how. */
function ago(iso: string): string {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  if (seconds > -60) return 'just now';
  if (seconds > -3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (seconds > -86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

function lastError(key: KeyHealth): string {
  if (!key.last_error_category) return '—';
  const kind = key.last_error_type && key.last_error_type !== key.last_error_category ? ` (${key.last_error_type.replace(/_/g, ' ')})` : '';
  const when = key.last_error_at ? `, ${ago(key.last_error_at)}` : '';
  return `${key.last_error_category.replace(/_/g, ' ')}${kind}${when}`;
}

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
                    {count(summary.total, 'key')} · {summary.healthy} healthy · {summary.cooling} cooling · {count(summary.calls, 'call')}
                  </span>
                </h2>
                {keys.length === 0 ? (
                  <p className="hint">No keys. {noKeysHint(provider.provider_name)}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="table stack-table">
                      <thead>
                        <tr>
                          <th scope="col">Key</th>
                          <th scope="col">Health</th>
                          <th scope="col" className="num">
                            Calls
                          </th>
                          <th scope="col" className="num" title="Server errors, timeouts and network failures in a row since the last success. A rate limit or a used-up quota cools the key down instead; a refused key (401) is disabled.">
                            Failures in a row
                          </th>
                          <th scope="col">Last error</th>
                          <th scope="col">Actions</th>
                        </tr>
                      </thead>
                      <tbody>
                        {keys.map((key) => (
                          <tr key={key.key_id} data-testid="key-row">
                            <td data-label="Key">
                              <code>{key.display_mask}</code>
                            </td>
                            <td data-label="Health">
                              <span className={`badge health-${key.health}`}>{key.health}</span>{' '}
                              {key.cooldown_remaining_ms > 0 && <Countdown until={health.dataUpdatedAt + key.cooldown_remaining_ms} />}
                            </td>
                            <td className="num" data-label="Calls">
                              {key.total_calls}
                            </td>
                            <td className="num" data-label="Failures in a row">
                              {key.failure_count}
                            </td>
                            <td data-label="Last error" title={key.last_error_at ? new Date(key.last_error_at).toLocaleString() : undefined}>
                              {lastError(key)}
                            </td>
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
