import { createRedis } from '@stepline/server';
import { Queue } from 'bullmq';
import { CpuMeter, redisPid, root, sleep, startProcess, stopProcess } from './engine-bench.support.js';

export interface BullmqGauge {
  /** No-op jobs/s of each measured round (the first round warms up and is dropped). */
  rates: number[];
  /** CPU µs per job of the no-op worker and of Redis over the measured rounds. */
  cpuMicrosPerJob: { worker: number; redis: number };
}

/**
 * Bare BullMQ: `jobs` no-op jobs a round through one worker process (concurrency 50) on the given
 * Redis. bench/engine's baseline, and bench/webhooks' gauge of how fast this machine is right now:
 * on these shared 2-core machines the same build's figures swing by 2× within minutes, and this
 * figure swings with them (10,800 no-op jobs/s in a fast phase, 5,200 in a slow one).
 */
export async function measureBullmqNoop(
  redis: { url: string; prefix: string },
  { rounds, jobs }: { rounds: number; jobs: number },
): Promise<BullmqGauge> {
  const queue = new Queue('bench-noop', {
    connection: createRedis(redis.url, redis.prefix, 'queue'),
    prefix: redis.prefix,
  });
  const info = createRedis(redis.url, redis.prefix, 'queue');
  const redisServer = await redisPid(info);
  await info.quit();
  const noop = await startProcess(
    [`${root}bench/support/bullmq-noop-worker.mjs`, redis.url, redis.prefix, 'bench-noop', '50'],
    {},
    'ready',
  );
  // Redis is shared with whatever else runs on the machine: its CPU figure is noisy.
  const meter = new CpuMeter({ worker: async () => [noop.pid ?? 0], redis: async () => [redisServer] });
  const rates: number[] = [];
  let used: Record<string, number> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      if (round === 1) await meter.start();
      await queue.addBulk(
        Array.from({ length: jobs }, (_, i) => ({
          name: 'noop',
          data: { i },
          opts: { removeOnComplete: true },
        })),
      );
      while ((await queue.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')) > 0) await sleep(5);
      if (round > 0) rates.push(jobs / ((performance.now() - started) / 1000));
    }
    if (rounds > 1) used = await meter.stop();
  } finally {
    await stopProcess(noop);
    await queue.close();
  }
  const measured = jobs * Math.max(1, rounds - 1);
  const per = (us = 0) => Math.round((us / measured) * 10) / 10;
  return { rates, cpuMicrosPerJob: { worker: per(used.worker), redis: per(used.redis) } };
}
