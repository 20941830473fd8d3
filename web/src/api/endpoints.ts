import { call, client } from './client';
import type { ApiKeyPatch, ChangePassword, LogIn, ModelPatch, NewInvite, NewModel, NewModelPrice, NewProvider, NewThread, Outcome, paths, ProviderPatch, RedeemPasswordReset, SignUp, ThreadPatch, UserChange } from './openapi';

export type LeaderboardQuery = NonNullable<paths['/api/leaderboard']['get']['parameters']['query']>;
export type WinRateMatrixQuery = NonNullable<paths['/api/leaderboard/matrix']['get']['parameters']['query']>;
export type AuditQuery = NonNullable<paths['/api/admin/audit']['get']['parameters']['query']>;
export type ExcludedVotesQuery = NonNullable<paths['/api/admin/leaderboard/excluded']['get']['parameters']['query']>;

/** Every JSON route the web app calls, one typed function each. */
export const endpoints = {
  signUp: (body: SignUp) => call(client.POST('/api/auth/signup', { body })),
  logIn: (body: LogIn) => call(client.POST('/api/auth/login', { body })),
  me: () => call(client.GET('/api/me')),
  exportMe: () => call(client.GET('/api/me/export')),
  deleteMe: () => call(client.DELETE('/api/me')),
  changePassword: (body: ChangePassword) => call(client.POST('/api/me/password', { body })),
  redeemPasswordReset: (body: RedeemPasswordReset) => call(client.POST('/api/auth/password-reset', { body })),
  authConfig: () => call(client.GET('/api/auth/config')),

  models: () => call(client.GET('/api/models')),
  settings: () => call(client.GET('/api/settings')),

  threads: () => call(client.GET('/api/threads', { params: { query: { limit: 100 } } })),
  thread: (id: string) => call(client.GET('/api/threads/{id}', { params: { path: { id } } })),
  createThread: (body: NewThread) => call(client.POST('/api/threads', { body })),
  updateThread: (id: string, body: ThreadPatch) => call(client.PATCH('/api/threads/{id}', { params: { path: { id } }, body })),
  deleteThread: (id: string) => call(client.DELETE('/api/threads/{id}', { params: { path: { id } } })),
  publicThreads: () => call(client.GET('/api/public/threads', { params: { query: { limit: 50 } } })),
  sharedThread: (id: string) => call(client.GET('/api/shared/{id}', { params: { path: { id } } })),

  vote: (id: string, winner: Outcome) => call(client.POST('/api/comparisons/{id}/vote', { params: { path: { id } }, body: { winner } })),

  leaderboard: (query: LeaderboardQuery) => call(client.GET('/api/leaderboard', { params: { query } })),
  winRateMatrix: (query: WinRateMatrixQuery) => call(client.GET('/api/leaderboard/matrix', { params: { query } })),
  categoryOverview: (query: WinRateMatrixQuery) => call(client.GET('/api/leaderboard/categories', { params: { query } })),

  admin: {
    providers: () => call(client.GET('/api/admin/providers')),
    createProvider: (body: NewProvider) => call(client.POST('/api/admin/providers', { body })),
    updateProvider: (name: string, body: ProviderPatch) => call(client.PATCH('/api/admin/providers/{name}', { params: { path: { name } }, body })),
    deleteProvider: (name: string) => call(client.DELETE('/api/admin/providers/{name}', { params: { path: { name } } })),
    discover: (name: string, apiUrl?: string) => call(client.POST('/api/admin/providers/{name}/discover', { params: { path: { name } }, body: apiUrl ? { api_url: apiUrl } : {} })),
    addKey: (name: string, apiKey: string) => call(client.POST('/api/admin/providers/{name}/keys', { params: { path: { name } }, body: { api_key: apiKey } })),
    updateKey: (key_id: string, body: ApiKeyPatch) => call(client.PATCH('/api/admin/keys/{key_id}', { params: { path: { key_id } }, body })),
    deleteKey: (key_id: string) => call(client.DELETE('/api/admin/keys/{key_id}', { params: { path: { key_id } } })),
    health: () => call(client.GET('/api/admin/health')),
    models: () => call(client.GET('/api/admin/models')),
    createModel: (body: NewModel) => call(client.POST('/api/admin/models', { body })),
    updateModel: (id: string, body: ModelPatch) => call(client.PATCH('/api/admin/models/{id}', { params: { path: { id } }, body })),
    deleteModel: (id: string) => call(client.DELETE('/api/admin/models/{id}', { params: { path: { id } } })),
    setPrice: (id: string, body: NewModelPrice) => call(client.PUT('/api/admin/models/{id}/price', { params: { path: { id } }, body })),
    clearPrice: (id: string) => call(client.DELETE('/api/admin/models/{id}/price', { params: { path: { id } } })),
    users: (query: string) => call(client.GET('/api/admin/users', { params: { query: { limit: 200, query } } })),
    updateUser: (id: string, body: UserChange) => call(client.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body })),
    deleteUser: (id: string) => call(client.DELETE('/api/admin/users/{id}', { params: { path: { id } } })),
    passwordReset: (id: string) => call(client.POST('/api/admin/users/{id}/password-reset', { params: { path: { id } } })),
    audit: (query: AuditQuery) => call(client.GET('/api/admin/audit', { params: { query } })),
    settings: () => call(client.GET('/api/admin/settings')),
    invites: () => call(client.GET('/api/admin/invites')),
    createInvite: (body: NewInvite) => call(client.POST('/api/admin/invites', { body })),
    revokeInvite: (id: string) => call(client.DELETE('/api/admin/invites/{id}', { params: { path: { id } } })),
    putSetting: (key: string, value: string) => call(client.PUT('/api/admin/settings/{key}', { params: { path: { key } }, body: { value } })),
    excludedVotes: (query: ExcludedVotesQuery) => call(client.GET('/api/admin/leaderboard/excluded', { params: { query } })),
    labeller: () => call(client.GET('/api/admin/labeller')),
  },
};
