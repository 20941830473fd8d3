import { useCallback, useEffect, useMemo, useState } from 'react';
import { setTokenSource } from '../api/client';
import { endpoints } from '../api/endpoints';
import type { Session, User } from '../api/openapi';
import { loadSession, saveSession, toStoredSession, type StoredSession } from './sessionStorage';

function initialSession(): StoredSession | null {
  const stored = loadSession();
  // Set before the first render so the first queries already carry the token.
  if (stored) setTokenSource(() => stored.token);
  return stored;
}

/** Local accounts: the server's own token, kept in localStorage until it expires. */
export function useLocalSession(onIdentityChange: () => void) {
  const [session, setSession] = useState<StoredSession | null>(initialSession);

  const apply = useCallback(
    (next: StoredSession | null) => {
      setTokenSource(next ? () => next.token : null);
      saveSession(next);
      setSession(next);
      onIdentityChange();
    },
    [onIdentityChange],
  );

  const signOut = useCallback(() => apply(null), [apply]);
  const signIn = useCallback((fresh: Session) => apply(toStoredSession(fresh)), [apply]);

  // A role changed by an admin since the last sign-in shows without signing in again.
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    endpoints
      .me()
      .then((user: User) => {
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

  const user = session?.user ?? null;
  return useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
}
