import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../errors/describeError';
import { endpoints } from '../api/endpoints';
import { useAuth } from '../auth/AuthProvider';

/** /reset#code=…: the one-time link an admin handed over (the code rides in the fragment, which no server sees). */
export default function ResetPasswordPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const code = new URLSearchParams(useLocation().hash.slice(1)).get('code') ?? '';
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => endpoints.redeemPasswordReset({ code, new_password: password }),
    onSuccess: (session) => {
      signIn(session);
      void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={submit}>
        <h1>Choose a new password</h1>
        {code === '' ? (
          <p className="form-error" role="alert">
            This link has no reset code. Ask an admin for a new link, or <Link to="/login">sign in</Link>.
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="reset-password">New password</label>
              <input id="reset-password" type="password" required minLength={8} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} aria-describedby="reset-hint" />
              <p id="reset-hint" className="hint">
                At least 8 characters. The link works once; every other session of your account is signed out.
              </p>
            </div>
            {reset.isError && (
              <p className="form-error" role="alert">
                {errorMessage(reset.error)}
              </p>
            )}
            <button type="submit" className="button primary wide" disabled={reset.isPending}>
              Set password and sign in
            </button>
          </>
        )}
      </form>
    </div>
  );
}
