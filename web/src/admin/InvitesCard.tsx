import { useState, type FormEvent } from 'react';
import { endpoints } from '../api/endpoints';
import type { CreatedInvite, Invite } from '../api/openapi';
import { useSettings } from '../api/queries';
import { CopyButton } from '../components/CopyButton';
import { QueryState } from '../components/QueryState';
import { useAdminInvites } from './adminQueries';
import { MutationError } from '../errors/MutationError';
import { useAdminMutation } from './useAdminMutation';

function InviteRow({ invite }: { invite: Invite }) {
  const revoke = useAdminMutation(() => endpoints.admin.revokeInvite(invite.invite_id));
  return (
    <tr data-testid="invite-row">
      <th scope="row">{invite.note ?? '—'}</th>
      <td>
        {invite.uses} / {invite.max_uses}
      </td>
      <td>{invite.status.replace('_', ' ')}</td>
      <td>{invite.expires_at ? new Date(invite.expires_at).toLocaleDateString() : '—'}</td>
      <td>
        {invite.status === 'active' && (
          <button type="button" className="button small" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            Revoke
          </button>
        )}
        <MutationError error={revoke.error} />
      </td>
    </tr>
  );
}

/** Invite links for invite-only sign-up: made here, shown once (the server keeps only a hash). */
export function InvitesCard() {
  const invites = useAdminInvites();
  const settings = useSettings();
  const [note, setNote] = useState('');
  const [uses, setUses] = useState('1');
  const [days, setDays] = useState('7');
  const [made, setMade] = useState<CreatedInvite | null>(null);
  const create = useAdminMutation(
    () => endpoints.admin.createInvite({ ...(note.trim() ? { note: note.trim() } : {}), max_uses: Number(uses), expires_in_days: Number(days) }),
    (invite) => {
      setMade(invite);
      setNote('');
    },
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const link = made ? `${window.location.origin}${made.signup_path}` : '';
  return (
    <section className="card" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invites</h2>
      <p className="hint">
        {settings.data?.signup_invite_only
          ? 'Sign-up is by invitation (setting signup_invite_only): new accounts need one of these links.'
          : 'Sign-up is open; turn on the signup_invite_only setting to require an invite.'}
      </p>
      <form className="form-grid" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="invite-note">For (optional)</label>
          <input id="invite-note" value={note} maxLength={200} onChange={(event) => setNote(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-uses">Uses</label>
          <input id="invite-uses" type="number" min={1} max={1000} required value={uses} onChange={(event) => setUses(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-days">Valid for (days)</label>
          <input id="invite-days" type="number" min={1} max={365} required value={days} onChange={(event) => setDays(event.target.value)} />
        </div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          Create invite
        </button>
      </form>
      <MutationError error={create.error} />
      {made && (
        <p className="ok-note" data-testid="invite-link" role="status">
          Invite link (shown once): <code>{link}</code> <CopyButton text={link} label="Copy link" />
        </p>
      )}
      <QueryState query={invites} loading="Loading invites…">
        {invites.data && invites.data.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Invites</caption>
              <thead>
                <tr>
                  <th scope="col">For</th>
                  <th scope="col">Used</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {invites.data.map((invite) => (
                  <InviteRow key={invite.invite_id} invite={invite} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
