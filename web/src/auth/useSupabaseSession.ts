import { useCallback, useEffect, useMemo, useState } from 'react';
import { setTokenSource } from '../api/client';
import { endpoints } from '../api/endpoints';
import type { SupabaseAuthConfig, User } from '../api/openapi';
import { type SupabaseAuth, supabaseAuth } from './supabaseClient';

/**
 * Supabase Auth: supabase-js holds the session (and refreshes it); the lab's own `users` row
 * (name, role) is read from `/api/me` whenever the signed-in Supabase user changes. Every API call
 * asks supabase-js for the session first, which hands back a refreshed token once the old one is
 * due, so an expired token is never sent.
 */
export function useSupabaseSession(config: SupabaseAuthConfig | null, onIdentityChange: () => void) {
  const [auth, setAuth] = useState<SupabaseAuth | null>(null);
  // undefined: supabase-js has not restored its session yet.
  const [userId, setUserId] = useState<string | null | undefined>(undefined);
  // The users row, and which Supabase user it was asked for (null answer: the server failed).
  const [loaded, setLoaded] = useState<{ for: string; user: User | null } | null>(null);

  useEffect(() => {
    if (!config) return;
    let cancelled = false;
    let unsubscribe = () => {};
    void supabaseAuth(config).then((client) => {
      if (cancelled) return;
      setTokenSource(async () => (await client.getSession()).data.session?.access_token ?? null);
      setAuth(client);
      // Only state is set here: supabase-js holds a lock while it runs this callback, and the
      // token source above would wait for that lock.
      const { data } = client.onAuthStateChange((_event, session) => setUserId(session?.user.id ?? null));
      unsubscribe = () => data.subscription.unsubscribe();
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [config]);

  useEffect(() => {
    if (userId === undefined) return;
    onIdentityChange();
    if (userId === null) return;
    let cancelled = false;
    endpoints.me().then(
      (user) => !cancelled && setLoaded({ for: userId, user }),
      () => !cancelled && setLoaded({ for: userId, user: null }),
    );
    return () => {
      cancelled = true;
    };
  }, [userId, onIdentityChange]);

  const signOut = useCallback(() => void auth?.signOut(), [auth]);

  const user = userId && loaded?.for === userId ? loaded.user : null;
  const ready = userId === null || (userId !== undefined && loaded?.for === userId);
  return useMemo(() => ({ auth, user, ready, signOut }), [auth, user, ready, signOut]);
}
