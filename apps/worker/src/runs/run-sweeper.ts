import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RUN_JOB_VERSION } from '@stepline/domain';
import { APP_CONFIG, enqueueRun, LOGGER, type AppConfig, type Logger } from '@stepline/server';
import type { Queue } from 'bullmq';
import { RUNS_QUEUE } from './runs-queue.provider.js';
import { RUN_STORE } from './run-store.js';
import type { RunStore } from './run-store.types.js';

const RECOVER_BATCH = 500;
const PRUNE_BATCH = 500;
/** Pruning stops after this many batches per pass, so one pass never monopolises the database. */
const PRUNE_MAX_BATCHES = 20;

/**
 * Postgres is the source of truth, Redis the delivery mechanism. The sweeper re-enqueues runs that
 * Postgres holds as queued or running but whose job Redis no longer has (Redis restarted empty, an
 * enqueue failed after the commit), and prunes runs past their tenant's retention in small batches.
 * Every worker sweeps; the job id (= run id) makes a double re-enqueue harmless.
 */
@Injectable()
export class RunSweeper implements OnModuleInit, OnModuleDestroy {
  private timers: NodeJS.Timeout[] = [];
  private sweeping = false;
  private pruning = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUN_STORE) private readonly store: RunStore,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    const { sweepIntervalMs, retentionIntervalMs } = this.config.runs;
    this.timers.push(setInterval(() => void this.sweep(), sweepIntervalMs).unref());
    this.timers.push(setInterval(() => void this.prune(), retentionIntervalMs).unref());
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Re-enqueues lost runs; answers how many. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const candidates = await this.store.runsToRecover(this.config.runs.sweepStaleAfterMs, RECOVER_BATCH);
      let recovered = 0;
      for (const { tenantId, runId } of candidates) {
        const job = await this.queue.getJob(runId);
        const state = job ? await job.getState() : 'missing';
        if (state === 'completed' || state === 'failed') await job?.remove();
        else if (state !== 'missing' && state !== 'unknown') continue;
        await enqueueRun(this.queue, { tenantId, runId, v: RUN_JOB_VERSION });
        recovered++;
      }
      if (recovered > 0) this.logger.warn({ recovered }, 're-enqueued runs whose jobs Redis had lost');
      return recovered;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'run sweep failed; it will run again');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  /** Deletes runs past retention, batch by batch; answers how many. */
  async prune(): Promise<number> {
    if (this.pruning) return 0;
    this.pruning = true;
    let total = 0;
    try {
      for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
        const deleted = await this.store.pruneExpiredRuns(PRUNE_BATCH);
        total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
      if (total > 0) this.logger.info({ pruned: total }, 'pruned runs past retention');
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'run pruning failed; it will run again');
    } finally {
      this.pruning = false;
    }
    return total;
  }
}
