import type { ApiClient } from './testServer.js';

export interface SignedUp {
  token: string;
  user_id: string;
}

/** Logs in to a local account: its access token and user id. */
export async function logIn(api: ApiClient, email: string, password: string): Promise<SignedUp> {
  const response = await api<{ access_token: string; user: { user_id: string } }>('POST', '/api/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.access_token, user_id: response.body.user.user_id };
}

/**
 * Signs up a local account and logs in to it, as the web app does (sign-up answers without a
 * token); the first one of a fresh database becomes admin.
 */
export async function signUp(api: ApiClient, name: string): Promise<SignedUp> {
  const email = `${name}@example.com`;
  const password = `password-${name}`;
  const response = await api('POST', '/api/auth/signup', { body: { email, password } });
  if (response.status !== 201) throw new Error(`sign-up of ${name} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return logIn(api, email, password);
}
