import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { LOGGER, QueueName, type Logger, type SystemPingJobData } from '@stepline/server';
import type { Job } from 'bullmq';

/**
 * Housekeeping jobs. `ping` proves end to end that a worker consumes the queue (used by tests and
 * by operators after a deploy); sweeps of later features join here.
 */
@Processor(QueueName.System)
export class SystemProcessor extends WorkerHost {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {
    super();
  }

  async process(job: Job<SystemPingJobData>): Promise<{ pong: true; worker: number }> {
    this.logger.debug({ jobId: job.id, name: job.name }, 'system job');
    return { pong: true, worker: process.pid };
  }
}
