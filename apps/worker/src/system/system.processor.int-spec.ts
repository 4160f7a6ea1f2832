import type { INestApplicationContext } from '@nestjs/common';
import { JOB_SCHEMA_VERSION, QueueName } from '@stepline/server';
import {
  createTestConfig,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@stepline/server/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../worker.factory.js';

describe('worker', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    worker = await createWorker(createTestConfig(db, redis));
    const connection = { url: redis.url, maxRetriesPerRequest: null };
    queue = new Queue(QueueName.System, { connection, prefix: redis.prefix });
    events = new QueueEvents(QueueName.System, { connection, prefix: redis.prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await Promise.allSettled([queue?.close(), events?.close()]);
    await worker?.close();
    await Promise.all([db?.drop(), redis?.cleanup()]);
  });

  it('consumes jobs from its queue under the configured Redis prefix', async () => {
    const job = await queue.add('ping', {
      schemaVersion: JOB_SCHEMA_VERSION,
      requestedAt: new Date().toISOString(),
    });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toEqual({ pong: true, worker: process.pid });
  });

  it('closes its queue connections on shutdown so the process can exit', async () => {
    const other = await createWorker(createTestConfig(db, redis));
    await expect(other.close()).resolves.toBeUndefined();
  });
});
