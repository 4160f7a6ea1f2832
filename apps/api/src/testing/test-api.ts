import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@stepline/server';
import {
  createTestConfig,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@stepline/server/testing';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../app.factory.js';

export interface TestApi {
  app: NestExpressApplication;
  baseUrl: string;
  config: AppConfig;
  db: TestDatabase;
  redis: TestRedis;
  close(): Promise<void>;
}

/**
 * The real API on an ephemeral port, against a database and Redis prefix of its own. Tests talk to
 * it over HTTP with fetch: nothing of our own stack is mocked.
 */
export async function startTestApi(
  options: { env?: Record<string, string>; redisUrl?: string } = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const config = createTestConfig(db, redis, {
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    redis,
    async close() {
      await app.close();
      await Promise.all([db.drop(), redis.cleanup()]);
    },
  };
}
