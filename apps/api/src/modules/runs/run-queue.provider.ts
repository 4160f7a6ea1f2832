import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { isRunJobData, RUN_JOB_VERSION, type RunJobData } from '@stepline/domain';
import {
  APP_CONFIG,
  createRedis,
  enqueueRun,
  METRICS,
  RUN_JOB_DEFAULTS,
  RUN_JOB_NAME,
  runJobId,
  wakeRunJob,
  QueueName,
  type AppConfig,
  type Metrics,
} from '@stepline/server';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The API's side of the runs queue: add a run's job (`enqueueRun`: job id = run id, ids only) and
 * remove the job of a run cancelled while queued. The connection opens on first use, so an API that never starts
 * a run holds no queue connection.
 */
@Injectable()
export class RunQueue implements OnApplicationShutdown {
  private queue: Queue<RunJobData> | undefined;
  private redis: Redis | undefined;

  private readonly started: Counter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) metrics: Metrics,
  ) {
    const registers = [metrics.registry];
    this.started = new Counter({
      name: 'stepline_runs_started_total',
      help: 'Runs enqueued by this API process',
      registers,
    });
    // Read from Redis at scrape time: the depth of the one runs queue every worker consumes.
    const queue = () => this.connection();
    new Gauge({
      name: 'stepline_runs_queue_depth',
      help: 'Jobs of the runs queue by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = await queue().getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }

  async add(tenantId: string, runId: string): Promise<void> {
    await enqueueRun(this.connection(), { tenantId, runId, v: RUN_JOB_VERSION });
    this.started.inc();
  }

  /** The jobs of many committed runs in one round trip (BullMQ `addBulk`; ids and options as `add`). */
  async addMany(runs: Array<{ tenantId: string; runId: string }>): Promise<void> {
    const jobs = runs.map(({ tenantId, runId }) => {
      const data: RunJobData = { tenantId, runId, v: RUN_JOB_VERSION };
      if (!isRunJobData(data)) throw new Error('addMany: the payload is not a RunJobData');
      return { name: RUN_JOB_NAME, data, opts: { ...RUN_JOB_DEFAULTS, jobId: runJobId(runId) } };
    });
    if (!jobs.length) return;
    await this.connection().addBulk(jobs);
    this.started.inc(jobs.length);
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

  /**
   * After a waitpoint of the run was resolved (an approval decided, an event): promotes the run's
   * delayed job (a timed wait) or adds it when the wait ended its job (libs/server `wakeRunJob`).
   */
  async resume(tenantId: string, runId: string): Promise<void> {
    await wakeRunJob(this.connection(), tenantId, runId);
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
