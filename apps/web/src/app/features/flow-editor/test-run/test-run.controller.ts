import {
  DestroyRef,
  Injectable,
  InjectionToken,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { EMPTY, Subscription, defer, filter, finalize, map, switchMap, type Observable } from 'rxjs';
import { AuthStore } from '../../../core/auth/auth.store';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { GraphqlRequestError } from '../../../core/graphql/graphql-request.error';
import type { TimelineAttempt } from '../../runs/detail/run-timeline';
import { ResumeRunDocument, RunDetailDocument, StartRunDocument } from '../../runs/runs.graphql';
import { RunFollower, type RunFollowTiming } from '../../runs/shared/run-follower';
import { isFinished } from '../../runs/shared/run-status';
import { FlowEditorState } from '../state/flow-editor.state';
import type { StepRunStatus, TestRunStep, TestRunView, TestRunner } from './test-run.seam';

/**
 * Where the editor remembers the last test run of each flow (its id only), so a reload re-opens
 * it. localStorage: shared by the tabs of one browser, kept per tenant and flow.
 */
export const TEST_RUN_MEMORY = new InjectionToken<Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null>(
  'TEST_RUN_MEMORY',
  {
    providedIn: 'root',
    factory: () => {
      try {
        return globalThis.localStorage ?? null;
      } catch {
        return null;
      }
    },
  },
);

/** How long settled steps are gathered before the run is re-read for their input, output and logs. */
export const TEST_RUN_REREAD_MS = 300;
/** How often a run is re-read when the live subscription is unavailable. */
export const TEST_RUN_POLL_MS = 1500;
const TIMING: RunFollowTiming = {
  rereadAfterMs: TEST_RUN_REREAD_MS,
  pollMs: TEST_RUN_POLL_MS,
  liveCheckMs: 10_000,
};

const WORDING = {
  'validation.failed': 'The input does not match the flow’s input schema.',
  'flow.invalid_definition': 'The draft has problems to fix before it can run.',
  'flow.archived': 'This flow is archived: restore it to run it.',
  'run.not_resumable': 'This run cannot be re-run from that step.',
} as const;

/**
 * Test runs of the draft, for the editor: start one (`startRun`, version "draft"), follow it with
 * the runs feature's `RunFollower` (live step statuses, re-reads after steps settle, when it parks
 * and when it ends, polling if the live stream fails), and re-run from a step (`resumeRun`, reusing
 * upstream outputs). The `TestRunner` of the seam; provided at the editor page (with its
 * `RunFollower`), so each open editor has its own last run.
 */
@Injectable()
export class TestRunController implements TestRunner {
  private readonly graphql = inject(GraphqlClient);
  private readonly follower = inject(RunFollower);
  private readonly store = inject(AuthStore);
  private readonly memory = inject(TEST_RUN_MEMORY);
  /** The editor whose flow's last test run is re-opened (absent in unit tests of this class). */
  private readonly editor = inject(FlowEditorState, { optional: true });
  private readonly _input = signal<unknown>({});
  private readonly _flowId = signal('');
  private readonly _starting = signal(false);
  private readonly _error = signal<string | null>(null);
  /** The run being followed: its start or restore, and following it. */
  private following = new Subscription();

  readonly runId = this.follower.runId;
  readonly starting = this._starting.asReadonly();
  readonly error = this._error.asReadonly();
  /** A run this editor started is queued until the stream or a read says more. */
  readonly status = computed(() => this.follower.status() ?? (this.follower.runId() ? 'queued' : null));
  readonly finished = computed(() => {
    const status = this.status();
    return status !== null && isFinished(status);
  });
  readonly active = computed(() => this._starting() || (this.status() !== null && !this.finished()));
  /** What the last run waits for while it is waiting (an approval, an event, a delay, a child run). */
  readonly waitingFor = this.follower.waitingFor;
  /** The role may start runs (the API checks again). */
  readonly mayStart = computed(() => this.store.can('start', 'Run'));
  /** Re-run from a step: the role may retry runs, and the last run finished. */
  readonly mayRerun = computed(() => this.store.can('retry', 'Run') && this.finished());
  readonly timeline = this.follower.timeline;
  /**
   * The latest attempt of each step. A forEach body step (ids are unique across bodies) shows one
   * iteration: a failed one if any failed, else one still running, else the last to start.
   */
  private readonly latest = computed(() => {
    const latest = new Map<string, TimelineAttempt>();
    const rank = (status: string) => (status === 'failed' ? 2 : status === 'running' ? 1 : 0);
    for (const step of this.timeline()) {
      const seen = latest.get(step.stepId);
      if (step.path === '' || !seen || rank(step.latest.status) >= rank(seen.status))
        latest.set(step.stepId, step.latest);
    }
    return latest;
  });
  readonly last = computed<TestRunView | null>(() => {
    const runId = this.runId();
    if (runId === null) return null;
    const stepStatuses: Record<string, StepRunStatus> = {};
    const lastOutputs: Record<string, unknown> = {};
    const steps: Record<string, TestRunStep> = {};
    for (const [stepId, attempt] of this.latest()) {
      const status = attempt.status as StepRunStatus;
      stepStatuses[stepId] = status;
      if (attempt.record && attempt.status === 'succeeded') lastOutputs[stepId] = attempt.record.output;
      steps[stepId] = {
        status,
        ...(stepId in lastOutputs ? { output: lastOutputs[stepId] } : {}),
        ...(attempt.error != null ? { error: attempt.error } : {}),
      };
    }
    const run = this.follower.run();
    return {
      runId,
      status: (this.status() ?? 'queued') as TestRunView['status'],
      stepStatuses,
      lastOutputs,
      input: this._input(),
      steps,
      flowId: this._flowId(),
      startedAt: run?.startedAt ?? null,
      trigger: run?.trigger ?? null,
    };
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.following.unsubscribe());
    // Once the editor has opened a flow, re-open that flow's last test run (after a reload).
    let restoredFor: string | null = null;
    effect(() => {
      const flowId = this.editor?.flow()?.id;
      if (!flowId || flowId === restoredFor) return;
      restoredFor = flowId;
      untracked(() => this.restore(flowId));
    });
  }

  /**
   * Re-opens the remembered last test run of `flowId`: its step statuses, inputs and outputs (and
   * live again while it is still going). A run that is gone, or is not this flow's test run, is
   * forgotten.
   */
  restore(flowId: string): void {
    const key = this.memoryKey(flowId);
    const runId = this.memory?.getItem(key);
    if (!runId || this.runId() !== null) return;
    this.following.unsubscribe();
    this.following = this.graphql
      .request(RunDetailDocument, { id: runId })
      .pipe(
        map(({ run }) => run),
        switchMap((run) => {
          if (run.flowId !== flowId || !run.isTest) {
            this.memory?.removeItem(key);
            return EMPTY;
          }
          if (this.runId() !== null) return EMPTY; // a new run started meanwhile
          this._input.set(run.input ?? {});
          this._flowId.set(flowId);
          return this.follower.follow(run.id, run, TIMING);
        }),
      )
      .subscribe({
        error: (error: unknown) => {
          if (error instanceof GraphqlRequestError && error.status === 404) this.memory?.removeItem(key);
        },
      });
  }

  private memoryKey(flowId: string): string {
    return `stepline.editor.testRun.${this.store.tenant()?.id ?? ''}.${flowId}`;
  }

  /** The latest attempt of a top-level step in the last test run, if it got that far. */
  attemptOf(stepId: string): TimelineAttempt | null {
    return this.latest().get(stepId) ?? null;
  }

  /** Starts a test run of the saved draft and follows it (the previous one is let go). */
  start(flowId: string, input: unknown): void {
    this.launch(this.run(flowId, input));
  }

  /** A new run of the last test run from `stepId`, reusing the outputs recorded before it. */
  rerunFrom(flowId: string, stepId: string): void {
    if (!this.mayRerun()) return;
    this.launch(this.run(flowId, this._input(), stepId));
  }

  dismissError(): void {
    this._error.set(null);
  }

  run(flowId: string, input: unknown, fromStepId?: string): Observable<TestRunView> {
    return defer(() => {
      this._starting.set(true);
      this._error.set(null);
      const previous = this.runId();
      const started: Observable<string> =
        fromStepId && previous
          ? this.graphql
              .request(ResumeRunDocument, { id: previous, fromStep: fromStepId })
              .pipe(map(({ resumeRun }) => resumeRun.id))
          : this.graphql
              .request(StartRunDocument, { flowId, input: { input, version: 'draft' } })
              .pipe(map(({ startRun }) => startRun.id));
      return started.pipe(
        finalize(() => this._starting.set(false)),
        switchMap((runId) => {
          this._input.set(input);
          this._flowId.set(flowId);
          this.memory?.setItem(this.memoryKey(flowId), runId);
          // Just started: the live stream replays whatever already happened.
          return this.follower.follow(runId, 'live', TIMING);
        }),
        map(() => this.last()),
        filter((view): view is TestRunView => view !== null),
      );
    });
  }

  private launch(run: Observable<TestRunView>): void {
    this.following.unsubscribe();
    this.following = run.subscribe({
      error: (error: unknown) => this._error.set(detailedMessageForHttpError(error, WORDING)),
    });
  }
}
