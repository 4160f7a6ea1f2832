import { DestroyRef, Injectable, InjectionToken, inject } from '@angular/core';
import { Router } from '@angular/router';
import { EMPTY, Subscription, catchError, type Observable } from 'rxjs';
import { AuthStore } from '../../../core/auth/auth.store';
import { detailedMessageForHttpError, messageForHttpError } from '../../../core/errors/http-error-message';
import { problemOf } from '../../../core/errors/problem';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { isFinished } from '../shared/run-status';
import { DEFAULT_RUN_FOLLOW_TIMING, RunFollower, type RunFollowTiming } from '../shared/run-follower';
import { CancelRunDocument, ResumeRunDocument, RetryRunDocument, RunFlowNameDocument } from '../runs.graphql';
import { RunDetailState, type RunAction } from './run-detail.state';

export type RunDetailTiming = RunFollowTiming;

export const RUN_DETAIL_TIMING = new InjectionToken<RunDetailTiming>('RUN_DETAIL_TIMING', {
  providedIn: 'root',
  factory: () => DEFAULT_RUN_FOLLOW_TIMING,
});

/** The screen can say more than the generic message about these. */
const WORDING = {
  'run.not_cancellable': 'This run has already finished.',
  'run.not_retryable': 'Only a finished run can be retried.',
  'run.not_resumable': 'Only a failed run that names its failed step can be resumed.',
  'flow.archived': 'The flow is archived.',
} as const;

/**
 * Run detail use cases: open a run and follow it while it runs (`RunFollower`: live events, re-reads,
 * polling when the live stream fails), cancel, retry, resume.
 */
@Injectable()
export class RunDetailController {
  private readonly graphql = inject(GraphqlClient);
  private readonly follower = inject(RunFollower);
  private readonly state = inject(RunDetailState);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly timing = inject(RUN_DETAIL_TIMING);
  private runId: string | null = null;
  /** Everything tied to the open run: following it, its name lookup. */
  private watching = new Subscription();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watching.unsubscribe());
  }

  /** Opens a run (again, after a route change to another run). */
  open(runId: string): void {
    if (runId === this.runId) return;
    this.runId = runId;
    this.watching.unsubscribe();
    this.watching = new Subscription();
    this.state.reset();
    let named = false;
    this.watching.add(
      this.follower.follow(runId, 'read', this.timing).subscribe({
        next: (run) => {
          this.state.loaded();
          if (named) return;
          named = true;
          this.nameFlow(run.flowId);
        },
        // Only the first read fails the page; a failed re-read keeps what is shown.
        error: (error: unknown) =>
          this.state.failed(messageForHttpError(error), problemOf(error)?.code === 'resource.not_found'),
      }),
    );
  }

  /** After an error: read the run from scratch. */
  reload(): void {
    const runId = this.runId;
    this.runId = null;
    if (runId) this.open(runId);
  }

  select(key: string | null): void {
    this.state.select(key);
  }

  cancel(): Promise<boolean> {
    return this.act(
      'cancel',
      (id) => this.graphql.request(CancelRunDocument, { id }),
      ({ cancelRun }) => {
        this.state.cancelled(cancelRun);
        if (isFinished(cancelRun.status)) this.follower.reread();
      },
    );
  }

  /** A new run of the same version and input; opens it. */
  retry(): Promise<boolean> {
    return this.act(
      'retry',
      (id) => this.graphql.request(RetryRunDocument, { id }),
      ({ retryRun }) => this.openRun(retryRun.id),
    );
  }

  /**
   * A new run from the failed step — or, for any finished run, from `fromStep` — reusing the
   * outputs recorded upstream; opens it.
   */
  resume(fromStep?: string): Promise<boolean> {
    return this.act(
      'resume',
      (id) => this.graphql.request(ResumeRunDocument, fromStep ? { id, fromStep } : { id }),
      ({ resumeRun }) => this.openRun(resumeRun.id),
    );
  }

  private nameFlow(flowId: string): void {
    this.watching.add(
      this.graphql
        .request(RunFlowNameDocument, { id: flowId })
        .pipe(catchError(() => EMPTY))
        .subscribe(({ flow }) => this.state.setFlowName(flow.name)),
    );
  }

  private act<T>(action: RunAction, request: (runId: string) => Observable<T>, done: (answer: T) => void) {
    const run = this.state.run();
    if (!run || this.state.busy() !== null) return Promise.resolve(false);
    this.state.startAction(action);
    return new Promise<boolean>((resolve) => {
      request(run.id).subscribe({
        next: (answer) => {
          this.state.endAction();
          done(answer);
          resolve(true);
        },
        error: (error: unknown) => {
          this.state.endAction(detailedMessageForHttpError(error, WORDING));
          resolve(false);
        },
      });
    });
  }

  private openRun(runId: string): void {
    void this.router.navigate(['/runs', runId]);
  }

  /** For the page: the role's rights on runs (the API enforces them; the page only hides). */
  permissions(): { mayCancel: boolean; mayRetry: boolean } {
    return { mayCancel: this.store.can('cancel', 'Run'), mayRetry: this.store.can('retry', 'Run') };
  }
}
