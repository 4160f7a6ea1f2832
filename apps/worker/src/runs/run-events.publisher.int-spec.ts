import type { RunEvent } from '@stepline/domain';
import { createRedis, parseRunEventsMessage, runEventsChannel, type AppConfig } from '@stepline/server';
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
const status = (runId: string, to = 'succeeded'): RunEvent => ({
  type: 'run.status',
  runId,
  status: to,
  at,
  error: null,
});

/** Real Redis: `step.started` goes out only while the run's channel has a subscriber. */
describe('RunEventsPublisher', () => {
  let redis: TestRedis;
  let publisher: RunEventsPublisher;
  let subscriber: Redis;
  const heard: string[] = [];
  let messages = 0;
  const raw: string[] = [];

  beforeAll(async () => {
    redis = createTestRedis();
    publisher = new RunEventsPublisher({ redisUrl: redis.url, redisPrefix: redis.prefix } as AppConfig);
    subscriber = createRedis(redis.url, redis.prefix, 'queue');
    subscriber.on('message', (_channel: string, text: string) => {
      messages++;
      raw.push(text);
      for (const event of parseRunEventsMessage<RunEvent>(text))
        heard.push(`${event.type} ${'stepId' in event ? event.stepId : ''}`);
    });
  });
  afterAll(async () => {
    await subscriber?.quit();
    await publisher?.onModuleDestroy();
    await redis?.cleanup();
  });

  /**
   * Publishes, then waits until Redis answered it: the publisher sends at the next turn of the event
   * loop, and replies come in order on the connection.
   */
  const publish = async (event: RunEvent) => {
    publisher.publish(event);
    await new Promise((resolve) => setImmediate(resolve));
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

  it('sends the step events of a run published in one turn as one message, then its status alone, in order', async () => {
    const runId = crypto.randomUUID();
    const channel = runEventsChannel(redis.prefix, runId);
    await subscriber.subscribe(channel);
    heard.length = 0;
    messages = 0;
    raw.length = 0;
    publisher.publish(settled(runId, 'a'));
    publisher.publish(settled(runId, 'b'));
    publisher.publish(status(runId));
    await until(() => heard.length >= 3);
    expect(heard).toEqual(['step.settled a', 'step.settled b', 'run.status ']);
    expect(raw).toEqual([expect.stringMatching(/^\[/), expect.stringMatching(/^\{"type":"run.status"/)]);
    expect(messages).toBe(2);
    await subscriber.unsubscribe(channel);
  });

  it('keeps the order of statuses and steps published in one turn', async () => {
    const runId = crypto.randomUUID();
    const channel = runEventsChannel(redis.prefix, runId);
    await subscriber.subscribe(channel);
    heard.length = 0;
    messages = 0;
    publisher.publish(settled(runId, 'a'));
    publisher.publish(status(runId, 'running'));
    publisher.publish(settled(runId, 'b'));
    publisher.publish(settled(runId, 'c'));
    publisher.publish(status(runId));
    await until(() => heard.length >= 5);
    expect(heard).toEqual([
      'step.settled a',
      'run.status ',
      'step.settled b',
      'step.settled c',
      'run.status ',
    ]);
    expect(messages).toBe(4);
    await subscriber.unsubscribe(channel);
  });
});
