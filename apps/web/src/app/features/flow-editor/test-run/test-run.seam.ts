import { InjectionToken, type Signal } from '@angular/core';
import type { Observable } from 'rxjs';

/**
 * SEAM — test runs. The engine's runs API (start a run of the draft, per-step status over a
 * graphql-ws subscription, step input/output/logs, resume from a step) is being built in its own
 * issue. Until it lands, no `TestRunner` is provided: the editor shows the "Test run" button
 * disabled with that reason, nodes show no run status, and expression autocomplete offers no
 * `steps.<id>.output.…` keys from a last run. Wiring it means: implement `TestRunner` over the
 * runs operations, provide it at `FlowEditorPage`, and read `stepStatuses` / `lastOutputs` where
 * the canvas and the inspector already accept them.
 */
export type StepRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface TestRunView {
  readonly runId: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly stepStatuses: Readonly<Record<string, StepRunStatus>>;
  /** Outputs recorded per step, for live previews and autocomplete. */
  readonly lastOutputs: Readonly<Record<string, unknown>>;
  readonly input: unknown;
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

export const TEST_RUN_UNAVAILABLE = 'Test runs arrive with the runs API (the engine issue).';
