import { api } from './client';
import type {
  AdminModel,
  ApiKey,
  DiscoveredModels,
  Leaderboard,
  LeaderboardFilters,
  Outcome,
  Provider,
  ProviderHealth,
  PublicModel,
  PublicSettings,
  Session,
  Setting,
  Thread,
  ThreadWithMessages,
  User,
  Visibility,
  VoteAnswer,
  WinRateMatrix,
} from './types';

/** Every JSON route the web app calls, one typed function each. */
export const endpoints = {
  /** Answers alike whether or not the email had an account; the session comes from logIn. */
  signUp: (body: { email: string; password: string; full_name?: string; invite_code?: string }) => api<{ message: string }>('POST', '/api/auth/signup', { body }),
  logIn: (body: { email: string; password: string }) => api<Session>('POST', '/api/auth/login', { body }),
  me: () => api<User>('GET', '/api/me'),

  models: () => api<PublicModel[]>('GET', '/api/models'),
  settings: () => api<PublicSettings>('GET', '/api/settings'),

  threads: () => api<Thread[]>('GET', '/api/threads?limit=100'),
  thread: (id: string) => api<ThreadWithMessages>('GET', `/api/threads/${id}`),
  createThread: (body: { title?: string; visibility?: Visibility }) => api<Thread>('POST', '/api/threads', { body }),
  updateThread: (id: string, body: { title?: string; visibility?: Visibility }) => api<Thread>('PATCH', `/api/threads/${id}`, { body }),
  deleteThread: (id: string) => api<void>('DELETE', `/api/threads/${id}`),
  publicThreads: () => api<Thread[]>('GET', '/api/public/threads?limit=50'),
  sharedThread: (id: string) => api<ThreadWithMessages>('GET', `/api/shared/${id}`),

  vote: (comparisonId: string, winner: Outcome) => api<VoteAnswer>('POST', `/api/comparisons/${comparisonId}/vote`, { body: { winner } }),

  leaderboard: (filters: LeaderboardFilters) => api<Leaderboard>('GET', `/api/leaderboard?${leaderboardQuery(filters, true)}`),
  winRateMatrix: (filters: LeaderboardFilters) => api<WinRateMatrix>('GET', `/api/leaderboard/matrix?${leaderboardQuery(filters, false)}`),

  admin: {
    providers: () => api<Provider[]>('GET', '/api/admin/providers'),
    createProvider: (body: { provider_name: string; display_name?: string; priority?: number }) => api<Provider>('POST', '/api/admin/providers', { body }),
    updateProvider: (name: string, body: { is_enabled?: boolean; priority?: number; display_name?: string | null }) =>
      api<Provider>('PATCH', `/api/admin/providers/${encodeURIComponent(name)}`, { body }),
    deleteProvider: (name: string) => api<void>('DELETE', `/api/admin/providers/${encodeURIComponent(name)}`),
    discover: (name: string) => api<DiscoveredModels>('POST', `/api/admin/providers/${encodeURIComponent(name)}/discover`, { body: {} }),
    addKey: (provider: string, apiKey: string) => api<ApiKey>('POST', `/api/admin/providers/${encodeURIComponent(provider)}/keys`, { body: { api_key: apiKey } }),
    updateKey: (keyId: string, body: { is_active?: boolean; clear_cooldown?: true }) => api<ApiKey>('PATCH', `/api/admin/keys/${keyId}`, { body }),
    deleteKey: (keyId: string) => api<void>('DELETE', `/api/admin/keys/${keyId}`),
    health: () => api<ProviderHealth[]>('GET', '/api/admin/health'),
    models: () => api<AdminModel[]>('GET', '/api/admin/models'),
    createModel: (body: Partial<AdminModel>) => api<AdminModel>('POST', '/api/admin/models', { body }),
    updateModel: (id: string, body: Partial<AdminModel>) => api<AdminModel>('PATCH', `/api/admin/models/${id}`, { body }),
    deleteModel: (id: string) => api<void>('DELETE', `/api/admin/models/${id}`),
    users: (query: string) => api<{ users: User[]; total: number }>('GET', `/api/admin/users?limit=200&query=${encodeURIComponent(query)}`),
    setRole: (id: string, role: string) => api<User>('PATCH', `/api/admin/users/${id}`, { body: { role } }),
    settings: () => api<Setting[]>('GET', '/api/admin/settings'),
    putSetting: (key: string, value: string) => api<Setting>('PUT', `/api/admin/settings/${encodeURIComponent(key)}`, { body: { value } }),
  },
};

function leaderboardQuery(filters: LeaderboardFilters, withMethod: boolean): string {
  const query = new URLSearchParams();
  if (withMethod) query.set('method', filters.method);
  if (filters.blind) query.set('blind', 'true');
  if (filters.since) query.set('since', filters.since);
  if (filters.mine) query.set('mine', 'true');
  return query.toString();
}
