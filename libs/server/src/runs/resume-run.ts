import { RUN_JOB_VERSION, type RunJobData } from '@stepline/domain';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { inTenant } from '../persistence/tenant-transaction.js';
import {
  findWaitpoint,
  lockRun,
  resolveWaitpoint,
  type WaitpointRecord,
} from '../persistence/repositories/waitpoints.repository.js';
import { transitionRunStatus } from '../persistence/repositories/runs.repository.js';
import { readmitParkedRun } from '../persistence/repositories/admission.repository.js';
import { enqueueRun } from '../queue/runs-queue.producer.js';

/**
 * The one way to resume a waiting run (docs/adr/0006-durable-waits.md), shared by the API (an
 * approval decided, an event published) and the worker (a child run finished, a timeout):
 *
 * 1. in the caller's tenant transaction, `resumeWaitpoint`: lock the run row, resolve the waitpoint
 *    by compare-and-set, and move the run `waiting → running` if it was parked;
 * 2. after the commit, `wakeRunJob`: make the run's job (job id = run id) runnable — promote it
 *    if it is delayed (a timed wait), add it if there is none (an untimed wait ended its job).
 *
 * The runner records the waitpoint's result as the step's outcome when it next advances the run.
 * Exactly once: only one caller wins the compare-and-set; BullMQ's job lock keeps one runner per run.
 */

export interface ResumeRequest {
  tenantId: string;
  waitpointId: string;
  /** `resolved` with a result; `timed_out` / `cancelled` are for the engine itself. */
  status?: 'resolved' | 'timed_out' | 'cancelled';
  /** What the step receives: an event's payload, an approval's decision, a child run's output … */
  result?: unknown;
  /** `user:<id>`, `api-key:<id>`, `event:<id>`, `run:<id>`, `timeout`. */
  resolvedBy: string;
}

export type ResumeOutcome =
  /** This call resolved it. `runWoke`: the run was parked and is `running` again (wake its job). */
  | { kind: 'resumed'; waitpoint: WaitpointRecord; runWoke: boolean }
  /** Someone else resolved (or timed out, or cancelled) it first: nothing changed. */
  | { kind: 'already'; waitpoint: WaitpointRecord }
  | { kind: 'not_found' };

/**
 * Step 1, inside the caller's tenant transaction (`inTenant`; the caller may audit in it too). The
 * caller must call `wakeRunJob` after the commit when the outcome is `resumed` — also when
 * `runWoke` is false: the run may sit in a delayed job (a parked retry) that should look now.
 */
export async function resumeWaitpoint(m: EntityManager, req: ResumeRequest): Promise<ResumeOutcome> {
  const found = await findWaitpoint(m, req.tenantId, req.waitpointId);
  if (!found) return { kind: 'not_found' };
  // The run row first, then the waitpoint: the order the runner's park and the sweeper use too.
  const run = await lockRun(m, found.runId);
  const resolved = await resolveWaitpoint(m, found.id, {
    status: req.status ?? 'resolved',
    result: req.result ?? null,
    resolvedBy: req.resolvedBy,
  });
  if (!resolved) {
    const now = await findWaitpoint(m, req.tenantId, req.waitpointId);
    return now ? { kind: 'already', waitpoint: now } : { kind: 'not_found' };
  }
  let runWoke = false;
  // A counted run takes its concurrency slot again, or stays `waiting` for the admitter (ADR 0007).
  const resumable = run?.status === 'waiting' && resolved.status !== 'cancelled';
  if (resumable && (await readmitParkedRun(m, resolved.runId))) {
    runWoke = await transitionRunStatus(m, resolved.runId, ['waiting'], 'running');
  }
  return { kind: 'resumed', waitpoint: resolved, runWoke };
}

export type RunQueueLike = Pick<Queue<RunJobData>, 'add' | 'getJob'>;

/**
 * Step 2, after the commit: makes the run's job runnable. A delayed job (timed wait, parked retry)
 * is promoted; a missing one (untimed wait: the job ended) is added; a waiting job will run anyway;
 * an active one belongs to a runner that re-reads the run after it parks (it sees the resume).
 * Failing here is not fatal: the runs sweeper re-enqueues a `running` run whose job Redis lacks.
 */
export async function wakeRunJob(queue: RunQueueLike, tenantId: string, runId: string): Promise<void> {
  for (let tries = 0; tries < 3; tries++) {
    const job = await queue.getJob(runId);
    if (!job) {
      await enqueueRun(queue, { tenantId, runId, v: RUN_JOB_VERSION });
      return;
    }
    const state = await job.getState();
    if (state === 'delayed') {
      // Raced by another wake or the delay's end: look again.
      if (
        await job.promote().then(
          () => true,
          () => false,
        )
      )
        return;
    } else if (state === 'completed' || state === 'failed') {
      await job.remove().catch(() => undefined);
    } else if (state !== 'unknown') {
      return;
    }
  }
}

/** Both steps for a caller with nothing else to do in the transaction. */
export async function resumeRun(
  db: DataSource,
  queue: RunQueueLike,
  req: ResumeRequest,
): Promise<ResumeOutcome> {
  const outcome = await inTenant(db, req.tenantId, (m) => resumeWaitpoint(m, req));
  if (outcome.kind === 'resumed') await wakeRunJob(queue, req.tenantId, outcome.waitpoint.runId);
  return outcome;
}
