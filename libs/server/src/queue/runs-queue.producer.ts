import { isRunJobData, RUN_JOB_VERSION, type RunJobData } from '@stepline/domain';
import type { JobsOptions, Queue } from 'bullmq';

/** The name of every job on the runs queue (the queue itself says what it is). */
export const RUN_JOB_NAME = 'run';

/**
 * Job ids on the runs queue.
 *
 * - `<runId>` — the run's own job: the start, the sweeper's re-enqueue, the wake-up of a waiting
 *   run. BullMQ ignores an add whose id already exists, so however many of these race (an API
 *   retry, the sweeper, a resume), one job moves the run. The id is freed when the job ends
 *   (removed on completion and on failure — a kept failed job would swallow the sweeper's
 *   re-enqueue and strand the run).
 * - `<runId>.<suffix>` — a job added while the run's own job is still active, which would
 *   otherwise be deduplicated away: a continuation in a fresh job every N steps (`c<stepsDone>`),
 *   a retry waiting out a long backoff (`r<stepsDone>`), a "continue later". The suffix must be
 *   deterministic (derived from the run's state), so that re-executing the enqueue after a crash
 *   still adds one job.
 *
 * BullMQ refuses `:` in custom ids and integer-looking ids; run ids are lowercase uuids.
 */
export function runJobId(runId: string, suffix?: string): string {
  if (suffix === undefined) return runId;
  if (!SUFFIX.test(suffix))
    throw new Error(`run job id suffix must match ${SUFFIX}: ${JSON.stringify(suffix)}`);
  return `${runId}.${suffix}`;
}

const SUFFIX = /^[a-z0-9-]{1,64}$/;

export interface EnqueueRunOptions {
  /** Makes the job id `<runId>.<suffix>` (see runJobId); omit for the run's own job. */
  suffix?: string;
  /** Delay before the job becomes available (retry backoff, continue later). */
  delayMs?: number;
  /** Overrides of the defaults below (never `jobId`: that is the scheme above). */
  jobOptions?: Omit<JobsOptions, 'jobId' | 'delay'>;
}

/**
 * Defaults of every run job. Attempts cover infrastructure failures only (database or Redis
 * unreachable while the job ran): a step failing is the run's business, recorded in Postgres, and
 * never fails the job.
 */
export const RUN_JOB_DEFAULTS: Omit<JobsOptions, 'jobId' | 'delay'> = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
};

/**
 * Adds the job that moves a run. The payload is ids only (`{ tenantId, runId, v }`), checked
 * with `isRunJobData` so that a malformed or uppercase id never reaches the queue (an uppercase
 * spelling of a run id would slip past the job-id deduplication). Call it after the transaction
 * that wrote the run committed: Postgres is the source of truth, and a job for an uncommitted
 * run could be taken before its row is visible. Answers the job id.
 */
export async function enqueueRun(
  queue: Pick<Queue<RunJobData>, 'add'>,
  data: RunJobData,
  options: EnqueueRunOptions = {},
): Promise<string> {
  if (!isRunJobData(data)) throw new Error('enqueueRun: the payload is not a RunJobData');
  const jobId = runJobId(data.runId, options.suffix);
  await queue.add(RUN_JOB_NAME, data, {
    ...RUN_JOB_DEFAULTS,
    ...options.jobOptions,
    jobId,
    ...(options.delayMs && options.delayMs > 0 ? { delay: Math.ceil(options.delayMs) } : {}),
  });
  return jobId;
}

/** The runs queue as a producer, for callers that hold one queue (the API, the sweeper). */
export class RunsQueueProducer {
  constructor(private readonly queue: Pick<Queue<RunJobData>, 'add'>) {}

  enqueue(tenantId: string, runId: string, options?: EnqueueRunOptions): Promise<string> {
    return enqueueRun(this.queue, { tenantId, runId, v: RUN_JOB_VERSION }, options);
  }
}
