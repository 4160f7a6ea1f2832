import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, wakeRunJob, type Logger } from '@stepline/server';
import type { Queue } from 'bullmq';
import { RUNS_QUEUE } from '../runs/runs-queue.provider.js';
import { WAIT_STORE, type WaitStore } from './wait-store.js';

/**
 * The processor's half of the park/resume handshake (ADR 0006): after a parked run's job was
 * moved to delayed or completed, re-read the run. A resume that committed while the job was still
 * active left the job to us (`wakeRunJob` does not touch an active job): wake it now.
 */
@Injectable()
export class WaitWaker {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WAIT_STORE) private readonly waits: WaitStore,
    @Inject(RUNS_QUEUE) private readonly queue: Queue,
  ) {}

  async afterPark(tenantId: string, runId: string): Promise<void> {
    try {
      const status = await this.waits.statusOf(tenantId, runId);
      if (status === 'running' || status === 'queued') await wakeRunJob(this.queue, tenantId, runId);
    } catch (error) {
      // The runs sweeper re-enqueues a running run whose job is gone.
      this.logger.warn({ runId, err: String(error) }, 'could not re-check a parked run');
    }
  }
}
