import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from '../errors.js';

/** What the server takes from a verified access token. */
export interface TokenIdentity {
  sub: string;
  email: string | null;
  full_name: string | null;
  /** Local tokens only: the user's token generation when it was issued (see UserSync). */
  generation?: number | undefined;
}

export interface TokenVerifier {
  /** Resolves the identity or throws UnauthorizedError (missing, malformed, expired, wrongly signed). */
  verify(token: string): Promise<TokenIdentity>;
}

/** Supabase Auth access tokens are for this audience; ours are shaped the same way. */
export const TOKEN_AUDIENCE = 'authenticated';
const LOCAL_ISSUER = 'dualmind-lab';

const claimsSchema = z.object({
  sub: z.uuid(),
  email: z.string().optional(),
  gen: z.number().int().min(0).optional(),
  user_metadata: z.object({ full_name: z.string().optional(), name: z.string().optional() }).loose().optional(),
});

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Access token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Access token rejected: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'Access token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'Access token algorithm is not accepted';
  return 'Access token is malformed or not verifiable';
}

/**
 * Verified tokens are remembered for a minute (never past their `exp`): a client sends the same
 * token on every request, and checking its signature each time was about 7% of the server's
 * busy time under the stored-turn benchmark. A minute bounds how long a key removed from the JWKS keeps working.
 */
const VERIFIED_CACHE_MS = 60_000;
const VERIFIED_CACHE_SIZE = 10_000;

function verifierFor(resolveKey: JWTVerifyGetKey, algorithms: string[], local: boolean): TokenVerifier {
  const verified = new Map<string, { identity: TokenIdentity; until: number }>();
  return {
    async verify(token) {
      const cached = verified.get(token);
      if (cached && Date.now() < cached.until) return cached.identity;
      if (cached) verified.delete(token);
      const { identity, expiresAt } = await verifyOnce(token, resolveKey, algorithms, local);
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
      verified.set(token, { identity, until: Math.min(expiresAt, Date.now() + VERIFIED_CACHE_MS) });
      return identity;
    },
  };
}

async function verifyOnce(token: string, resolveKey: JWTVerifyGetKey, algorithms: string[], local: boolean): Promise<{ identity: TokenIdentity; expiresAt: number }> {
  let payload: { exp?: number } | undefined;
  try {
    // The algorithms are an explicit allow-list (never `none`, never a symmetric one where a
    // public key is configured), and a token must expire: one without `exp` would be valid forever.
    ({ payload } = await jwtVerify(token, resolveKey, { audience: TOKEN_AUDIENCE, algorithms, requiredClaims: ['exp'] }));
  } catch (error) {
    throw new UnauthorizedError(describeJoseError(error));
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new UnauthorizedError('Access token lacks a valid subject');
  const metadata = claims.data.user_metadata;
  const identity = {
    sub: claims.data.sub,
    email: claims.data.email ? claims.data.email.trim().toLowerCase() : null,
    full_name: metadata?.full_name ?? metadata?.name ?? null,
    // A local token from before generations existed counts as generation 0; Supabase's tokens
    // are Supabase's to revoke.
    generation: local ? (claims.data.gen ?? 0) : undefined,
  };
  return { identity, expiresAt: (payload?.exp ?? 0) * 1000 };
}

/** AUTH_MODE=local: tokens this server signed with its own HS256 secret. */
export function localTokenVerifier(secret: string): TokenVerifier {
  const key = secretKey(secret);
  return verifierFor(() => key, ['HS256'], true);
}

/**
 * AUTH_MODE=supabase: HS256 tokens checked with the project's JWT secret, asymmetric ones
 * (ES256/RS256) with the project's JWKS, which jose fetches and caches.
 */
export function supabaseTokenVerifier(options: { jwtSecret?: string | undefined; supabaseUrl?: string | undefined }): TokenVerifier {
  const secret = options.jwtSecret ? secretKey(options.jwtSecret) : undefined;
  const jwks = options.supabaseUrl
    ? createRemoteJWKSet(new URL('/auth/v1/.well-known/jwks.json', options.supabaseUrl))
    : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['ES256', 'RS256'] : [])];
  const resolveKey: JWTVerifyGetKey = async (header: JWTHeaderParameters, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new joseErrors.JOSEAlgNotAllowed(`"${header.alg}" is not accepted`);
  };
  return verifierFor(resolveKey, algorithms, false);
}

/** Signs access tokens shaped like Supabase Auth's, so the rest of the server sees one kind. */
export function localTokenSigner(secret: string, ttlSeconds: number) {
  const key = secretKey(secret);
  return {
    sign(user: { user_id: string; email: string | null; full_name: string | null; token_generation: number }): Promise<string> {
      return new SignJWT({
        email: user.email ?? undefined,
        gen: user.token_generation,
        role: 'authenticated',
        user_metadata: user.full_name ? { full_name: user.full_name } : {},
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.user_id)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
  };
}

export type TokenSigner = ReturnType<typeof localTokenSigner>;
