import type { FlowStep } from '@stepline/domain';
import type { NestedGraphs } from '../runs/for-each/nested-graph-runner.js';
import type { IterationWaits, ResumeStep, WaitRequest } from '../waits/wait.types.js';

export type StepLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StepLogEntry {
  level: StepLogLevel;
  message: string;
  time: string;
}

/**
 * What the scope of a step exposes to code that needs it raw (the code step's arguments). The
 * runner builds it once per step; expression fields of the config are already evaluated against it.
 */
export interface StepScope {
  input: unknown;
  steps: Record<string, { output?: unknown; status?: string; error?: unknown }>;
  vars: Record<string, unknown>;
  item?: unknown;
  index?: number;
}

export interface StepExecutionContext<C = Record<string, unknown>> {
  tenantId: string;
  runId: string;
  step: FlowStep;
  /** The step's config with every expression field evaluated (what is recorded as its input). */
  config: C;
  scope: StepScope;
  /** 1-based attempt number. */
  attempt: number;
  /** The iteration path inside loops (`loop[2]`, `outer[0].inner[1]`); '' or absent at the top level. */
  path?: string;
  /** Aborted on cancel, on the step's timeout and on the run's timeout: stop promptly. */
  signal: AbortSignal;
  log(level: StepLogLevel, message: string): void;
  /** A tenant secret's value by name (undefined when the tenant has none of that name). */
  secret(name: string): string | undefined;
  /** Steps with a nested graph (forEach): runs one iteration of the body, checkpointed per path. */
  nested?: NestedGraphs;
}

/** Changes a step makes to its run besides its output; recorded so a resumed run sees them too. */
export interface StepEffects {
  /** `vars.<name>` values set by the step. */
  vars?: Record<string, unknown>;
  /** The synchronous webhook response (the `respond` step). */
  response?: { status: number; headers: Record<string, string>; body: unknown };
}

export interface StepExecutionResult {
  output: unknown;
  /** The port the step emitted (condition `true`/`false`, switch case); edges with that `when` follow. */
  port?: string;
  effects?: StepEffects;
  /**
   * Set by a waiting step (delay, approval, waitForEvent, subflow): the step does not finish now —
   * the runner writes a waitpoint and records the step `waiting`; `resume` gives its result later.
   * A forEach whose iterations wait answers `iterations` instead: it runs again once one resolved.
   */
  wait?: WaitRequest | IterationWaits;
}

/**
 * One step type's I/O. Executors never decide control flow (the domain's scheduler does); they
 * turn an evaluated config into an output or throw a `StepFailure`.
 */
export interface StepExecutor<C = Record<string, unknown>> {
  readonly type: string;
  /**
   * True when running the step again gives the run nothing new outside itself: no request sent,
   * no wait opened, no response set (transform, condition, code, …). The runner goes on after such
   * a step without waiting for its checkpoint's commit (`CheckpointTrail`); a crash before that
   * commit makes the next job run it again.
   */
  readonly replaySafe?: boolean;
  execute(ctx: StepExecutionContext<C>): Promise<StepExecutionResult>;
  /**
   * The effects a recorded output implies, for a runner that reloads a run from its checkpoints
   * (a new job, a resumed run). Steps with effects must implement it.
   */
  effectsOf?(step: FlowStep, output: unknown): StepEffects | undefined;
  /** Waiting steps: the step's result once its waitpoint was resolved, timed out or cancelled. */
  resume?: ResumeStep;
}

/** Executors are stored with their config types erased, like the domain's step-type registry. */
export type AnyStepExecutor = StepExecutor<never>;
