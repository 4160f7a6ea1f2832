/** Schema version of the run job payload; bump it (and accept both) when the payload changes. */
export const RUN_JOB_VERSION = 1 as const;

/**
 * The BullMQ job that moves a run (its job id is the run id). Ids only: the worker loads the run,
 * its definition and its checkpoints from Postgres, so a payload never carries step data or secrets
 * and a re-delivered or re-enqueued job is always current.
 */
export interface RunJobData {
  tenantId: string;
  runId: string;
  v: typeof RUN_JOB_VERSION;
}

/**
 * Canonical lowercase form only (what Postgres and `crypto.randomUUID()` produce): the run id is
 * also the job id, and an uppercase spelling of the same run would slip past BullMQ's job-id dedupe.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const KEYS = ['runId', 'tenantId', 'v'];

/** Exactly `{ tenantId, runId, v: 1 }` with uuid ids: extra keys are refused, not ignored. */
export const isRunJobData = (value: unknown): value is RunJobData => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  const keys = Object.keys(value).sort();
  if (keys.length !== KEYS.length || keys.some((key, i) => key !== KEYS[i])) return false;
  const { tenantId, runId, v } = value as Record<string, unknown>;
  return (
    v === RUN_JOB_VERSION &&
    typeof tenantId === 'string' &&
    UUID.test(tenantId) &&
    typeof runId === 'string' &&
    UUID.test(runId)
  );
};
