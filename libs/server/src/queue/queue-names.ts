/** Every BullMQ queue of the system. Job payloads carry ids only, never step data or secrets. */
export enum QueueName {
  /** Housekeeping jobs of the worker (liveness pings, sweeps). */
  System = 'system',
  /** One job moves one run (`RunJobData` from @stepline/domain); see runs-queue.producer.ts for job ids. */
  Runs = 'runs',
}

export const JOB_SCHEMA_VERSION = 1;

export interface SystemPingJobData {
  schemaVersion: typeof JOB_SCHEMA_VERSION;
  requestedAt: string;
}
