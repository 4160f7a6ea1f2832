import type { StepErrorRecord } from '@stepline/domain';
import { capOutput, maskSecrets } from './output-cap.js';
import type { StepCheckpoint } from './run-store.types.js';
import type { AttemptOutcome } from './step-attempt.js';

/**
 * Builds the checkpoint rows of step runs — settled, skipped, waiting — in one place for the
 * top-level runner and the loop bodies (for-each/nested-graph-runner.ts): secrets masked, the
 * output capped and serialised once (`outputJson`, sent as is by the checkpoint).
 */
export interface RowTarget {
  run: { tenantId: string; id: string };
  stepId: string;
  /** Iteration path inside loops; '' at the top level. */
  path: string;
  attempt: number;
  /** Values masked in everything recorded. */
  secretValues: readonly string[];
}

/** An attempt that ended (succeeded or failed): its row, and the capped output later steps see. */
export function settledRow(
  target: RowTarget & {
    startedAt: Date;
    outcome: AttemptOutcome;
    /** The step's `onError`: `branch` records port `error` on failure. */
    onError: string | undefined;
    outputCap: number;
    /** Recorded `cancelled` even when failed otherwise (the run's signal aborted). */
    aborted?: boolean;
    finishedAt?: Date;
  },
): StepCheckpoint {
  const { outcome } = target;
  const mask = <T>(value: T): T => maskSecrets(value, target.secretValues);
  const finishedAt = target.finishedAt ?? new Date();
  const failed = outcome.kind === 'failed';
  const aborted =
    failed &&
    (target.aborted === true ||
      outcome.error.code === 'step.cancelled' ||
      outcome.error.code === 'run.timed_out');
  const error: StepErrorRecord | null = failed ? mask(outcome.error) : null;
  const capped = capOutput(
    outcome.kind === 'succeeded' ? mask(outcome.result.output) : { error },
    target.outputCap,
  );
  return {
    tenantId: target.run.tenantId,
    runId: target.run.id,
    stepId: target.stepId,
    path: target.path,
    attempt: target.attempt,
    status: aborted ? 'cancelled' : failed ? 'failed' : 'succeeded',
    port:
      outcome.kind === 'succeeded'
        ? (outcome.result.port ?? null)
        : target.onError === 'branch'
          ? 'error'
          : null,
    input: mask(outcome.input),
    output: capped.value,
    outputJson: capped.json,
    error,
    logs: mask(outcome.logs),
    outputTruncated: capped.truncated,
    startedAt: target.startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - target.startedAt.getTime(),
  };
}

/** A step the scheduler skipped (or a disabled one passed through): attempt 1, no input or output. */
export function skippedRow(
  target: Omit<RowTarget, 'attempt' | 'secretValues'> & { disabled: boolean },
): StepCheckpoint {
  const now = new Date();
  return {
    tenantId: target.run.tenantId,
    runId: target.run.id,
    stepId: target.stepId,
    path: target.path,
    attempt: 1,
    status: 'skipped',
    port: null,
    input: null,
    output: null,
    outputJson: 'null',
    error: null,
    logs: target.disabled
      ? [{ level: 'info', message: 'step is disabled: passed through', time: now.toISOString() }]
      : [],
    outputTruncated: false,
    startedAt: null,
    finishedAt: now,
    durationMs: null,
  };
}

/** A step that opened a wait: recorded `waiting` with its input and log; the outcome comes later. */
export function waitingRow(
  target: RowTarget & { startedAt: Date; input: unknown; logs: StepCheckpoint['logs'] },
): StepCheckpoint {
  const now = new Date();
  return {
    tenantId: target.run.tenantId,
    runId: target.run.id,
    stepId: target.stepId,
    path: target.path,
    attempt: target.attempt,
    status: 'waiting',
    port: null,
    input: maskSecrets(target.input, target.secretValues),
    output: null,
    outputJson: 'null',
    error: null,
    logs: maskSecrets(target.logs, target.secretValues),
    outputTruncated: false,
    startedAt: target.startedAt,
    finishedAt: now,
    durationMs: now.getTime() - target.startedAt.getTime(),
  };
}
