import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 4000, databasePath: 'data/development.db', seedDemoData: true });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://db/absher' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'colourful' }, 'LOG_FORMAT'],
    [{ NODE_ENV: 'production' }, 'JWT_PRIVATE_JWKS'],
    [{ NODE_ENV: 'production', JWT_PRIVATE_JWKS: '[{}]', HEALTH_DATA_KEY: Buffer.alloc(32, 1).toString('base64') }, 'TOTP_SECRET_KEY'],
    [{ TOTP_SECRET_KEY: Buffer.alloc(16).toString('base64') }, 'TOTP_SECRET_KEY'],
    [{ SMS_HOURLY_BUDGET: '0' }, 'SMS_HOURLY_BUDGET'],
    [{ SMS_HOURLY_BUDGET: 'plenty' }, 'SMS_HOURLY_BUDGET'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${variable}\\b`));
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
