import type { INestApplicationContext } from '@nestjs/common';
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
import { createApiApp } from '../../../apps/api/src/app.factory.js';
import { HttpClient } from '../../../apps/api/src/testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../../apps/api/src/testing/tenant.factory.js';
import { createWorker } from '../../../apps/worker/src/worker.factory.js';

/**
 * The whole back end in one test process: the real API on an ephemeral port and N real workers,
 * against one database and Redis prefix of this test file's own. System tests live here (not in
 * apps/*) because they drive both apps, and apps never import each other.
 */
export interface TestSystem {
  api: NestExpressApplication;
  baseUrl: string;
  http: HttpClient;
  config: AppConfig;
  db: TestDatabase;
  redis: TestRedis;
  workers: INestApplicationContext[];
  /** Starts one more worker on the same database and Redis. */
  addWorker(): Promise<INestApplicationContext>;
  /** A fresh tenant with one signed-in user per role. */
  tenant(): Promise<TestTenant>;
  close(): Promise<void>;
}

export async function startTestSystem(
  options: { env?: Record<string, string>; workers?: number } = {},
): Promise<TestSystem> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const config = createTestConfig(db, redis, {
    LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
    LOGIN_MAX_PER_EMAIL_PER_5_MINUTES: '100000',
    ...options.env,
  });
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const http = new HttpClient(baseUrl);
  const workers: INestApplicationContext[] = [];
  const addWorker = async () => {
    const worker = await createWorker(config);
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await addWorker();
  return {
    api,
    baseUrl,
    http,
    config,
    db,
    redis,
    workers,
    addWorker,
    tenant: () => createTestTenant(http, db.ownerUrl),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await api.close();
      await Promise.all([db.drop(), redis.cleanup()]);
    },
  };
}
