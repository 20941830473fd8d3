import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseSecretList } from './secrets.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const booleanFlag = z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).transform((value) => value === 'true' || value === '1');

const emailList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((email) => email.trim().toLowerCase())
      .filter((email) => email !== ''),
  )
  .pipe(z.array(z.email({ error: 'must be a comma-separated list of email addresses' })));

/** One exact origin (`https://app.example.com`, `http://localhost:5173`): scheme, host and port, nothing else. */
function asOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !value.endsWith('?') && !value.endsWith('#');
    // URL() lets `*` through in a host name: a wildcard is not an origin.
    const host = /^[a-z0-9.-]+$/.test(url.hostname) || url.hostname.startsWith('[');
    return (url.protocol === 'https:' || url.protocol === 'http:') && bare && host ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const originList = z
  .string()
  .transform((value, context) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => {
        const origin = asOrigin(entry);
        if (origin === undefined) {
          context.addIssue({ code: 'custom', message: `must be a comma-separated list of origins such as https://app.example.com (no path, no wildcard): ${JSON.stringify(entry)} is not one` });
          return z.NEVER;
        }
        return origin;
      }),
  );

const WORKERS_RULE = 'must be auto or a whole number from 1 to 256';
const workers = z.union([z.literal('auto'), z.coerce.number().int(WORKERS_RULE).min(1, WORKERS_RULE).max(256, WORKERS_RULE)], { error: WORKERS_RULE });

/** The OAuth providers Supabase Auth offers (supabase-js's `Provider` type). */
export const SUPABASE_OAUTH_PROVIDERS = [
  'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'figma', 'fly', 'github', 'gitlab', 'google', 'kakao', 'keycloak',
  'linkedin', 'linkedin_oidc', 'notion', 'slack', 'slack_oidc', 'spotify', 'twitch', 'twitter', 'workos', 'x', 'zoom',
] as const;

type OAuthProvider = (typeof SUPABASE_OAUTH_PROVIDERS)[number];
const isOAuthProvider = (entry: string): entry is OAuthProvider => (SUPABASE_OAUTH_PROVIDERS as readonly string[]).includes(entry);

const oauthProviderList = z.string().transform((value, context) =>
  value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry) => {
      if (isOAuthProvider(entry)) return entry;
      context.addIssue({ code: 'custom', message: `must be a comma-separated list of Supabase OAuth providers (${SUPABASE_OAUTH_PROVIDERS.join(', ')}): ${JSON.stringify(entry)} is not one` });
      return z.NEVER;
    }),
);

/**
 * Every environment variable the server reads, with its default. The README's configuration
 * table documents the same list; keep the two together.
 */
