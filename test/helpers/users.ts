import type { ApiClient } from './testServer.js';

export interface SignedUp {
  token: string;
  user_id: string;
}

/** Signs up a local account; the first one of a fresh database becomes admin. */
export async function signUp(api: ApiClient, name: string): Promise<SignedUp> {
  const response = await api<{ access_token: string; user: { user_id: string } }>('POST', '/api/auth/signup', {
    body: { email: `${name}@example.com`, password: `password-${name}` },
  });
  if (response.status !== 201) throw new Error(`sign-up of ${name} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.access_token, user_id: response.body.user.user_id };
}
