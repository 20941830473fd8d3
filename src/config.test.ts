import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_POOL_MAX: 10, SHUTDOWN_TIMEOUT_MS: 10_000 });
    expect(config.DATA_DIR).toBe(path.resolve('./data'));
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '  ' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a number (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535 (got "70000")'],
    [{ PORT: '1.5' }, 'Invalid configuration: PORT must be a whole number (got "1.5")'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ AUTH_MODE: 'supabase', SUPABASE_JWT_SECRET: 'x'.repeat(32) }, 'Invalid configuration: SUPABASE_URL is required with AUTH_MODE=supabase'],
    [{ AUTH_MODE: 'supabase', SUPABASE_URL: 'https://abcd.supabase.co' }, 'Invalid configuration: SUPABASE_ANON_KEY is required with AUTH_MODE=supabase'],
    [{ SUPABASE_OAUTH_PROVIDERS: 'github,myspace' }, 'Invalid configuration: SUPABASE_OAUTH_PROVIDERS must be a comma-separated list of Supabase OAuth providers'],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('runs one worker by default, one per core with WORKERS=auto on PostgreSQL, one on the embedded database', () => {
    const url = 'postgres://localhost/dualmind';
    expect(loadConfig({}).WORKERS).toBe(1);
    expect(loadConfig({ WORKERS: '3', DATABASE_URL: url }).WORKERS).toBe(3);
    expect(loadConfig({ WORKERS: 'auto', DATABASE_URL: url }).WORKERS).toBe(os.availableParallelism());
    expect(loadConfig({ WORKERS: 'auto' }).WORKERS).toBe(1);
  });

  it.each([
    [{ WORKERS: '0' }, 'Invalid configuration: WORKERS must be auto or a whole number from 1 to 256 (got "0")'],
    [{ WORKERS: 'many' }, 'Invalid configuration: WORKERS must be auto or a whole number from 1 to 256 (got "many")'],
    [{ WORKERS: '2' }, 'Invalid configuration: WORKERS is 2, but the embedded database belongs to one process: set DATABASE_URL to a PostgreSQL server to run several workers, or WORKERS=1 (got "2")'],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads a complete Supabase sign-in configuration', () => {
    const config = loadConfig({ AUTH_MODE: 'supabase', SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: 'sb_publishable_0123456789abcdef', SUPABASE_OAUTH_PROVIDERS: ' GitHub, google ' });
    expect(config).toMatchObject({ AUTH_MODE: 'supabase', SUPABASE_OAUTH_PROVIDERS: ['github', 'google'] });
  });

  it('reads DUALMIND_SECRET_KEY as a list, first one current, and never echoes a bad one', () => {
    const [a, b] = [Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')];
    expect(loadConfig({ DUALMIND_SECRET_KEY: a }).DUALMIND_SECRET_KEY).toEqual([a]);
    expect(loadConfig({ DUALMIND_SECRET_KEY: ` ${b} , ${a} ` }).DUALMIND_SECRET_KEY).toEqual([b, a]);
    const bad = `${a},tooshort-secret-value`;
    expect(() => loadConfig({ DUALMIND_SECRET_KEY: bad })).toThrow('Invalid configuration: DUALMIND_SECRET_KEY entry 2 must be 32 random bytes');
    expect(() => loadConfig({ DUALMIND_SECRET_KEY: bad })).not.toThrow(/tooshort/);
    expect(() => loadConfig({ DUALMIND_SECRET_KEY: ',' })).toThrow('Invalid configuration: DUALMIND_SECRET_KEY must be 32 random bytes');
  });

  it('accepts a Supabase pooled connection string', () => {
    const url = 'postgresql://postgres.abcd:secret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require';
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });
});
