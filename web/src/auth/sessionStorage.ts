import type { Session, User } from '../api/openapi';

const STORAGE_KEY = 'dualmind.session';

export interface StoredSession {
  token: string;
  user: User;
  /** Epoch ms after which the server will refuse the token. */
  expiresAt: number;
}

export function toStoredSession(session: Session): StoredSession {
  return { token: session.access_token, user: session.user, expiresAt: Date.now() + session.expires_in * 1000 };
}

export function loadSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    if (typeof stored.token !== 'string' || stored.expiresAt <= Date.now()) {
      localStorage.removeItem(STORAGE_KEY);
      return null;
    }
    return stored;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
}
