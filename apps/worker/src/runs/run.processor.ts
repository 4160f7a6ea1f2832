import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isRunJobData, type RunJobData, type StepErrorRecord } from '@stepline/domain';
import {
  APP_CONFIG,
  createRedis,
  LOGGER,
  QueueName,
  requestContext,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import { DelayedError, Worker, type Job } from 'bullmq';
import { WaitWaker } from '../waits/wait-waker.js';
import { FlowRunner } from './flow-runner.js';
import { RunControlListener } from './run-control.listener.js';
import { RunEventsPublisher } from './run-events.publisher.js';
import { RunMetrics } from './run-metrics.js';
import { RUN_STORE } from './run-store.js';
import type { RunStore } from './run-store.types.js';

/**
 * The BullMQ consumer of the runs queue. One job per run (job id = run id): a run that must come
 * back later (its step budget spent, a parked retry) moves its own job to delayed, so at most one
 * job — hence one runner — holds a run at a time. Every log line inside carries tenantId and runId.
 */
@Injectable()
export class RunProcessor implements OnModuleInit, OnModuleDestroy {
  private worker?: Worker<RunJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUN_STORE) private readonly store: RunStore,
    private readonly runner: FlowRunner,
    private readonly control: RunControlListener,
    private readonly metrics: RunMetrics,
    private readonly waker: WaitWaker,
    private readonly events: RunEventsPublisher,
  ) {}

  onModuleInit(): void {
    const { runs } = this.config;
    this.worker = new Worker<RunJobData>(QueueName.Runs, (job, token) => this.process(job, token), {
      connection: createRedis(this.config.redisUrl, this.config.redisPrefix, 'queue'),
      prefix: this.config.redisPrefix,
      concurrency: runs.workerConcurrency,
      lockDuration: runs.lockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(runs.lockDurationMs / 2)),
      // A worker killed mid-run leaves its job stalled; the run resumes elsewhere from its checkpoints.
      maxStalledCount: 5,
    });
    this.worker.on('failed', (job, error) => void this.onJobFailed(job, error));
    // An untimed wait ended its job: a resume that came while it was active must still be seen.
    this.worker.on('completed', (job, result) => {
      if (result === 'waiting' && isRunJobData(job.data))
        void this.waker.afterPark(job.data.tenantId, job.data.runId);
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'runs worker error'));
  }

  async process(job: Job<RunJobData>, token?: string): Promise<string> {
    if (!isRunJobData(job.data)) {
      this.logger.error({ jobId: job.id }, 'discarded a run job with a malformed payload');
      return 'discarded';
    }
    const { tenantId, runId } = job.data;
    return requestContext.run({ requestId: `job:${job.id}`, tenantId, runId }, async () => {
      const control = this.control.register(runId);
      this.logger.debug({ attempt: job.attemptsMade + 1 }, 'run job started');
      const stopTimer = this.metrics.jobStarted();
      try {
        const verdict = await this.runner.advance(tenantId, runId, control);
        if (verdict.kind === 'continue') {
          await job.moveToDelayed(verdict.at, token);
          throw new DelayedError();
        }
        if (verdict.kind === 'waiting' && verdict.at !== null) {
          // A timed wait (or the run's deadline): the job sleeps until then, holding no worker.
          await job.moveToDelayed(verdict.at, token);
          await this.waker.afterPark(tenantId, runId);
          throw new DelayedError();
        }
        if (verdict.kind === 'finished' && verdict.status !== 'already') {
          this.metrics.runFinished(verdict.status);
          this.logger.debug({ status: verdict.status }, 'run finished');
        }
        return verdict.kind === 'finished' ? verdict.status : verdict.kind;
      } finally {
        stopTimer();
        this.control.release(runId, control);
      }
    });
  }

  /** A job that failed for good (attempts exhausted, or stalled too often) fails its run visibly. */
  private async onJobFailed(job: Job<RunJobData> | undefined, error: Error): Promise<void> {
    if (!job || !isRunJobData(job.data)) return;
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade < attempts && !/stalled/i.test(error.message)) return;
    this.logger.error({ runId: job.data.runId, err: error.message }, 'run job failed for good');
    const failure: StepErrorRecord = {
      code: 'step.internal',
      message: 'The run could not be advanced by the workers',
    };
    const wrote = await this.store
      .finish(job.data.tenantId, job.data.runId, 'failed', { error: failure })
      .catch((e: unknown) => this.logger.error({ err: String(e) }, 'could not fail the run'));
    // Waiters (`wait`, sync webhooks) and live views hear of this end like of any other.
    if (wrote) {
      this.events.publish({
        type: 'run.status',
        runId: job.data.runId,
        status: 'failed',
        at: new Date().toISOString(),
        error: failure,
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    // close() lets in-flight jobs finish (their runs checkpoint as usual) before disconnecting.
    await this.worker?.close();
  }
}
