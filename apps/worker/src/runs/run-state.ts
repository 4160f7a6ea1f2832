import type { StepErrorRecord, StepOutcome } from '@stepline/domain';
import { secretsObject, valuesForMasking } from '../secrets/index.js';
import type { StepEffects, StepExecutor } from '../steps/step-executor.js';
import type { IterationWait, WaitResolution } from '../waits/wait.types.js';
import type { CompiledFlow, EvaluationScope } from './compiled-flow.js';
import type { RecordedStep, RunnerRun } from './run-store.types.js';

/** Marks a failed attempt that will be retried later; read back when a run is reloaded. */
export const RETRY_AT_DETAIL = 'retryAt';

export interface PendingRetry {
  attempt: number;
  at: number;
}

/** A step recorded `waiting` (attempt n) whose waitpoint has not been resolved yet. */
export interface OpenWait {
  attempt: number;
  /** Known once the waitpoint was created or loaded. */
  waitpointId?: string;
  resumeAt: Date | null;
  input: unknown;
  /** A forEach whose iterations wait: their waitpoints (the step is not recorded, it runs again). */
  iterations?: readonly IterationWait[];
}

/**
 * What the runner knows of a run between decisions: the scheduler's outcomes, the expression scope
 * (`steps`, `vars`), attempts made, and failed attempts waiting for their retry. Rebuilt from the
 * checkpoints whenever a job (re)starts, so nothing lives only in memory.
 */
export class RunState {
  readonly outcomes = new Map<string, StepOutcome>();
  readonly steps: EvaluationScope['steps'] = {};
  readonly vars: Record<string, unknown> = {};
  readonly outputs = new Map<string, unknown>();
  readonly attempts = new Map<string, number>();
  readonly pendingRetries = new Map<string, PendingRetry>();
  /** Steps parked on a waitpoint (delay, approval, event): running for the scheduler. */
  readonly waiting = new Map<string, OpenWait>();
  /** Waits resolved, timed out or cancelled, whose result the runner records next. */
  readonly resolvedWaits = new Map<string, { wait: WaitResolution; input: unknown; rerun?: boolean }>();
  response: StepEffects['response'] | undefined;
  /** Step runs inside forEach bodies: iteration path → step id → latest attempt (for-each/README). */
  readonly nested = new Map<string, Map<string, RecordedStep>>();
  private secrets: Readonly<Record<string, string>> = {};
  /** Values to mask wherever this run records or publishes data. */
  secretValues: string[] = [];

  constructor(
    readonly run: RunnerRun,
    private readonly flow: CompiledFlow,
  ) {}

  static fromCheckpoints(
    run: RunnerRun,
    flow: CompiledFlow,
    rows: readonly RecordedStep[],
    executorOf: (type: string) => StepExecutor | undefined,
  ): RunState {
    const state = new RunState(run, flow);
    const latest = new Map<string, RecordedStep>();
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      if (row.path !== '') {
        state.noteNested(row);
        continue;
      }
      const seen = latest.get(row.stepId);
      if (!seen || row.attempt >= seen.attempt) latest.set(row.stepId, row);
      state.attempts.set(row.stepId, Math.max(state.attempts.get(row.stepId) ?? 0, row.attempt));
    }
    for (const row of [...latest.values()].sort((a, b) => a.seq - b.seq)) {
      const retryAt = row.error?.detail?.[RETRY_AT_DETAIL];
      if (row.status === 'waiting') {
        state.waiting.set(row.stepId, { attempt: row.attempt, resumeAt: null, input: row.input });
      } else if (row.status === 'failed' && typeof retryAt === 'number') {
        state.pendingRetries.set(row.stepId, { attempt: row.attempt + 1, at: retryAt });
      } else if (row.status !== 'cancelled') {
        // A cancelled attempt (shutdown, superseded runner) is simply run again.
        const step = flow.steps.get(row.stepId)?.step;
        state.settle(
          row.stepId,
          row.status,
          row.port ?? undefined,
          row.output,
          row.error,
          step && executorOf(step.type),
        );
      }
    }
    return state;
  }

  /** Records a settled step in the scheduler's outcomes and the expression scope. */
  settle(
    stepId: string,
    status: 'succeeded' | 'failed' | 'skipped',
    port: string | undefined,
    output: unknown,
    error: StepErrorRecord | null,
    executor?: StepExecutor,
    effects?: StepEffects,
  ): void {
    this.pendingRetries.delete(stepId);
    this.waiting.delete(stepId);
    const outcome: StepOutcome = { status };
    if (port) outcome.port = port;
    if (status === 'failed' && error?.code === 'flow.failed') outcome.fatal = true;
    this.outcomes.set(stepId, outcome);
    this.outputs.set(stepId, output);
    this.steps[stepId] = status === 'failed' ? { output, status, error } : { output, status };
    const step = this.flow.steps.get(stepId)?.step;
    const applied =
      effects ?? (status === 'succeeded' && step ? executor?.effectsOf?.(step, output) : undefined);
    if (applied?.vars) Object.assign(this.vars, applied.vars);
    if (applied?.response) this.response = applied.response;
  }

  /** Keeps the latest attempt of a step run inside a loop body (checkpointed or just recorded). */
  noteNested(row: RecordedStep): void {
    let steps = this.nested.get(row.path);
    if (!steps) this.nested.set(row.path, (steps = new Map()));
    const seen = steps.get(row.stepId);
    if (!seen || row.attempt >= seen.attempt) steps.set(row.stepId, row);
  }

  useSecrets(secrets: ReadonlyMap<string, string>): void {
    this.secrets = secretsObject(secrets);
    this.secretValues = valuesForMasking(secrets);
  }

  nextAttempt(stepId: string): number {
    const next = (this.attempts.get(stepId) ?? 0) + 1;
    this.attempts.set(stepId, next);
    return next;
  }

  scope(): EvaluationScope {
    return {
      input: this.run.input,
      steps: this.steps,
      vars: this.vars,
      secrets: this.secrets,
      run: {
        id: this.run.id,
        flowId: this.run.flowId,
        version: this.run.isTest ? 'draft' : this.run.versionNumber,
        startedAt: this.run.startedAt.toISOString(),
        trigger: this.run.trigger,
      },
    };
  }
}
