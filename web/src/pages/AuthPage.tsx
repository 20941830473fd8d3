import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { errorMessage } from '../errors/describeError';
import { endpoints } from '../api/endpoints';
import { useSettings } from '../api/queries';
import { useAuth } from '../auth/AuthProvider';
import { AuthSwitch, CredentialFields } from '../auth/CredentialFields';
import { SupabaseSignIn } from '../auth/SupabaseSignIn';

/** Only same-site paths, so a crafted link cannot send a fresh session elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** /login and /signup: local accounts, or Supabase Auth when the lab runs with AUTH_MODE=supabase. */
export function AuthPage({ mode }: { mode: 'login' | 'signup' }) {
  const { user, config, supabase } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  // Someone new signed in: a magic link or an OAuth sign-in that came back to this page, or the
  // Supabase form. Whoever was signed in when the page opened may stay to switch accounts.
  const openedBy = useRef(user?.user_id);
  useEffect(() => {
    if (user && user.user_id !== openedBy.current) void navigate(next, { replace: true });
  }, [user, next, navigate]);

  if (!config) {
    return (
      <p className="state loading" role="status">
        Loading…
      </p>
    );
  }
  if (config.supabase) return <SupabaseSignIn mode={mode} next={next} config={config.supabase} auth={supabase} />;
  return <LocalAuthForm mode={mode} next={next} invite={params.get('invite') ?? ''} />;
}

/** Local accounts: the server's own sign-up and login. */
function LocalAuthForm({ mode, next, invite }: { mode: 'login' | 'signup'; next: string; invite: string }) {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const settings = useSettings();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fullName, setFullName] = useState('');
  const [inviteCode, setInviteCode] = useState(invite);
  const signingUp = mode === 'signup';
  const needsInvite = signingUp && settings.data?.signup_invite_only === true;

  /** Sign-up answers alike for a new and a taken email (so it does not tell who has an account); logging in tells them apart. */
  const signUpThenLogIn = async () => {
    await endpoints.signUp({ email, password, ...(fullName.trim() ? { full_name: fullName.trim() } : {}), ...(inviteCode.trim() ? { invite_code: inviteCode.trim() } : {}) });
    try {
      return await endpoints.logIn({ email, password });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new Error('Could not sign in with these details. If this email already has an account, sign in with its password.');
      throw error;
    }
  };

  const submit = useMutation({
    mutationFn: () => (signingUp ? signUpThenLogIn() : endpoints.logIn({ email, password })),
    onSuccess: (session) => {
      signIn(session);
      void navigate(next, { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} noValidate={false}>
        <h1>{signingUp ? 'Create your account' : 'Sign in'}</h1>
        {signingUp && settings.data && !settings.data.signup_enabled && <p className="note">Sign-up is closed on this lab; ask an admin for an account.</p>}
        <CredentialFields signingUp={signingUp} fullName={{ value: fullName, set: setFullName }} email={{ value: email, set: setEmail }} password={{ value: password, set: setPassword }} />
        {needsInvite && (
          <div className="field">
            <label htmlFor="invite-code">Invite code</label>
            <input id="invite-code" required autoComplete="off" value={inviteCode} onChange={(event) => setInviteCode(event.target.value)} aria-describedby="invite-hint" />
            <p id="invite-hint" className="hint">
              Sign-up on this lab is by invitation: the code comes from an admin.
            </p>
          </div>
        )}
        {submit.isError && (
          <p className="form-error" role="alert">
            {errorMessage(submit.error)}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={submit.isPending}>
          {submit.isPending ? 'One moment…' : signingUp ? 'Create account' : 'Sign in'}
        </button>
        <AuthSwitch signingUp={signingUp} next={next} />
      </form>
    </div>
  );
}
