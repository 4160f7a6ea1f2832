import type { Redis } from 'ioredis';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../testing/index.js';
import { createRedis } from './redis.factory.js';

/** Counts the socket's flushes to the kernel: one `_writev` / `_write` call each. */
function countFlushes(redis: Redis): { count: () => number } {
  const stream = (redis as unknown as { stream: Socket & Record<string, unknown> }).stream;
  let flushes = 0;
  for (const name of ['_writev', '_write'] as const) {
    const original = stream[name] as ((...args: unknown[]) => unknown) | undefined;
    if (!original) continue;
    stream[name] = (...args: unknown[]) => {
      flushes++;
      return original.apply(stream, args);
    };
  }
  return { count: () => flushes };
}

describe('createRedis (real Redis)', () => {
  let testRedis: TestRedis;
  let redis: Redis;

  beforeAll(async () => {
    testRedis = createTestRedis();
    redis = createRedis(testRedis.url, testRedis.prefix, 'queue');
    await redis.ping();
  });
  afterAll(async () => {
    await redis?.quit();
    await testRedis?.cleanup();
  });

  it('sends the commands of one batch of work in one write, and answers each', async () => {
    const flushes = countFlushes(redis);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => redis.echo(`m${i}`)));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(flushes.count()).toBe(1);
  });

  it('sends a command issued later in its own write at once (nothing waits for an earlier answer)', async () => {
    const flushes = countFlushes(redis);
    const first = redis.echo('a');
    await new Promise((resolve) => setImmediate(resolve));
    const second = redis.echo('b');
    // Both left before either answer is read: the second did not wait for the first's reply.
    await new Promise((resolve) => process.nextTick(resolve));
    expect(flushes.count()).toBe(2);
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
  });

  it('keeps coalescing after a reconnect', async () => {
    const other = createRedis(testRedis.url, testRedis.prefix, 'queue');
    try {
      await other.ping();
      other.disconnect(true);
      await new Promise<void>((resolve) => other.once('ready', () => resolve()));
      const flushes = countFlushes(other);
      await Promise.all(Array.from({ length: 5 }, () => other.ping()));
      expect(flushes.count()).toBe(1);
    } finally {
      other.disconnect();
    }
  });
});
