import { NavLink, Navigate, Route, Routes } from 'react-router';
import { AuditPanel } from './AuditPanel';
import { ExcludedVotesPanel } from './ExcludedVotesPanel';
import { KeysPanel } from './KeysPanel';
import { LabellerPanel } from './LabellerPanel';
import { ModelsPanel } from './ModelsPanel';
import { ProvidersPanel } from './ProvidersPanel';
import { SettingsPanel } from './SettingsPanel';
import { SetupChecklist } from './SetupChecklist';
import { UsersPanel } from './UsersPanel';

const SECTIONS = [
  { path: 'models', label: 'Models', element: <ModelsPanel /> },
  { path: 'providers', label: 'Providers', element: <ProvidersPanel /> },
  { path: 'keys', label: 'API keys', element: <KeysPanel /> },
  { path: 'users', label: 'Users', element: <UsersPanel /> },
  { path: 'settings', label: 'Settings', element: <SettingsPanel /> },
  { path: 'labeller', label: 'Labeller', element: <LabellerPanel /> },
  { path: 'excluded-votes', label: 'Excluded votes', element: <ExcludedVotesPanel /> },
  { path: 'audit', label: 'Audit log', element: <AuditPanel /> },
];

export default function AdminPage() {
  return (
    <div className="admin" data-testid="admin-console">
      <header className="page-head">
        <h1>Admin console</h1>
        {/* A page of the server, not of the app: a full navigation, not a router link. */}
        <p className="lede">
          Scripts and integrations: the <a href="/api/docs">API reference</a> lists every route with its request and answer.
        </p>
      </header>
      <SetupChecklist />
      <nav className="tabs" aria-label="Admin sections">
        {SECTIONS.map((section) => (
          <NavLink key={section.path} to={`/admin/${section.path}`} className={({ isActive }) => (isActive ? 'tab active' : 'tab')}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="models" replace />} />
        {SECTIONS.map((section) => (
          <Route key={section.path} path={section.path} element={section.element} />
        ))}
      </Routes>
    </div>
  );
}
