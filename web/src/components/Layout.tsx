import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { SetupChecklist } from '../admin/SetupChecklist';
import { useAuth } from '../auth/AuthProvider';
import { ThemeToggle } from './ThemeToggle';

const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-link active' : 'nav-link');

export function Layout() {
  const { user, isAdmin, signOut } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="DualMind Lab, arena">
          <span className="brand-mark" aria-hidden="true">
            ◐
          </span>
          <span className="brand-text">DualMind Lab</span>
        </NavLink>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" end className={navClass}>
            Arena
          </NavLink>
          {user && (
            <NavLink to="/chat" className={navClass}>
              Chat
            </NavLink>
          )}
          <NavLink to="/leaderboard" className={navClass}>
            Leaderboard
          </NavLink>
          <NavLink to="/gallery" className={navClass}>
            Gallery
          </NavLink>
          {user && (
            <NavLink to="/evaluations" className={navClass}>
              Evaluations
            </NavLink>
          )}
          {isAdmin && (
            <NavLink to="/admin" className={navClass}>
              Admin
            </NavLink>
          )}
        </nav>
        <div className="topbar-end">
          <ThemeToggle />
          {user ? (
            <>
              <NavLink to="/account" className="user-email" data-testid="user-email" title={`${user.email ?? ''}: your account`}>
                {user.full_name ?? user.email}
              </NavLink>
              <button
                type="button"
                className="button small"
                onClick={() => {
                  signOut();
                  void navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to="/login" className="button small primary">
              Sign in
            </NavLink>
          )}
        </div>
      </header>
      <main id="main" className="content">
        {/* The admin console shows the whole checklist; elsewhere a new lab's admin gets a reminder. */}
        {isAdmin && !pathname.startsWith('/admin') && <SetupChecklist compact />}
        <Suspense
          fallback={
            <p className="state loading" role="status">
              <span className="spinner" aria-hidden="true" /> Loading…
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
