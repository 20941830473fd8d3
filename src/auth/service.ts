import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { FixedWindowRateLimiter } from '../rateLimiter.js';
import { readOrCreateSecret } from '../secrets.js';
import { LoginThrottle } from './loginThrottle.js';
import { localTokenSigner, localTokenVerifier, supabaseTokenVerifier, type TokenSigner, type TokenVerifier } from './tokens.js';
import { UserSync } from './users.js';

/** Everything the auth routes and middleware need, built once from the config. */
export interface AuthService {
  mode: Config['AUTH_MODE'];
  verifier: TokenVerifier;
  /** Present in local mode only: Supabase issues its own tokens. */
  signer: TokenSigner | undefined;
  tokenTtlSeconds: number;
  users: UserSync;
  logins: LoginThrottle;
  signupsByIp: FixedWindowRateLimiter;
}

/** Local mode: the server signs its own tokens. */
export type LocalSigner = { signer: TokenSigner };

export function hasLocalSigner(auth: AuthService): auth is AuthService & LocalSigner {
  return auth.signer !== undefined;
}

export function createAuthService(config: Config, db: Kysely<Database>): AuthService {
  const common = {
    mode: config.AUTH_MODE,
    tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    users: new UserSync(db, config.ADMIN_EMAILS),
    logins: new LoginThrottle({
      perEmailAndAddress: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP,
      perAddress: config.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: config.LOGIN_WINDOW_SECONDS * 1000,
      perEmail: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
      emailWindowMs: config.LOGIN_EMAIL_WINDOW_SECONDS * 1000,
    }),
    signupsByIp: new FixedWindowRateLimiter(config.SIGNUP_MAX_PER_IP, config.SIGNUP_WINDOW_SECONDS * 1000),
  };
  if (config.AUTH_MODE === 'supabase') {
    return {
      ...common,
      verifier: supabaseTokenVerifier({ jwtSecret: config.SUPABASE_JWT_SECRET, supabaseUrl: config.SUPABASE_URL }),
      signer: undefined,
    };
  }
  const secret = config.JWT_SECRET ?? readOrCreateSecret(config.DATA_DIR, 'jwt-secret');
  return {
    ...common,
    verifier: localTokenVerifier(secret),
    signer: localTokenSigner(secret, config.ACCESS_TOKEN_TTL_SECONDS),
  };
}
