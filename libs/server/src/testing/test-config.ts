import { loadConfig, type AppConfig } from '../config/index.js';
import type { TestDatabase } from './test-database.js';
import type { TestRedis } from './test-redis.js';

/** A validated config pointing at one test database and Redis prefix. */
export function createTestConfig(
  db: TestDatabase,
  redis: TestRedis,
  env: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.STEPLINE_TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.appUrl,
    DATABASE_MIGRATION_URL: db.ownerUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    ...env,
  });
}
