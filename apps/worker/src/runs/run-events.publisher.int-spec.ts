import type { RunEvent } from '@stepline/domain';
import { createRedis, runEventsChannel, type AppConfig } from '@stepline/server';
import { createTestRedis, type TestRedis } from '@stepline/server/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunEventsPublisher } from './run-events.publisher.js';

const at = new Date(0).toISOString();
const started = (runId: string, stepId: string): RunEvent => ({
  type: 'step.started',
  runId,
  stepId,
  path: '',
  attempt: 1,
  at,
});
const settled = (runId: string, stepId: string): RunEvent => ({
  type: 'step.settled',
  runId,
  seq: 1,
  stepId,
  path: '',
  attempt: 1,
  status: 'succeeded',
  port: null,
  durationMs: 1,
  error: null,
  at,
});

/** Real Redis: `step.started` goes out only while the run's channel has a subscriber. */
describe('RunEventsPublisher', () => {
  let redis: TestRedis;
  let publisher: RunEventsPublisher;
  let subscriber: Redis;
  const heard: string[] = [];

  beforeAll(async () => {
    redis = createTestRedis();
    publisher = new RunEventsPublisher({ redisUrl: redis.url, redisPrefix: redis.prefix } as AppConfig);
    subscriber = createRedis(redis.url, redis.prefix, 'queue');
    subscriber.on('message', (_channel: string, raw: string) => {
      const event = JSON.parse(raw) as RunEvent;
      heard.push(`${event.type} ${'stepId' in event ? event.stepId : ''}`);
    });
  });
  afterAll(async () => {
    await subscriber?.quit();
    await publisher?.onModuleDestroy();
    await redis?.cleanup();
  });

  /** Publishes, then waits until Redis answered it (replies come in order on the connection). */
  const publish = async (event: RunEvent) => {
    publisher.publish(event);
    await (publisher as unknown as { redis: Redis }).redis.ping();
  };
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`not heard: ${heard.join(', ')}`);
      await new Promise((r) => setImmediate(r));
    }
  };

  it('skips starts while nobody listens, and a new subscriber gets them again after the next settled step', async () => {
    const runId = crypto.randomUUID();
    const channel = runEventsChannel(redis.prefix, runId);
    await publish(started(runId, 'a')); // first of the run: published, nobody got it
    await publish(settled(runId, 'a'));
    await subscriber.subscribe(channel);
    await publish(started(runId, 'b')); // the last publish reached nobody: skipped
    await publish(settled(runId, 'b')); // always published: the subscriber is noticed
    await publish(started(runId, 'c'));
    await until(() => heard.length >= 2);
    expect(heard).toEqual(['step.settled b', 'step.started c']);
    await subscriber.unsubscribe(channel);
  });
});
