import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../errors/describeError';
import type { SupabaseAuthConfig } from '../api/openapi';
import { AuthSwitch, CredentialFields } from './CredentialFields';
import type { SupabaseAuth } from './supabaseClient';

const PROVIDER_LABELS: Record<string, string> = {
  azure: 'Microsoft',
  github: 'GitHub',
  gitlab: 'GitLab',
  linkedin_oidc: 'LinkedIn',
  slack_oidc: 'Slack',
  twitter: 'X (Twitter)',
  workos: 'WorkOS',
  x: 'X',
};
const providerLabel = (provider: string) => PROVIDER_LABELS[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);

type Action = { kind: 'password' } | { kind: 'signup' } | { kind: 'link' } | { kind: 'oauth'; provider: SupabaseAuthConfig['oauth_providers'][number] };

/**
 * Sign-in and sign-up through Supabase Auth: email and password, a magic link, and the OAuth
 * providers the server lists. Whatever succeeds lands in supabase-js's session; the auth provider
 * notices and the page moves on. Links and OAuth come back to /login with `next` kept.
 */
export function SupabaseSignIn({ mode, next, config, auth }: { mode: 'login' | 'signup'; next: string; config: SupabaseAuthConfig; auth: SupabaseAuth | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fullName, setFullName] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const signingUp = mode === 'signup';
  const redirectTo = `${window.location.origin}/login?next=${encodeURIComponent(next)}`;

  const run = useMutation({
    mutationFn: async (action: Action) => {
      if (!auth) throw new Error('Sign-in is still loading; try again in a moment.');
      setNotice(null);
      if (action.kind === 'password') {
        const { error } = await auth.signInWithPassword({ email, password });
        if (error) throw error;
      } else if (action.kind === 'signup') {
        const { data, error } = await auth.signUp({ email, password, options: { emailRedirectTo: redirectTo, data: fullName.trim() ? { full_name: fullName.trim() } : {} } });
        if (error) throw error;
        if (!data.session) setNotice(`Almost there: open the link we sent to ${email} to confirm your address.`);
      } else if (action.kind === 'link') {
        if (!email.trim()) throw new Error('Enter your email address first, then ask for a link.');
        const { error } = await auth.signInWithOtp({ email, options: { emailRedirectTo: redirectTo } });
        if (error) throw error;
        setNotice(`We sent a sign-in link to ${email}. Open it in this browser to sign in.`);
      } else {
        const { error } = await auth.signInWithOAuth({ provider: action.provider, options: { redirectTo } });
        if (error) throw error;
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate({ kind: signingUp ? 'signup' : 'password' });
  };
  const busy = run.isPending || !auth;

  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} data-testid="supabase-sign-in">
        <h1>{signingUp ? 'Create your account' : 'Sign in'}</h1>
        {config.oauth_providers.length > 0 && (
          <div className="oauth-buttons">
            {config.oauth_providers.map((provider) => (
              <button key={provider} type="button" className="button wide" disabled={busy} onClick={() => run.mutate({ kind: 'oauth', provider })}>
                Continue with {providerLabel(provider)}
              </button>
            ))}
            <p className="divider">or with your email</p>
          </div>
        )}
        <CredentialFields signingUp={signingUp} fullName={{ value: fullName, set: setFullName }} email={{ value: email, set: setEmail }} password={{ value: password, set: setPassword }} />
        {run.isError && (
          <p className="form-error" role="alert">
            {errorMessage(run.error)}
          </p>
        )}
        {notice && (
          <p className="note" role="status" data-testid="auth-notice">
            {notice}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {run.isPending ? 'One moment…' : signingUp ? 'Create account' : 'Sign in'}
        </button>
        {!signingUp && (
          <button type="button" className="button wide" disabled={busy} onClick={() => run.mutate({ kind: 'link' })}>
            Email me a sign-in link
          </button>
        )}
        <AuthSwitch signingUp={signingUp} next={next} />
      </form>
    </div>
  );
}
