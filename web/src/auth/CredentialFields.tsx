import { Link } from 'react-router';

interface Field {
  value: string;
  set: (value: string) => void;
}

/** Name (on sign-up), email and password: the same fields for local accounts and Supabase Auth. */
export function CredentialFields({ signingUp, fullName, email, password }: { signingUp: boolean; fullName: Field; email: Field; password: Field }) {
  return (
    <>
      {signingUp && (
        <div className="field">
          <label htmlFor="full-name">Name (optional)</label>
          <input id="full-name" autoComplete="name" value={fullName.value} onChange={(event) => fullName.set(event.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" type="email" required autoComplete="email" value={email.value} onChange={(event) => email.set(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          required
          minLength={signingUp ? 8 : 1}
          autoComplete={signingUp ? 'new-password' : 'current-password'}
          value={password.value}
          onChange={(event) => password.set(event.target.value)}
          aria-describedby={signingUp ? 'password-hint' : undefined}
        />
        {signingUp && (
          <p id="password-hint" className="hint">
            At least 8 characters.
          </p>
        )}
      </div>
    </>
  );
}

/** The link between /login and /signup, keeping where to go afterwards. */
export function AuthSwitch({ signingUp, next }: { signingUp: boolean; next: string }) {
  return (
    <p className="auth-switch">
      {signingUp ? 'Already have an account?' : 'New here?'}{' '}
      <Link to={`/${signingUp ? 'login' : 'signup'}?next=${encodeURIComponent(next)}`}>{signingUp ? 'Sign in' : 'Create an account'}</Link>
    </p>
  );
}
