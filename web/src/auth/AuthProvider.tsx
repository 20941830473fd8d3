import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setAccessToken, setUnauthorizedHandler } from '../api/client';
import { endpoints } from '../api/endpoints';
import type { Session, User } from '../api/openapi';
import { loadSession, saveSession, toStoredSession, type StoredSession } from './sessionStorage';

interface AuthState {
  user: User | null;
  isAdmin: boolean;
  signIn(session: Session): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

function initialSession(): StoredSession | null {
  const stored = loadSession();
  // Set before the first render so the first queries already carry the token.
  setAccessToken(stored?.token ?? null);
  return stored;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(initialSession);

  const apply = useCallback(
    (next: StoredSession | null) => {
      setAccessToken(next?.token ?? null);
      saveSession(next);
      setSession(next);
      // Everything cached belongs to the previous identity.
      queryClient.clear();
    },
    [queryClient],
  );

  const signOut = useCallback(() => apply(null), [apply]);
  const signIn = useCallback((fresh: Session) => apply(toStoredSession(fresh)), [apply]);

  useEffect(() => {
    setUnauthorizedHandler(signOut);
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  // A role changed by an admin since the last sign-in shows without signing in again.
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    endpoints
      .me()
      .then((user) => {
        if (cancelled) return;
        setSession((current) => {
          if (!current || current.token !== token) return current;
          const next = { ...current, user };
          saveSession(next);
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [token]);

  const value = useMemo<AuthState>(
    () => ({ user: session?.user ?? null, isAdmin: session?.user.role === 'admin', signIn, signOut }),
    [session, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