export const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** Where automatic backups of the embedded database go; unset: DATA_DIR/backups. */
  BACKUP_DIR: z.string().trim().min(1).optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Server processes behind the one port (node:cluster); `auto` is one per core (see resolveWorkers). */
  WORKERS: workers.default(1),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  TRUST_PROXY: booleanFlag.default(false),
  /** Browser origins allowed to call /api/* cross-origin; empty: no CORS headers at all. */
  CORS_ORIGINS: originList.default([]),

  AUTH_MODE: z.enum(['local', 'supabase']).default('local'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(8 * 3600),
  SUPABASE_URL: z.url({ error: 'must be a URL such as https://abcd.supabase.co' }).optional(),
  SUPABASE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Public by design: the web app's Supabase client sends it; row-level security keeps it from the tables. */
  SUPABASE_ANON_KEY: z.string().trim().min(20, 'must be the project’s anon (publishable) key').optional(),
  SUPABASE_OAUTH_PROVIDERS: oauthProviderList.default([]),
  ADMIN_EMAILS: emailList.default([]),
  LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(100),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: z.coerce.number().int().min(1).default(50),
  LOGIN_EMAIL_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),

  /** The first secret encrypts provider keys; every one decrypts (rotation, see README). */
  DUALMIND_SECRET_KEY: z
    .string()
    .transform((value, context) => {
      const secrets = parseSecretList(value);
      const bad = secrets.findIndex((secret) => Buffer.from(secret, 'base64').length !== 32);
      if (secrets.length === 0 || bad !== -1) {
        const which = secrets.length > 1 ? `entry ${bad + 1} ` : '';
        context.addIssue({ code: 'custom', message: `${which}must be 32 random bytes, base64-encoded (openssl rand -base64 32); several are separated by commas, the first one current` });
        return z.NEVER;
      }
      return secrets;
    })
    .optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  UPSTREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  UPSTREAM_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  KEY_POOL_REFRESH_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  DEMO_DELAY_MS: z.coerce.number().int().min(0).max(5_000).default(40),
  /** How often an idle labeller (no model set, or nothing left to label) looks for work again. */
  LABELLER_IDLE_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
  /** How long a labeller call may hold its comparison; a killed instance's claims are taken over after this. */
  LABELLER_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),

  CHAT_HISTORY_CHARS: z.coerce.number().int().min(0).max(10_000_000).default(24_000),
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  SETTINGS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),

  LEADERBOARD_BOOTSTRAP_ROUNDS: z.coerce.number().int().min(0).max(100_000).default(1_000),
  LEADERBOARD_SEED: z.coerce.number().int().default(42),
  LEADERBOARD_FRESHNESS_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  LEADERBOARD_PUBLIC_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** /metrics on the public port needs this bearer token; unset, the public port does not serve metrics. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** A listener of its own for /metrics (loopback by default); unset, there is none. */
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024),

  /** Background jobs (evaluations): how often an idle queue is polled. */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** An instance whose heartbeat is older than this is dead: its running jobs are retried elsewhere. */
  JOBS_STALE_AFTER_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** One evaluation call (one answer or one verdict) may take this long before it counts as a timeout. */
  EVAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
}).superRefine((config, context) => {
  if (typeof config.WORKERS === 'number' && config.WORKERS > 1 && !config.DATABASE_URL) {
    context.addIssue({
      code: 'custom',
      path: ['WORKERS'],
      message: `is ${config.WORKERS}, but the embedded database belongs to one process: set DATABASE_URL to a PostgreSQL server to run several workers, or WORKERS=1`,
    });
  }
  // The web app signs in with supabase-js, which needs the project URL and its anon key; without
  // either nobody could sign in, so the server refuses to start rather than serve a dead login.
  if (config.AUTH_MODE === 'supabase') {
    if (!config.SUPABASE_URL) {
      context.addIssue({ code: 'custom', path: ['SUPABASE_URL'], message: 'is required with AUTH_MODE=supabase: the project URL, such as https://abcd.supabase.co' });
    } else if (!config.SUPABASE_ANON_KEY) {
      context.addIssue({ code: 'custom', path: ['SUPABASE_ANON_KEY'], message: 'is required with AUTH_MODE=supabase: the project’s anon (publishable) key, which the web app signs in with' });
    }
  }
});

export type Config = Omit<z.infer<typeof configSchema>, 'DATA_DIR' | 'BACKUP_DIR' | 'WORKERS'> & {
  /** Absolute path: the server may change directory, the data must not move. */
  DATA_DIR: string;
  /** Absolute path. */
  BACKUP_DIR: string;
  /** How many server processes to run, `auto` resolved. */
  WORKERS: number;
};

/**
 * `auto` is one worker per core on PostgreSQL, and one on the embedded database, which a single
 * process owns (PGlite serves one connection: workers cannot share it).
 */
function resolveWorkers(workers: number | 'auto', databaseUrl: string | undefined): number {
  if (workers !== 'auto') return workers;
  return databaseUrl ? os.availableParallelism() : 1;
}

const SECRET_VARIABLES = new Set(['DUALMIND_SECRET_KEY', 'JWT_SECRET', 'SUPABASE_JWT_SECRET', 'METRICS_TOKEN', 'DATABASE_URL']);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Blank values count as unset, so `PORT=` in an env file falls back to the default.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    const received = env[variable];
    // A secret that is merely malformed is still a secret: never echo it into a log.
    const shown = received === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(received)})`;
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}${shown}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    BACKUP_DIR: path.resolve(parsed.data.BACKUP_DIR ?? path.join(dataDir, 'backups')),
    WORKERS: resolveWorkers(parsed.data.WORKERS, parsed.data.DATABASE_URL),
  };
}
