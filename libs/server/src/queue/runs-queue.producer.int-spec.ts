import { RUN_JOB_VERSION, type RunJobData } from '@stepline/domain';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../testing/index.js';
import { QueueName } from './queue-names.js';
import { enqueueRun, RUN_JOB_NAME, runJobId, RunsQueueProducer } from './runs-queue.producer.js';

describe('runs queue producer (real Redis)', () => {
  let redis: TestRedis;
  let queue: Queue<RunJobData>;

  beforeAll(async () => {
    redis = createTestRedis();
    queue = new Queue<RunJobData>(QueueName.Runs, {
      connection: { url: redis.url, maxRetriesPerRequest: null },
      prefix: redis.prefix,
    });
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.cleanup();
  });

  const job = (runId = randomUUID()): RunJobData => ({ tenantId: randomUUID(), runId, v: RUN_JOB_VERSION });

  it('adds one job per run however often the run is enqueued (job id = run id)', async () => {
    const data = job();
    const ids = await Promise.all([
      enqueueRun(queue, data),
      enqueueRun(queue, data),
      enqueueRun(queue, data),
    ]);
    expect(new Set(ids)).toEqual(new Set([data.runId]));
    const jobs = (await queue.getJobs(['waiting', 'delayed', 'active'])).filter(
      (j) => j.data.runId === data.runId,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: data.runId, name: RUN_JOB_NAME, data });
    expect(jobs[0].opts).toMatchObject({ removeOnComplete: true, removeOnFail: true, attempts: 3 });
  });

  it('adds a suffixed job beside the run job (continuation, delayed retry), deduplicated by its suffix', async () => {
    const data = job();
    await enqueueRun(queue, data);
    const later = await enqueueRun(queue, data, { suffix: 'c50', delayMs: 60_000 });
    await enqueueRun(queue, data, { suffix: 'c50', delayMs: 60_000 });
    expect(later).toBe(`${data.runId}.c50`);
    const delayed = await queue.getJob(later);
    expect(delayed?.opts.delay).toBe(60_000);
    expect(await delayed?.isDelayed()).toBe(true);
    const all = (await queue.getJobs(['waiting', 'delayed'])).filter((j) => j.data.runId === data.runId);
    expect(all.map((j) => j.id).sort()).toEqual([data.runId, later].sort());
  });

  it('refuses a payload that is not exactly a RunJobData, and a suffix BullMQ or the scheme cannot take', async () => {
    const data = job();
    await expect(enqueueRun(queue, { ...data, runId: data.runId.toUpperCase() })).rejects.toThrow(
      /RunJobData/,
    );
    await expect(enqueueRun(queue, { ...data, step: 'x' } as RunJobData)).rejects.toThrow(/RunJobData/);
    await expect(enqueueRun(queue, data, { suffix: 'a:b' })).rejects.toThrow(/suffix/);
    expect(() => runJobId(data.runId, '')).toThrow(/suffix/);
    expect(await queue.getJob(data.runId)).toBeUndefined();
  });

  it('enqueues through the producer class with the same scheme', async () => {
    const producer = new RunsQueueProducer(queue);
    const runId = randomUUID();
    const tenantId = randomUUID();
    expect(await producer.enqueue(tenantId, runId)).toBe(runId);
    expect((await queue.getJob(runId))?.data).toEqual({ tenantId, runId, v: RUN_JOB_VERSION });
  });
});
