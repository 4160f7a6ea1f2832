/** Every BullMQ queue of the system. Job payloads carry ids only, never step data or secrets. */
export enum QueueName {
  /** Housekeeping jobs of the worker (liveness pings, sweeps). */
  System = 'system',
}

export const JOB_SCHEMA_VERSION = 1;

export interface SystemPingJobData {
  schemaVersion: typeof JOB_SCHEMA_VERSION;
  requestedAt: string;
}
