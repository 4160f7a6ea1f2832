import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RUN_JOB_VERSION, type RunControlMessage } from '@stepline/domain';
import {
  APP_CONFIG,
  cancelChildRuns,
  createRedis,
  DATA_SOURCE,
  enqueueRun,
  inTenant,
  LOGGER,
  resolveSubflowParent,
  RunStartLimiter,
  runControlChannel,
  startSubflowRun,
  wakeRunJob,
  type AppConfig,
  type Logger,
  type ParentEnd,
} from '@stepline/server';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { RUNS_QUEUE } from '../../runs/runs-queue.provider.js';

/** What the subflow executor needs of the worker: start (or find) a child run. */
export interface SubflowStarter {
  start(req: {
    tenantId: string;
    parentRunId: string;
    flowId: string;
    version?: number;
    input: unknown;
    key: string;
  }): Promise<{ runId: string }>;
}

/**
 * The worker's side of subflows: starts child runs (depth limit, tenant quotas, enqueued when
 * admitted), resolves a waiting parent when a child ends, and cancels the children of a run that
 * did not succeed (running ones through the run-control channel, like the API's cancel).
 */
@Injectable()
export class SubflowRuns implements SubflowStarter, OnModuleDestroy {
  private publisher: Redis | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly limiter: RunStartLimiter,
  ) {}

  async start(req: Parameters<SubflowStarter['start']>[0]): Promise<{ runId: string }> {
    // A child is a run start like any other: it takes one from the tenant's per-minute budget —
    // only when it is really started (a step re-run after a crash finds its child for free).
    const starts = this.limiter.ledger(req.tenantId, this.logger);
    const started = await inTenant(this.db, req.tenantId, (m) =>
      startSubflowRun(m, {
        ...req,
        maxDepth: this.config.runs.subflowMaxDepth,
        takeStart: () => starts.take(m),
      }),
    )
      // Committed: a start taken is the child's; one taken in a transaction that rolled back goes back.
      .then((child) => {
        starts.keep();
        return child;
      })
      .finally(() => starts.settle());
    if (started.enqueue)
      await enqueueRun(this.queue, { tenantId: req.tenantId, runId: started.runId, v: RUN_JOB_VERSION });
    return { runId: started.runId };
  }

  /**
   * A run ended: its waiting parent resumes; a run that did not succeed takes its children along —
   * all of them when cancelled, those it waited for when it failed or timed out (`cancelChildRuns`).
   */
  async ended(run: { tenantId: string; id: string; trigger: string }, status: string): Promise<void> {
    // The run is over whatever happens here; a failure is logged, not retried (see README).
    try {
      if (run.trigger === 'subflow')
        await resolveSubflowParent(this.db, (t, r) => wakeRunJob(this.queue, t, r), run.tenantId, run.id);
      if (status === 'cancelled' || status === 'failed' || status === 'timed_out')
        await this.cancelChildren(run.tenantId, run.id, status);
    } catch (error) {
      this.logger.warn(
        { runId: run.id, err: String(error) },
        'could not resolve the parent or cancel the children',
      );
    }
  }

  async cancelChildren(tenantId: string, runId: string, parentEnd: ParentEnd = 'cancelled'): Promise<void> {
    const { stopped, requested } = await inTenant(this.db, tenantId, (m) =>
      cancelChildRuns(m, runId, parentEnd),
    );
    for (const id of stopped) await this.queue.remove(id).catch(() => undefined);
    if (requested.length === 0) return;
    // The listener's role: no key prefix, and commands wait for the connection.
    this.publisher ??= createRedis(this.config.redisUrl, this.config.redisPrefix, 'queue');
    for (const id of requested) {
      const message: RunControlMessage = { type: 'cancel', tenantId, runId: id };
      await this.publisher.publish(runControlChannel(this.config.redisPrefix), JSON.stringify(message));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher?.quit().catch(() => this.publisher?.disconnect());
  }
}
