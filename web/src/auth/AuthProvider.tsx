import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { setUnauthorizedHandler } from '../api/client';
import type { AuthConfig, Session, User } from '../api/openapi';
import { useAuthConfig } from './authConfig';
import type { SupabaseAuth } from './supabaseClient';
import { useLocalSession } from './useLocalSession';
import { useSupabaseSession } from './useSupabaseSession';

interface AuthState {
  user: User | null;
  isAdmin: boolean;
  /** False while it is not yet known whether someone is signed in (Supabase restores its session asynchronously). */
  ready: boolean;
  /** How this lab signs people in; null until the server said. */
  config: AuthConfig | null;
  /** Supabase mode: the client the sign-in page uses. */
  supabase: SupabaseAuth | null;
  /** Local accounts: the session the server's login or sign-up answered. */
  signIn(session: Session): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Everything cached belongs to the previous identity.
  const forgetCache = useCallback(() => queryClient.clear(), [queryClient]);
  const config = useAuthConfig();
  const supabaseConfig = config?.mode === 'supabase' ? config.supabase : null;
  const local = useLocalSession(forgetCache);
  const remote = useSupabaseSession(supabaseConfig, forgetCache);

  // A local session left from before the lab moved to Supabase Auth means nothing any more.
  const localUser = local.user;
  const localSignOut = local.signOut;
  useEffect(() => {
    if (supabaseConfig && localUser) localSignOut();
  }, [supabaseConfig, localUser, localSignOut]);

  const value = useMemo<AuthState>(() => {
    const current = supabaseConfig ? remote : { ...local, ready: local.user !== null || config !== null };
    return {
      user: current.user,
      isAdmin: current.user?.role === 'admin',
      ready: current.ready,
      config,
      supabase: remote.auth,
      signIn: local.signIn,
      signOut: current.signOut,
    };
  }, [config, supabaseConfig, local, remote]);

  const signOut = value.signOut;
  useEffect(() => {
    setUnauthorizedHandler(signOut);
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
