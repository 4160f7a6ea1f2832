import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.schema.js';

const valid = {
  DATABASE_URL: 'postgres://app:pw@localhost:5432/stepline',
  REDIS_URL: 'redis://localhost:6379',
};

describe('loadConfig', () => {
  it('fills defaults for a minimal development environment', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, redisPrefix: 'sl', logLevel: 'info' });
    expect(config.databaseMigrationUrl).toBe(valid.DATABASE_URL);
    expect(config.jwt.accessTtlSeconds).toBe(900);
    expect(config.tenantLimits).toEqual({ invitationsPerHour: 100, apiKeysPerHour: 60 });
  });

  it('reports every bad variable at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'JWT_SECRET', 'REDIS_URL']) {
      expect(problems).toContain(name);
    }
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ ...valid, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) }).nodeEnv).toBe(
      'production',
    );
  });

  it('parses booleans and bounded integers strictly', () => {
    expect(loadConfig({ ...valid, TRUST_PROXY: 'true', HTTP_BODY_LIMIT_BYTES: '2048' }).http).toEqual({
      trustProxy: true,
      bodyLimitBytes: 2048,
    });
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...valid, HTTP_BODY_LIMIT_BYTES: '1.5' })).toThrow(/HTTP_BODY_LIMIT_BYTES/);
  });
});
