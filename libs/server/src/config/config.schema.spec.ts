import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.schema.js';

const valid = {
  DATABASE_URL: 'postgres://app:pw@localhost:5432/stepline',
  REDIS_URL: 'redis://localhost:6379',
};
/** Production requires its own secrets key (secrets-config.spec.ts covers the rules). */
const PROD_SECRETS = { SECRETS_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

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
    expect(
      loadConfig({ ...valid, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), ...PROD_SECRETS }).nodeEnv,
    ).toBe('production');
  });

  it('parses booleans and bounded integers strictly', () => {
    expect(loadConfig({ ...valid, TRUST_PROXY: 'true', HTTP_BODY_LIMIT_BYTES: '2048' }).http).toMatchObject({
      trustProxy: true,
      bodyLimitBytes: 2048,
    });
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...valid, HTTP_BODY_LIMIT_BYTES: '1.5' })).toThrow(/HTTP_BODY_LIMIT_BYTES/);
  });

  it('reads the outbound HTTP policy, closed to private ranges by default', () => {
    expect(loadConfig(valid).outbound).toEqual({
      allowCidrs: [],
      maxResponseBytes: 10 * 1024 * 1024,
      connectTimeoutMs: 5000,
      maxRedirects: 5,
    });
    const config = loadConfig({
      ...valid,
      OUTBOUND_ALLOW_CIDRS: ' 10.0.0.0/8, 127.0.0.1 ,fd00::/8',
      OUTBOUND_MAX_REDIRECTS: '0',
    });
    expect(config.outbound.allowCidrs).toEqual(['10.0.0.0/8', '127.0.0.1/32', 'fd00::/8']);
    expect(config.outbound.maxRedirects).toBe(0);
  });

  it('refuses a malformed outbound allow-list at boot, naming the bad entries', () => {
    for (const bad of [
      '10.0.0.0/33',
      'example.com',
      '10.0.0.0/8/1',
      '::/129',
      '10.0.0.0/x',
      '1.2.3',
      'fe80::1%eth0/64',
    ]) {
      expect(() => loadConfig({ ...valid, OUTBOUND_ALLOW_CIDRS: `127.0.0.1/32,${bad}` }), bad).toThrow(
        /OUTBOUND_ALLOW_CIDRS.*bad entry/,
      );
    }
  });

  it('bounds JSON bodies and GraphQL operations by default, introspection off in production', () => {
    const dev = loadConfig(valid);
    expect(dev.http).toMatchObject({ jsonMaxDepth: 64, jsonMaxNodes: 100_000 });
    expect(dev.graphql).toEqual({
      introspection: true,
      maxCost: 5000,
      maxAliases: 30,
      maxDepth: 12,
      maxTokens: 10_000,
    });
    const prod = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      ...PROD_SECRETS,
    });
    expect(prod.graphql.introspection).toBe(false);
    const opened = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      ...PROD_SECRETS,
      GRAPHQL_INTROSPECTION: 'true',
    });
    expect(opened.graphql.introspection).toBe(true);
    expect(() => loadConfig({ ...valid, HTTP_JSON_MAX_DEPTH: '2' })).toThrow(/HTTP_JSON_MAX_DEPTH/);
    expect(() => loadConfig({ ...valid, GRAPHQL_MAX_COST: 'lots' })).toThrow(/GRAPHQL_MAX_COST/);
  });

  it('leaves /metrics open by default and protects it with a long token or a separate listener', () => {
    expect(loadConfig(valid).metrics).toEqual({ token: null, port: null, host: '0.0.0.0' });
    // As .env.example leaves them: empty means unset.
    expect(loadConfig({ ...valid, METRICS_TOKEN: '', METRICS_PORT: '', METRICS_HOST: '' }).metrics).toEqual({
      token: null,
      port: null,
      host: '0.0.0.0',
    });
    const token = 'metrics-token-0123456789';
    expect(
      loadConfig({ ...valid, METRICS_TOKEN: token, METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1' }).metrics,
    ).toEqual({
      token,
      port: 9464,
      host: '127.0.0.1',
    });
    expect(() => loadConfig({ ...valid, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ ...valid, METRICS_PORT: '0' })).toThrow(/METRICS_PORT/);
  });

  it('sizes the code sandbox: two threads, a 128 MB cap and a bounded queue by default', () => {
    expect(loadConfig(valid).sandbox).toEqual({ poolSize: 2, maxMemoryMb: 128, maxQueue: 1000 });
    expect(
      loadConfig({ ...valid, SANDBOX_POOL_SIZE: '4', SANDBOX_MAX_MEMORY_MB: '64', SANDBOX_MAX_QUEUE: '50' })
        .sandbox,
    ).toEqual({ poolSize: 4, maxMemoryMb: 64, maxQueue: 50 });
    expect(() => loadConfig({ ...valid, SANDBOX_POOL_SIZE: '0' })).toThrow(/SANDBOX_POOL_SIZE/);
    expect(() => loadConfig({ ...valid, SANDBOX_MAX_QUEUE: 'many' })).toThrow(/SANDBOX_MAX_QUEUE/);
  });
});
