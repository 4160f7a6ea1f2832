import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  DATA_SOURCE,
  endedSubflowChildren,
  LOGGER,
  resolveSubflowParent,
  wakeRunJob,
  type AppConfig,
  type Logger,
} from '@stepline/server';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { RUNS_QUEUE } from '../runs/runs-queue.provider.js';
import { WAIT_STORE, type WaitStore } from './wait-store.js';

const WAKE_BATCH = 500;

/**
 * Timeouts fire even when Redis lost the delayed job that should have fired them (ADR 0006): every
 * `RUN_SWEEP_INTERVAL_MS`, waits due for longer than `RUN_SWEEP_STALE_AFTER_MS` are timed out
 * (`wake_due_waitpoints`, compare-and-set, SKIP LOCKED) and their runs' jobs added again. Every
 * worker sweeps; the job id (= run id) makes a double wake harmless. It also resolves the `subflow`
 * waits of parents whose child ended without resolving them (the child's worker died in between).
 */
@Injectable()
export class WaitpointSweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WAIT_STORE) private readonly waits: WaitStore,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.runs.sweepIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Wakes runs whose due waits nothing fired; answers how many. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const woken = await this.waits.wakeDue(this.config.runs.sweepStaleAfterMs, WAKE_BATCH);
      for (const { tenantId, runId } of woken) await wakeRunJob(this.queue, tenantId, runId);
      if (woken.length > 0) this.logger.warn({ woken: woken.length }, 'fired wait timeouts Redis had lost');
      return woken.length + (await this.resumeOrphanedParents());
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'waitpoint sweep failed; it will run again');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  /** Parents still waiting for a child that ended a grace period ago: resolved once (CAS) and woken. */
  private async resumeOrphanedParents(): Promise<number> {
    const ended = await endedSubflowChildren(this.db, {
      graceMs: this.config.runs.sweepStaleAfterMs,
      max: WAKE_BATCH,
    });
    let resumed = 0;
    for (const { tenantId, childRunId } of ended) {
      const wake = (t: string, r: string) => wakeRunJob(this.queue, t, r);
      if (await resolveSubflowParent(this.db, wake, tenantId, childRunId)) resumed++;
    }
    if (resumed > 0) this.logger.warn({ resumed }, 'resumed parents whose subflow ended unnoticed');
    return resumed;
  }
}
