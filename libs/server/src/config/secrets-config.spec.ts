import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.schema.js';
import { DEV_SECRETS_KEY, DEV_SECRETS_KEY_ID } from './secrets-config.js';

const base = {
  DATABASE_URL: 'postgres://app@localhost/stepline',
  REDIS_URL: 'redis://localhost:6379',
};
const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
const key = () => randomBytes(32).toString('base64');

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

describe('secrets keys configuration', () => {
  it('uses the fixed development key in development and test when none is configured', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const { secrets } = loadConfig({ ...base, NODE_ENV });
      expect(secrets.activeKeyId).toBe(DEV_SECRETS_KEY_ID);
      expect(secrets.keys.get(DEV_SECRETS_KEY_ID)?.equals(DEV_SECRETS_KEY)).toBe(true);
      expect(secrets.cacheTtlMs).toBe(5_000);
    }
  });

  it('requires keys in production, and refuses the development key there', () => {
    expect(problemsOf(production)).toEqual([
      expect.stringMatching(/^SECRETS_KEYS is required in production/),
    ]);
    const dev = `d1:${DEV_SECRETS_KEY.toString('base64')}`;
    expect(problemsOf({ ...production, SECRETS_KEYS: dev })).toEqual([
      expect.stringMatching(/entry 1 \("d1"\) is the development key/),
    ]);
  });

  it('reads a key list with its active key, base64 or base64url', () => {
    const one = randomBytes(32);
    const two = randomBytes(32);
    const { secrets } = loadConfig({
      ...production,
      SECRETS_KEYS: ` k1:${one.toString('base64')} , k-2:${two.toString('base64url')}`,
      SECRETS_ACTIVE_KEY_ID: 'k-2',
      SECRETS_CACHE_TTL_MS: '250',
    });
    expect([...secrets.keys.keys()]).toEqual(['k1', 'k-2']);
    expect(secrets.keys.get('k1')?.equals(one)).toBe(true);
    expect(secrets.keys.get('k-2')?.equals(two)).toBe(true);
    expect(secrets.activeKeyId).toBe('k-2');
    expect(secrets.cacheTtlMs).toBe(250);
  });

  it('takes a single key as the active one without naming it', () => {
    expect(loadConfig({ ...production, SECRETS_KEYS: `only:${key()}` }).secrets.activeKeyId).toBe('only');
  });

  it('reports each bad entry by position and id, never echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    const problems = problemsOf({
      ...production,
      SECRETS_KEYS: `k1:${short},no-colon,bad id:${key()},k4:%%%,k5:${key()},k5:${key()}`,
      SECRETS_ACTIVE_KEY_ID: 'k5',
      SECRETS_CACHE_TTL_MS: '-1',
    });
    expect(problems).toEqual([
      'SECRETS_CACHE_TTL_MS must be an integer between 0 and 300000 (got "-1")',
      'SECRETS_KEYS entry 1 ("k1") must be the base64 of 32 bytes (got 16 bytes)',
      'SECRETS_KEYS entry 2 must be <id>:<base64 key> with an id of 1–32 letters, digits, _ or -',
      'SECRETS_KEYS entry 3 must be <id>:<base64 key> with an id of 1–32 letters, digits, _ or -',
      'SECRETS_KEYS entry 4 ("k4") must be the base64 of 32 bytes (got not base64)',
      'SECRETS_KEYS entry 6: key id "k5" is listed twice',
    ]);
    expect(problems.join('\n')).not.toContain(short);
  });

  it('requires the active key id when several keys are listed, and one of them', () => {
    const keys = `k1:${key()},k2:${key()}`;
    expect(problemsOf({ ...production, SECRETS_KEYS: keys })).toEqual([
      'SECRETS_ACTIVE_KEY_ID is required when SECRETS_KEYS lists more than one key',
    ]);
    expect(problemsOf({ ...production, SECRETS_KEYS: keys, SECRETS_ACTIVE_KEY_ID: 'k3' })).toEqual([
      'SECRETS_ACTIVE_KEY_ID must be one of the ids in SECRETS_KEYS (k1, k2)',
    ]);
  });
});
