import { AppError, QUOTA_DEFAULTS } from '@stepline/domain';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../queue/redis.factory.js';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '../testing/index.js';
import { appDataSource, createTenant } from '../testing/run-fixtures.js';
import type { Logger } from '../telemetry/logger.factory.js';
import { RunStartLimiter } from './run-start-limiter.js';

/** A plain client queues no command while it connects: wait until it is ready. */
const connected = async (client: Redis): Promise<Redis> => {
  if (client.status !== 'ready') await once(client, 'ready');
  return client;
};

/** The run starts one request takes, and what goes back (real Redis and Postgres). */
describe('StartLedger', () => {
  let db: TestDatabase;
  let app: DataSource;
  let testRedis: TestRedis;
  let redis: Redis;
  let limiter: RunStartLimiter;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    testRedis = createTestRedis();
    redis = await connected(createRedis(testRedis.url, testRedis.prefix));
    // Three starts a minute: a fourth is refused until one goes back.
    limiter = new RunStartLimiter(app, redis, { ...QUOTA_DEFAULTS, runStartsPerMinute: 3 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await testRedis?.cleanup();
    await app?.destroy();
    await db?.drop();
  });

  /** How many more starts the tenant's budget allows now (taken and given back again). */
  const budgetLeft = async (tenantId: string) => {
    const probe = limiter.ledger(tenantId);
    for (;;) {
      try {
        await probe.take();
      } catch (error) {
        expect((error as AppError).code).toBe('quota.run_starts_exceeded');
        const left = probe.held;
        await probe.settle();
        return left;
      }
    }
  };

  it('gives back the starts that did not become runs, and keeps the others', async () => {
    const tenantId = await createTenant(app);
    const starts = limiter.ledger(tenantId);
    await starts.take();
    await starts.take();
    starts.keep();
    await starts.settle();
    expect(await budgetLeft(tenantId)).toBe(2);
  });

  it('gives back nothing twice: a second settle is a no-op', async () => {
    const tenantId = await createTenant(app);
    const starts = limiter.ledger(tenantId);
    await starts.take();
    await starts.settle();
    await starts.settle();
    const other = limiter.ledger(tenantId);
    await other.take();
    await other.take();
    other.keep(2);
    await other.settle();
    expect(await budgetLeft(tenantId)).toBe(1);
  });

  it('keeps no more than it took', async () => {
    const tenantId = await createTenant(app);
    const starts = limiter.ledger(tenantId);
    starts.keep(5);
    await starts.take();
    await starts.settle();
    expect(await budgetLeft(tenantId)).toBe(3);
  });

  it('gives back a start adopted from elsewhere (a batch that rolled back) when it is not kept', async () => {
    const tenantId = await createTenant(app);
    await limiter.take(tenantId);
    const starts = limiter.ledger(tenantId).adopt();
    expect(starts.held).toBe(1);
    await starts.settle();
    expect(await budgetLeft(tenantId)).toBe(3);
  });

  it('logs a refund that failed and never throws it', async () => {
    const tenantId = await createTenant(app);
    const broken = await connected(createRedis(testRedis.url, testRedis.prefix));
    const brokenLimiter = new RunStartLimiter(app, broken, { ...QUOTA_DEFAULTS, runStartsPerMinute: 3 });
    const warned: unknown[] = [];
    const logger = { warn: (fields: unknown) => warned.push(fields) } as unknown as Logger;
    const starts = brokenLimiter.ledger(tenantId, logger);
    await starts.take();
    broken.disconnect();
    await expect(starts.settle()).resolves.toBeUndefined();
    expect(warned).toEqual([expect.objectContaining({ tenantId, count: 1 })]);
  });
});
