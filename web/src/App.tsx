import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { RequireAdmin } from './auth/RequireAdmin';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import { ArenaPage } from './pages/ArenaPage';
import { AuthPage } from './pages/AuthPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Charts and the admin console are heavy and not needed for the first page.
const LeaderboardPage = lazy(() => import('./leaderboard/LeaderboardPage'));
const AdminPage = lazy(() => import('./admin/AdminPage'));
const ChatPage = lazy(() => import('./pages/ChatPage'));
const GalleryPage = lazy(() => import('./pages/GalleryPage'));
const SharedThreadPage = lazy(() => import('./pages/SharedThreadPage'));
const EvaluationsPage = lazy(() => import('./evaluations/EvaluationsPage'));
const EvaluationRunPage = lazy(() => import('./evaluations/RunPage'));
const PromptSetPage = lazy(() => import('./evaluations/PromptSetPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage'));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <ArenaPage /> },
      { path: 'arena/:threadId', element: <ArenaPage /> },
      { path: 'login', element: <AuthPage mode="login" /> },
      { path: 'signup', element: <AuthPage mode="signup" /> },
      { path: 'reset', element: <ResetPasswordPage /> },
      {
        path: 'account',
        element: (
          <RequireAuth>
            <AccountPage />
          </RequireAuth>
        ),
      },
      { path: 'leaderboard', element: <LeaderboardPage /> },
      { path: 'gallery', element: <GalleryPage /> },
      { path: 's/:threadId', element: <SharedThreadPage /> },
      {
        path: 'chat/:threadId?',
        element: (
          <RequireAuth>
            <ChatPage />
          </RequireAuth>
        ),
      },
      {
        path: 'evaluations',
        element: (
          <RequireAuth>
            <EvaluationsPage />
          </RequireAuth>
        ),
      },
      {
        path: 'evaluations/sets/:setId',
        element: (
          <RequireAuth>
            <PromptSetPage />
          </RequireAuth>
        ),
      },
      {
        path: 'evaluations/:id',
        element: (
          <RequireAuth>
            <EvaluationRunPage />
          </RequireAuth>
        ),
      },
      {
        path: 'admin/*',
        element: (
          <RequireAdmin>
            <AdminPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
