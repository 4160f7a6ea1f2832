import { InjectionToken, type Signal } from '@angular/core';
import type { Observable } from 'rxjs';

/**
 * The test-run seam. `TestRunController` implements `TestRunner` over the runs operations and is
 * provided at `FlowEditorPage`; the canvas reads `stepStatuses` and expression autocomplete reads
 * `lastOutputs` and the live preview reads `steps`/`input` through this token, so a context without it (a unit test of the canvas) shows no
 * run state.
 */
export type StepRunStatus =
  'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface TestRunView {
  readonly runId: string;
  readonly status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
  readonly stepStatuses: Readonly<Record<string, StepRunStatus>>;
  /** Outputs recorded per step, for live previews and autocomplete. */
  readonly lastOutputs: Readonly<Record<string, unknown>>;
  readonly input: unknown;
  /** Each top-level step's latest attempt, shaped like `steps.<id>` of an evaluation context. */
  readonly steps: Readonly<Record<string, TestRunStep>>;
  readonly flowId: string;
  /** When the run started (null until a read says). */
  readonly startedAt: string | null;
  readonly trigger: string | null;
}

export interface TestRunStep {
  readonly status: StepRunStatus;
  readonly output?: unknown;
  readonly error?: unknown;
}

export interface TestRunner {
  /** Runs the saved draft with `input` and follows it live; completes when the run settles. */
  run(flowId: string, input: unknown, fromStepId?: string): Observable<TestRunView>;
  /** The last run of this editor session, if any. */
  readonly last: Signal<TestRunView | null>;
}

export const TEST_RUNNER = new InjectionToken<TestRunner | null>('TEST_RUNNER', {
  providedIn: 'root',
  factory: () => null,
});
