import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RUN_JOB_VERSION, type RunJobData } from '@stepline/domain';
import { APP_CONFIG, createRedis, enqueueRun, QueueName, type AppConfig } from '@stepline/server';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The API's side of the runs queue: add a run's job (`enqueueRun`: job id = run id, ids only) and
 * remove the job of a run cancelled while queued. The connection opens on first use, so an API that never starts
 * a run holds no queue connection.
 */
@Injectable()
export class RunQueue implements OnApplicationShutdown {
  private queue: Queue<RunJobData> | undefined;
  private redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async add(tenantId: string, runId: string): Promise<void> {
    await enqueueRun(this.connection(), { tenantId, runId, v: RUN_JOB_VERSION });
  }

  async remove(runId: string): Promise<void> {
    await this.connection().remove(runId);
  }

  /**
   * Brings a run's delayed job (a retry waiting out its backoff) forward, so a cancel requested
   * meanwhile takes effect now rather than when the backoff ends. A job in any other state is left.
   */
  async wake(runId: string): Promise<void> {
    const job = await this.connection().getJob(runId);
    if (job && (await job.isDelayed())) await job.promote();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    // A connection handed to BullMQ stays ours to close.
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private connection(): Queue<RunJobData> {
    if (this.queue) return this.queue;
    this.redis = createRedis(this.config.redisUrl, this.config.redisPrefix, 'queue');
    this.queue = new Queue<RunJobData>(QueueName.Runs, {
      connection: this.redis,
      prefix: this.config.redisPrefix,
    });
    return this.queue;
  }
}

export const RunQueueProvider = RunQueue;
