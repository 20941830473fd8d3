import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from './AuthProvider';
import { RequireAuth } from './RequireAuth';

/** The admin console is not even loaded for other users; the server enforces the same rule. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin } = useAuth();
  return (
    <RequireAuth>
      {isAdmin ? (
        children
      ) : (
        <div className="state forbidden" data-testid="forbidden">
          <h1>Admins only</h1>
          <p>Your account cannot open the admin console.</p>
          <Link to="/" className="button">
            Back to the arena
          </Link>
        </div>
      )}
    </RequireAuth>
  );
}
