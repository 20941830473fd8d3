import { describe, expect, it } from 'vitest';
import { postgresClientConfig } from './connection.js';

describe('postgresClientConfig', () => {
  it('reads sslmode=require as libpq does: encrypted, certificate not verified', () => {
    const config = postgresClientConfig('postgresql://user:pw@db.example.com:6543/postgres?sslmode=require');
    expect(config).toMatchObject({ host: 'db.example.com', port: 6543, user: 'user', password: 'pw', database: 'postgres' });
    expect(config.ssl).toEqual({ rejectUnauthorized: false });
  });

  it('verifies the certificate with sslmode=verify-full and uses no TLS without sslmode', () => {
    expect(postgresClientConfig('postgres://u@h/db?sslmode=verify-full').ssl).toEqual({});
    expect(postgresClientConfig('postgres://u@h/db').ssl).toBeFalsy();
  });
});
