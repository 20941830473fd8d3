import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../errors/describeError';
import { endpoints } from '../api/endpoints';
import type { AccountExport } from '../api/openapi';
import { useAuth } from '../auth/AuthProvider';

/** Saves the export as a file: built in the page, so the token never travels in a URL. */
function saveAsFile(data: AccountExport): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `dualmind-account-${data.exported_at.slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

function ExportSection() {
  const download = useMutation({ mutationFn: endpoints.exportMe, onSuccess: saveAsFile });
  return (
    <section className="card account-section" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p>Everything the lab keeps about you, as one JSON file: your account, your threads and their messages, your battles and your votes.</p>
      <button type="button" className="button" disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? 'Preparing…' : 'Download my data'}
      </button>
      {download.isError && (
        <p className="form-error" role="alert">
          {errorMessage(download.error)}
        </p>
      )}
    </section>
  );
}

function PasswordSection() {
  const { signIn } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => endpoints.changePassword({ current_password: current, new_password: next }),
    onSuccess: (session) => {
      signIn(session);
      setCurrent('');
      setNext('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <section className="card account-section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" type="password" required autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" type="password" required minLength={8} autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} aria-describedby="new-password-hint" />
          <p id="new-password-hint" className="hint">
            At least 8 characters. Your other devices are signed out.
          </p>
        </div>
        {change.isError && (
          <p className="form-error" role="alert">
            {errorMessage(change.error)}
          </p>
        )}
        {change.isSuccess && (
          <p className="note" role="status">
            Password changed; other sessions are signed out.
          </p>
        )}
        <button type="submit" className="button primary" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}

function DeleteSection({ email }: { email: string }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: endpoints.deleteMe,
    onSuccess: () => {
      signOut();
      void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate();
  };
  return (
    <section className="card account-section danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete your account</h2>
      <p>Your threads and messages are deleted. Your votes stay, no longer linked to you, so the leaderboard does not change. This cannot be undone.</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="confirm-email">Type your email to confirm</label>
          <input id="confirm-email" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </div>
        {remove.isError && (
          <p className="form-error" role="alert">
            {errorMessage(remove.error)}
          </p>
        )}
        <button type="submit" className="button danger" disabled={remove.isPending || typed.trim().toLowerCase() !== email.toLowerCase()}>
          Delete my account
        </button>
      </form>
    </section>
  );
}

/** /account: take your data with you, change your password, delete your account. */
export default function AccountPage() {
  const { user, config } = useAuth();
  if (!user) return null;
  return (
    <div className="account">
      <header className="page-head">
        <h1>Your account</h1>
        <p className="lede">{user.email}</p>
      </header>
      <ExportSection />
      {config?.mode === 'local' && <PasswordSection />}
      <DeleteSection email={user.email ?? ''} />
    </div>
  );
}
