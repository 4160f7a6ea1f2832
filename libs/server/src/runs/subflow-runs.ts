import {
  AppError,
  isTerminalRunStatus,
  StepFailure,
  type RunStatus,
  type TenantQuotas,
} from '@stepline/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { inTenant } from '../persistence/tenant-transaction.js';
import {
  childRunResult,
  findChildRun,
  findSubflowWaitpoint,
  runDepth,
} from '../persistence/repositories/subflows.repository.js';
import { lockRun } from '../persistence/repositories/waitpoints.repository.js';
import { insertQueuedRun, type QueuedRunSpec } from './insert-queued-run.js';
import { resumeWaitpoint } from './resume-run.js';

export interface SubflowStart {
  tenantId: string;
  parentRunId: string;
  flowId: string;
  version?: number;
  input: unknown;
  /** Names the parent's step attempt: a step re-run after a crash finds the child it started. */
  key: string;
  maxDepth: number;
  quotas?: TenantQuotas;
  /**
   * Takes one run start of the tenant's per-minute budget (`RunStartLimiter.take`) and answers the
   * tenant's quotas; called only when a child is really started (not for a child found again).
   */
  takeStart?: () => Promise<TenantQuotas>;
}

/**
 * Starts (or finds) the child run of a subflow step, in the tenant's transaction: refuses a start
 * deeper than `maxDepth` (`subflow.depth_exceeded`) and a flow the tenant does not have or has
 * not published (`subflow.flow_not_found`), and — when the tenant's run starts per minute are used
 * up (`takeStart` throws) — `quota.run_starts_exceeded`. The caller enqueues the child when `enqueue`.
 */
export async function startSubflowRun(
  m: EntityManager,
  spec: SubflowStart,
): Promise<{ runId: string; enqueue: boolean }> {
  const existing = await findChildRun(m, spec.parentRunId, spec.key);
  if (existing) return { runId: existing.id, enqueue: false };
  const depth = await runDepth(m, spec.parentRunId, spec.maxDepth + 1);
  if (depth + 1 > spec.maxDepth) {
    throw new StepFailure(
      'subflow.depth_exceeded',
      `A subflow would run ${depth + 1} levels deep; the limit is ${spec.maxDepth}`,
      { detail: { limit: spec.maxDepth } },
    );
  }
  try {
    const insert: QueuedRunSpec = {
      tenantId: spec.tenantId,
      flowId: spec.flowId,
      ref: spec.version ?? 'published',
      input: spec.input,
      trigger: 'subflow',
      idempotencyKey: spec.key,
      parentRunId: spec.parentRunId,
      ...(spec.quotas ? { quotas: spec.quotas } : {}),
    };
    const { takeStart } = spec;
    // The start is taken once the child passed its checks (an unpublished flow costs none); the
    // quotas it answers are what the child's admission then uses.
    if (takeStart) insert.takeStart = async () => (insert.quotas = await takeStart());
    const run = await insertQueuedRun(m, insert);
    if (!run) throw new StepFailure('step.internal', 'The child run could not be inserted');
    return { runId: run.id, enqueue: run.admission === 'held' };
  } catch (error) {
    if (
      error instanceof AppError &&
      (error.code === 'resource.not_found' || error.code === 'flow.not_published')
    ) {
      throw new StepFailure(
        'subflow.flow_not_found',
        `Flow ${spec.flowId} is not a published flow of this tenant`,
        {
          detail: { flowId: spec.flowId, reason: error.code },
        },
      );
    }
    if (error instanceof AppError && error.code === 'quota.run_starts_exceeded') {
      // Like a 429 at any other entry point; retryable, so the step's retry policy can wait it out.
      throw new StepFailure('quota.run_starts_exceeded', error.message, {
        detail: { ...error.detail, retryAfter: error.retryAfterSeconds ?? null },
      });
    }
    if (error instanceof AppError) {
      throw new StepFailure('step.failed', error.message, { retryable: false, detail: { code: error.code } });
    }
    throw error;
  }
}

/** What a waiting parent's subflow waitpoint is resolved with. */
export interface SubflowResult {
  childRunId: string;
  status: string;
  output: unknown;
  error: unknown;
}

/**
 * A child run ended: resolves the waitpoint its parent holds for it (if the parent waits) and wakes
 * the parent. The parent's run row is locked first — the same lock `createSubflowWaitpoint` takes —
 * so a child ending while its parent opens the wait is seen by one of the two.
 */
export async function resolveSubflowParent(
  db: DataSource,
  /** Makes the parent's job runnable after the commit (`wakeRunJob` with the caller's queue). */
  wake: (tenantId: string, runId: string) => Promise<void>,
  tenantId: string,
  childRunId: string,
): Promise<boolean> {
  const outcome = await inTenant(db, tenantId, async (m) => {
    const child = await childRunResult(m, childRunId);
    if (!child?.parentRunId) return null;
    await lockRun(m, child.parentRunId);
    const waitpointId = await findSubflowWaitpoint(m, child.parentRunId, childRunId);
    if (!waitpointId) return null;
    const result: SubflowResult = {
      childRunId,
      status: child.status,
      output: child.output,
      error: child.error,
    };
    return resumeWaitpoint(m, { tenantId, waitpointId, result, resolvedBy: `run:${childRunId}` });
  });
  if (outcome?.kind !== 'resumed') return false;
  await wake(tenantId, outcome.waitpoint.runId);
  return true;
}

/** For the parent opening its wait (after `lockRun`): the child's result when it ended already. */
export async function endedChildResult(m: EntityManager, childRunId: string): Promise<SubflowResult | null> {
  const child = await childRunResult(m, childRunId);
  if (!child || !isTerminalRunStatus(child.status as RunStatus)) return null;
  return { childRunId, status: child.status, output: child.output, error: child.error };
}
