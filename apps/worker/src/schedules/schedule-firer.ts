import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppError, RUN_JOB_VERSION } from '@stepline/domain';
import {
  advanceScheduleSlot,
  APP_CONFIG,
  claimScheduleSlot,
  DATA_SOURCE,
  dueScheduleTriggers,
  enqueueRun,
  insertQueuedRun,
  RunStartLimiter,
  inTenant,
  LOGGER,
  storedScheduleConfig,
  type AppConfig,
  type DueSchedule,
  type Logger,
} from '@stepline/server';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { RUNS_QUEUE } from '../runs/runs-queue.provider.js';
import { decideSlot } from './schedule-slot.js';

/** What became of one due slot this worker claimed. */
export interface FiredSlot {
  tenantId: string;
  triggerId: string;
  slot: Date;
  next: Date | null;
  runId: string | null;
  /** Why no run started: `missed` (downtime) or the error code (e.g. `flow.not_published`). */
  skipped: string | null;
  /** The run waits for a slot of its tenant (fair admission): no job yet. */
  pending?: boolean;
}

/**
 * Fires schedule triggers. Every worker polls every `SCHEDULER_POLL_INTERVAL_MS` for due slots of
 * any tenant (`due_schedule_triggers`: ids and slots only), then claims each in its tenant's
 * transaction: the row is locked `FOR UPDATE SKIP LOCKED` only while `next_fire_at` still is the
 * slot, the run is inserted (`insertQueuedRun`, trigger `schedule`) and `next_fire_at` is moved on
 * by a compare-and-set in the same transaction. Whoever claims first fires; everyone else finds the
 * row locked or moved on — one run per slot however many workers poll. The job is added after the
 * commit; a lost add is the run sweeper's to repair.
 */
@Injectable()
export class ScheduleFirer implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
    private readonly limiter: RunStartLimiter,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), this.config.schedules.pollIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass: claims and fires the due slots; answers what it did with each it claimed. */
  async tick(): Promise<FiredSlot[]> {
    if (this.ticking) return [];
    this.ticking = true;
    const done: FiredSlot[] = [];
    try {
      const due = await dueScheduleTriggers(this.db, this.config.schedules.batchSize);
      for (const slot of due) {
        const fired = await this.fire(slot).catch((error: unknown) => {
          this.logger.warn(
            { triggerId: slot.triggerId, tenantId: slot.tenantId, err: String(error) },
            'schedule slot not fired; it is tried again',
          );
          return null;
        });
        if (fired) done.push(fired);
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'schedule pass failed; it will run again');
    } finally {
      this.ticking = false;
    }
    return done;
  }

  private async fire(due: DueSchedule): Promise<FiredSlot | null> {
    const { tenantId, triggerId } = due;
    const starts = this.limiter.ledger(tenantId, this.logger);
    const fired = await inTenant(this.db, tenantId, async (m): Promise<FiredSlot | null> => {
      const trigger = await claimScheduleSlot(m, tenantId, triggerId, due.nextFireAt);
      if (!trigger?.nextFireAt) return null;
      const slot = trigger.nextFireAt;
      const now = new Date();
      const decision = decideSlot(
        storedScheduleConfig(trigger.config),
        slot,
        now,
        this.config.schedules.missedGraceMs,
      );
      let runId: string | null = null;
      let pending = false;
      let skipped: string | null = decision.fire ? null : 'missed';
      if (decision.fire) {
        try {
          // A tenant over its run starts per minute: 429 → this slot is skipped like any refusal.
          // The start is taken once the run passed its checks (a skipped slot costs none).
          const run = await insertQueuedRun(m, {
            tenantId,
            quotas: await this.limiter.quotas(tenantId, m),
            takeStart: () => starts.take(m),
            flowId: trigger.flowId,
            ref: trigger.versionNumber ?? 'published',
            input: { scheduledFor: slot.toISOString(), firedAt: now.toISOString(), triggerId },
            trigger: 'schedule',
          });
          runId = run?.id ?? null;
          pending = run?.admission === 'pending';
        } catch (error) {
          // The flow cannot run now (not published, archived, input refused): skip this slot.
          if (!(error instanceof AppError)) throw error;
          skipped = error.code;
        }
      }
      const moved = await advanceScheduleSlot(m, tenantId, triggerId, slot, decision.next, runId !== null);
      if (!moved) throw new Error('the claimed schedule slot moved under its lock');
      return { tenantId, triggerId, slot, next: decision.next, runId, skipped, pending };
    })
      // Committed: the start is the run's; a start taken for no run (rolled back) goes back.
      .then((slot) => {
        if (slot?.runId) starts.keep();
        return slot;
      })
      .finally(() => starts.settle());
    if (!fired) return null;
    if (fired.skipped) {
      this.logger.warn(
        { tenantId, triggerId, slot: fired.slot.toISOString(), reason: fired.skipped },
        'schedule slot skipped',
      );
    }
    // A run pending admission has no job until the admitter gives it a slot.
    if (fired.runId && !fired.pending) {
      await enqueueRun(this.queue, { tenantId, runId: fired.runId, v: RUN_JOB_VERSION }).catch((error) =>
        this.logger.warn(
          { runId: fired.runId, err: String(error) },
          'scheduled run not enqueued; the sweeper will',
        ),
      );
    }
    return fired;
  }
}
