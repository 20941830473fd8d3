import { useDeferredValue, useState } from 'react';
import { endpoints } from '../api/endpoints';
import { type PasswordReset, type Role, roleValues, type User, type UserChange } from '../api/openapi';
import { oneOf } from '../api/oneOf';
import { useAuth } from '../auth/AuthProvider';
import { CopyButton } from '../components/CopyButton';
import { DeleteButton } from '../components/DeleteButton';
import { QueryState } from '../components/QueryState';
import { useAdminUsers } from './adminQueries';
import { InvitesCard } from './InvitesCard';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

/** The one-time link an admin hands over; the code travels in the fragment, which no server logs. */
function ResetLink({ reset }: { reset: PasswordReset }) {
  const link = `${window.location.origin}/reset#code=${reset.code}`;
  return (
    <div className="reset-link" role="status">
      <p className="hint">
        Give this link to the user (valid until {reset.expires_at ? new Date(reset.expires_at).toLocaleString() : '—'}; shown only now):
      </p>
      <code data-testid="reset-link">{link}</code> <CopyButton text={link} label="Copy link" />
    </div>
  );
}

function UserRow({ user, isSelf, localAccounts }: { user: User; isSelf: boolean; localAccounts: boolean }) {
  const update = useAdminMutation((change: UserChange) => endpoints.admin.updateUser(user.user_id, change));
  const remove = useAdminMutation(() => endpoints.admin.deleteUser(user.user_id));
  const [reset, setReset] = useState<PasswordReset | null>(null);
  const createReset = useAdminMutation(() => endpoints.admin.passwordReset(user.user_id), setReset);
  const disabled = user.disabled_at !== null;
  const busy = update.isPending || remove.isPending || createReset.isPending;
  return (
    <tr data-testid={`user-${user.email ?? user.user_id}`}>
      <th scope="row">
        {user.email}
        {isSelf && <span className="badge">you</span>}
        {disabled && <span className="badge warn">disabled</span>}
        {user.full_name && <span className="provider">{user.full_name}</span>}
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.user_id}`}>
          Role of {user.email}
        </label>
        <select id={`role-${user.user_id}`} value={user.role ?? 'user'} disabled={busy} onChange={(event) => update.mutate({ role: oneOf<Role>(roleValues, event.target.value, 'user') })}>
          {roleValues.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </td>
      <td>{user.last_login_at ? new Date(user.last_login_at).toLocaleString() : '—'}</td>
      <td className="row-actions">
        {!isSelf && (
          <button type="button" className="button small" disabled={busy} onClick={() => update.mutate({ disabled: !disabled })} aria-label={`${disabled ? 'Enable' : 'Disable'} ${user.email ?? 'this user'}`}>
            {disabled ? 'Enable' : 'Disable'}
          </button>
        )}
        {localAccounts && !disabled && (
          <button type="button" className="button small" disabled={busy} onClick={() => createReset.mutate(undefined)} aria-label={`Reset password of ${user.email ?? 'this user'}`}>
            Reset password
          </button>
        )}
        <DeleteButton
          question={`Delete the account of ${user.email}? Their threads and messages are deleted; their votes stay, anonymous. This cannot be undone.`}
          disabled={busy}
          onConfirm={() => remove.mutate(undefined)}
        />
        {reset && <ResetLink reset={reset} />}
        <MutationError error={update.error ?? remove.error ?? createReset.error} />
      </td>
    </tr>
  );
}

export function UsersPanel() {
  const { user: me, config } = useAuth();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const users = useAdminUsers(deferred);
  return (
    <div className="admin-section">
      <div className="field">
        <label htmlFor="user-search">Search by email</label>
        <input id="user-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </div>
      <p className="muted">
        Disabling an account stops its sessions at once and keeps its data. Deleting it removes its threads and messages; its votes stay, anonymous, so the leaderboard does not move.
      </p>
      <QueryState query={users} loading="Loading users…">
        <div className="card table-wrap">
          <table className="table">
            <caption className="visually-hidden">{users.data?.total ?? 0} users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Last seen</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data?.users.map((user) => (
                <UserRow key={user.user_id} user={user} isSelf={user.user_id === me?.user_id} localAccounts={config?.mode === 'local'} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <InvitesCard />
    </div>
  );
}
