import type { SupabaseClient } from '@supabase/supabase-js';
import type { SupabaseAuthConfig } from '../api/openapi';

export type SupabaseAuth = SupabaseClient['auth'];

let client: Promise<SupabaseAuth> | null = null;

/**
 * Supabase Auth through supabase-js (only its `auth`; the lab's data goes through its own API).
 * Imported on demand, into a chunk of its own: a lab on local accounts never downloads it.
 * The session lives in localStorage and is refreshed before it expires; a magic link or an OAuth
 * sign-in comes back with the tokens in the URL, which the client reads and then removes.
 */
export function supabaseAuth(config: SupabaseAuthConfig): Promise<SupabaseAuth> {
  client ??= import('@supabase/supabase-js').then(
    ({ createClient }) =>
      createClient(config.url, config.anon_key, { auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true, flowType: 'implicit' } }).auth,
  );
  return client;
}
