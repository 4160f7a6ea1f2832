import { StepFailure, type FlowStep } from '@stepline/domain';
import type { WaitpointRecord } from '@stepline/server';
import type { RunState } from '../runs/run-state.js';
import { errorRecordOf, stepLog, type AttemptOutcome } from '../runs/step-attempt.js';
import type { StepExecutor } from '../steps/step-executor.js';
import type { WaitStore } from './wait-store.js';
import type { WaitRequest, WaitResolution } from './wait.types.js';

/**
 * The runner's side of durable waits, kept out of flow-runner.ts: open a wait for a step, bring
 * the run's waits up to date from Postgres, park the run, and turn a resolved wait into the
 * step's outcome. See README.md in this folder.
 */

export const toResolution = (w: WaitpointRecord): WaitResolution => ({
  waitpointId: w.id,
  status: w.status === 'waiting' ? 'cancelled' : w.status,
  result: w.result,
  resolvedBy: w.resolvedBy,
  resolvedAt: w.resolvedAt,
  resumeAt: w.resumeAt,
  details: w.details,
});

/**
 * Loads the run's waitpoints (timing out the due ones first) and moves the steps whose waitpoint
 * was resolved or timed out from `state.waiting` to `state.resolvedWaits`. Answers how many moved.
 */
export async function refreshWaits(store: WaitStore, state: RunState): Promise<number> {
  const rows = await store.refresh(state.run.tenantId, state.run.id);
  let moved = 0;
  for (const [stepId, open] of state.waiting) {
    if (open.iterations) {
      // A loop whose iterations wait runs again as soon as one of their waitpoints moved.
      const ids = new Set(open.iterations.map((i) => i.waitpointId));
      const changed = rows.find((r) => ids.has(r.id) && r.status !== 'waiting');
      if (!changed) continue;
      state.waiting.delete(stepId);
      state.resolvedWaits.set(stepId, { wait: toResolution(changed), input: null, rerun: true });
      moved++;
      continue;
    }
    const w = rows.find((r) => r.stepId === stepId && r.path === '' && r.attempt === open.attempt);
    if (!w) continue;
    open.waitpointId = w.id;
    open.resumeAt = w.resumeAt;
    if (w.status === 'resolved' || w.status === 'timed_out') {
      state.waiting.delete(stepId);
      state.resolvedWaits.set(stepId, { wait: toResolution(w), input: open.input });
      moved++;
    }
  }
  return moved;
}

/** The earliest time something of the run is due: a wait's timeout, or the run's deadline. */
export function nextWakeAt(state: RunState, deadline: Date | null): number | null {
  const times = [...state.waiting.values()]
    .map((w) => w.resumeAt?.getTime())
    .filter((t): t is number => typeof t === 'number');
  if (deadline) times.push(deadline.getTime());
  return times.length > 0 ? Math.min(...times) : null;
}

/**
 * Creates the waitpoint a step asked for (idempotent per attempt). Its time is capped by the run's
 * deadline: a parked run then wakes (delayed job, or the sweeper when Redis lost it) in time to be
 * timed out, even when its wait has no timeout of its own.
 */
export function openWait(
  store: WaitStore,
  state: RunState,
  stepId: string,
  attempt: number,
  request: WaitRequest,
  deadline: Date | null = null,
  /** Iteration path of a step inside a loop body. */
  path = '',
): Promise<WaitpointRecord> {
  const asked = request.resumeAt ?? null;
  const resumeAt = deadline && (!asked || deadline < asked) ? deadline : asked;
  return store.create({
    tenantId: state.run.tenantId,
    runId: state.run.id,
    stepId,
    path,
    attempt,
    kind: request.kind,
    eventName: request.eventName ?? null,
    correlationKey: request.correlationKey ?? null,
    resumeAt,
    details: request.details ?? {},
  });
}

/** A resolved wait as the step's attempt outcome, through the executor's `resume`. Never throws. */
export function resumeOutcome(
  step: FlowStep,
  executor: StepExecutor | undefined,
  wait: WaitResolution,
  input: unknown,
  hasEdge: (port: string) => boolean,
  maxLogEntries: number,
): AttemptOutcome {
  const { logs, log } = stepLog(maxLogEntries);
  try {
    if (!executor?.resume) {
      throw new StepFailure('step.internal', `Step type "${step.type}" cannot resume a wait`, {
        retryable: false,
      });
    }
    const result = executor.resume({ step, waitpoint: wait, hasEdge, log });
    return { kind: 'succeeded', result, input, logs };
  } catch (error) {
    return { kind: 'failed', error: errorRecordOf(error), retryable: false, input, logs };
  }
}
