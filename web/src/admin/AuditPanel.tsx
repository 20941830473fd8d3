import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { type AuditQuery, endpoints } from '../api/endpoints';
import type { AuditEntry } from '../api/openapi';
import { queryKeys } from '../api/queries';
import { QueryState } from '../components/QueryState';

const PAGE = 50;

function who(entry: AuditEntry): string {
  if (entry.actor_kind === 'cli') return `${entry.actor_email ?? 'a shell'} (command line)`;
  if (entry.actor_kind === 'local') return 'a local tool';
  return entry.actor_email ?? entry.actor_id ?? 'unknown';
}

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
function instant(local: string): string | undefined {
  const time = local ? new Date(local) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString() : undefined;
}

/** The admin audit log, newest first: who did what to which thing, when and from where. */
export function AuditPanel() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [since, setSince] = useState('');
  const [offset, setOffset] = useState(0);
  const filters = useDeferredValue({ actor: actor.trim(), action: action.trim(), since: instant(since) });
  const query: AuditQuery = { limit: PAGE, offset, ...(filters.actor && { actor: filters.actor }), ...(filters.action && { action: filters.action }), ...(filters.since && { since: filters.since }) };
  const entries = useQuery({ queryKey: [...queryKeys.admin, 'audit', query], queryFn: () => endpoints.admin.audit(query), placeholderData: (previous) => previous });
  const total = entries.data?.total ?? 0;
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setOffset(0);
  };
  return (
    <div className="admin-section" data-testid="audit-log">
      <p className="muted">Every change an admin made, kept for good: nothing edits or deletes this log. Keys appear by their mask only.</p>
      <div className="filters">
        <div className="field inline">
          <label htmlFor="audit-actor">Who</label>
          <input id="audit-actor" type="search" placeholder="email or user id" value={actor} onChange={(event) => filter(setActor)(event.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" type="search" placeholder="e.g. keys or users.delete" value={action} onChange={(event) => filter(setAction)(event.target.value.toLowerCase())} />
        </div>
        <div className="field inline">
          <label htmlFor="audit-since">Since</label>
          <input id="audit-since" type="datetime-local" value={since} onChange={(event) => filter(setSince)(event.target.value)} />
        </div>
      </div>
      <QueryState query={entries} loading="Loading the audit log…">
        {/* A region that scrolls sideways must be reachable by keyboard even when no entry has a button. */}
        <div className="card table-wrap" tabIndex={0} role="region" aria-label="Audit log entries">
          <table className="table">
            <caption>
              {total} {total === 1 ? 'entry' : 'entries'}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Result</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.data?.entries.map((entry) => (
                <tr key={entry.entry_id}>
                  <td>{entry.created_at ? new Date(entry.created_at).toLocaleString() : '—'}</td>
                  <td>{who(entry)}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td className="wrap">{entry.target ?? '—'}</td>
                  <td>{entry.status ?? '—'}</td>
                  <td>{entry.ip ?? '—'}</td>
                  <td>
                    {Object.keys(entry.details).length > 0 ? (
                      <details>
                        <summary>Show</summary>
                        <pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre>
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>
          <button type="button" className="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </div>
      </QueryState>
    </div>
  );
}
