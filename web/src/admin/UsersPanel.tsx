import { useDeferredValue, useState } from 'react';
import { endpoints } from '../api/endpoints';
import { type Role, roleValues, type User } from '../api/openapi';
import { oneOf } from '../api/oneOf';
import { useAuth } from '../auth/AuthProvider';
import { QueryState } from '../components/QueryState';
import { useAdminUsers } from './adminQueries';
import { InvitesCard } from './InvitesCard';
import { MutationError } from './MutationError';
import { useAdminMutation } from './useAdminMutation';

function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const setRole = useAdminMutation((role: Role) => endpoints.admin.setRole(user.user_id, role));
  return (
    <tr>
      <th scope="row">
        {user.email}
        {isSelf && <span className="badge">you</span>}
        {user.full_name && <span className="provider">{user.full_name}</span>}
      </th>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.user_id}`}>
          Role of {user.email}
        </label>
        <select id={`role-${user.user_id}`} value={user.role ?? 'user'} disabled={setRole.isPending} onChange={(event) => setRole.mutate(oneOf(roleValues, event.target.value, 'user'))}>
          {roleValues.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
        <MutationError error={setRole.error} />
      </td>
      <td>{user.last_login_at ? new Date(user.last_login_at).toLocaleString() : '—'}</td>
    </tr>
  );
}

export function UsersPanel() {
  const { user: me } = useAuth();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const users = useAdminUsers(deferred);
  return (
    <div className="admin-section">
      <div className="field">
        <label htmlFor="user-search">Search by email</label>
        <input id="user-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </div>
      <QueryState query={users} loading="Loading users…">
        <div className="card table-wrap">
          <table className="table">
            <caption className="visually-hidden">{users.data?.total ?? 0} users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {users.data?.users.map((user) => (
                <UserRow key={user.user_id} user={user} isSelf={user.user_id === me?.user_id} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <InvitesCard />
    </div>
  );
}
