import type { FlowStep } from '@stepline/domain';
import type { WaitpointKind, WaitpointStatus } from '@stepline/server';
import type { StepExecutionResult, StepLogEntry } from '../steps/step-executor.js';

/**
 * What a waiting step's executor answers instead of finishing (`StepExecutionResult.wait`): the
 * runner writes a waitpoint from it, records the step run `waiting` and, once nothing else can
 * move, parks the run (docs/adr/0006-durable-waits.md).
 */
export interface WaitRequest {
  kind: WaitpointKind;
  /** When the delay ends or the wait times out; omitted / null: no timeout. */
  resumeAt?: Date | null;
  /** Kind `event`: the event name, and the key that must come with it (null: any key). */
  eventName?: string;
  correlationKey?: string | null;
  /** What the step asks for (approval title, options …): shown in run views and to resolvers. */
  details?: Record<string, unknown>;
}

/** One open waitpoint of a step inside a loop body (its iteration path). */
export interface IterationWait {
  waitpointId: string;
  stepId: string;
  path: string;
  resumeAt: Date | null;
}

/**
 * What a step with a nested graph (forEach) answers when it cannot go on because some of its
 * iterations wait: the runner keeps the step running without recording it, parks the run on these
 * waitpoints, and runs the step again (reusing what its iterations recorded) once one of them left
 * `waiting` (for-each/README.md).
 */
export interface IterationWaits {
  kind: 'iterations';
  waits: readonly IterationWait[];
  /** Absent here (the fields of a `WaitRequest`), so either can be read without narrowing. */
  resumeAt?: undefined;
  eventName?: undefined;
  correlationKey?: undefined;
  details?: undefined;
}

/** A waitpoint that left `waiting`, as the executor's `resume` sees it. */
export interface WaitResolution {
  waitpointId: string;
  status: Exclude<WaitpointStatus, 'waiting'>;
  /** What the resolver gave: an event's payload, an approval's decision … (null on timeout). */
  result: unknown;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resumeAt: Date | null;
  details: Record<string, unknown>;
}

export interface ResumeContext {
  step: FlowStep;
  waitpoint: WaitResolution;
  /** Whether the flow has an edge out of this step with `when: port` (e.g. a `timeout` branch). */
  hasEdge?(port: string): boolean;
  log(level: StepLogEntry['level'], message: string): void;
}

/**
 * Turns a resolved waitpoint into the step's result (output, port) — or throws a `StepFailure`
 * (e.g. a timeout without a `timeout` port). Pure: no I/O, it may run again after a crash.
 */
export type ResumeStep = (ctx: ResumeContext) => StepExecutionResult;
