import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

// Everything production requires, so that a row fails only on what it adds.
const production = { NODE_ENV: 'production', JWT_PRIVATE_JWKS: '[{}]', HEALTH_DATA_KEY: Buffer.alloc(32, 1).toString('base64'), TOTP_SECRET_KEY: Buffer.alloc(32, 2).toString('base64') };

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 4000, database: { dialect: 'sqlite', path: 'data/development.db' }, seedDemoData: true });
  });

  it('selects PostgreSQL by the URL alone, with its pool, statement timeout and TLS settings', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://absher@db.internal:5432/absher',
      DATABASE_POOL_SIZE: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '5000',
      DATABASE_SSL: 'verify-full',
      DATABASE_SSL_CA: '/etc/ssl/db-ca.pem',
    });
    expect(config.database).toEqual({
      dialect: 'postgres', url: 'postgres://absher@db.internal:5432/absher', poolSize: 25, statementTimeoutMs: 5000, ssl: 'verify-full', caFile: '/etc/ssl/db-ca.pem',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://absher@db/absher' }).database).toMatchObject({ dialect: 'postgres', poolSize: 10, ssl: 'disable' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/absher' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/absher', DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_URL: 'postgres://db/absher', DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_URL: 'postgres://db/absher', DATABASE_SSL: 'maybe' }, 'DATABASE_SSL'],
    [{ DATABASE_URL: 'postgres://db/absher', DATABASE_SSL_CA: '/ca.pem' }, 'DATABASE_SSL_CA'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'colourful' }, 'LOG_FORMAT'],
    [{ NODE_ENV: 'production' }, 'JWT_PRIVATE_JWKS'],
    [{ NODE_ENV: 'production', JWT_PRIVATE_JWKS: '[{}]', HEALTH_DATA_KEY: Buffer.alloc(32, 1).toString('base64') }, 'TOTP_SECRET_KEY'],
    [{ TOTP_SECRET_KEY: Buffer.alloc(16).toString('base64') }, 'TOTP_SECRET_KEY'],
    [{ SMS_HOURLY_BUDGET: '0' }, 'SMS_HOURLY_BUDGET'],
    [{ SMS_HOURLY_BUDGET: 'plenty' }, 'SMS_HOURLY_BUDGET'],
    [{ SHUTDOWN_DELAY_SECONDS: '-1' }, 'SHUTDOWN_DELAY_SECONDS'],
    [{ SHUTDOWN_TIMEOUT_SECONDS: '0' }, 'SHUTDOWN_TIMEOUT_SECONDS'],
    [{ METRICS_PORT: 'abc' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '9464', METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ ...production, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }, 'METRICS_TOKEN'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('serves metrics only when asked, on this machine unless a token guards them', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ ...production, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
    const token = 'x'.repeat(40);
    expect(loadConfig({ ...production, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token }).metrics).toEqual({ port: 9464, host: '0.0.0.0', token });
  });

  it('stops the server at start with a message naming the bad variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'nope', NODE_ENV: 'test' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/PORT/);
  });
});
