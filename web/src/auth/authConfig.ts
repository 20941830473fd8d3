import { useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { AuthConfig } from '../api/openapi';

const LOCAL: AuthConfig = { mode: 'local', supabase: null };
let pending: Promise<AuthConfig> | null = null;

/**
 * How this lab signs people in, asked once per page load and kept outside the query cache (which
 * is cleared whenever the identity changes). Unreachable server: local accounts, whose form then
 * reports the network error itself.
 */
function loadAuthConfig(): Promise<AuthConfig> {
  pending ??= endpoints.authConfig().catch(() => {
    pending = null;
    return LOCAL;
  });
  return pending;
}

/** The sign-in configuration, or null until it is known. */
export function useAuthConfig(): AuthConfig | null {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  useEffect(() => {
    let cancelled = false;
    void loadAuthConfig().then((loaded) => !cancelled && setConfig(loaded));
    return () => {
      cancelled = true;
    };
  }, []);
  return config;
}
