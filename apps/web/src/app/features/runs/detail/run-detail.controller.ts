import { DestroyRef, Injectable, InjectionToken, inject } from '@angular/core';
import { Router } from '@angular/router';
import {
  EMPTY,
  Subject,
  Subscription,
  auditTime,
  catchError,
  finalize,
  interval,
  map,
  takeWhile,
  tap,
  type Observable,
} from 'rxjs';
import { AuthStore } from '../../../core/auth/auth.store';
import { detailedMessageForHttpError, messageForHttpError } from '../../../core/errors/http-error-message';
import { problemOf } from '../../../core/errors/problem';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { GraphqlSubscriptions } from '../../../core/graphql/graphql-subscriptions';
import { isFinished } from '../shared/run-status';
import {
  CancelRunDocument,
  ResumeRunDocument,
  RetryRunDocument,
  RunDetailDocument,
  RunEventsDocument,
  RunFlowNameDocument,
  type RunEvent,
} from '../runs.graphql';
import { RunDetailState, type RunAction } from './run-detail.state';

export interface RunDetailTiming {
  /** After settled steps, how long to gather more before re-reading the run for their data. */
  rereadAfterMs: number;
  /** How often to re-read a running run when the live connection is unavailable. */
  pollMs: number;
}

export const RUN_DETAIL_TIMING = new InjectionToken<RunDetailTiming>('RUN_DETAIL_TIMING', {
  providedIn: 'root',
  factory: () => ({ rereadAfterMs: 400, pollMs: 3000 }),
});

/** The screen can say more than the generic message about these. */
const WORDING = {
  'run.not_cancellable': 'This run has already finished.',
  'run.not_retryable': 'Only a finished run can be retried.',
  'run.not_resumable': 'Only a failed run that names its failed step can be resumed.',
  'flow.archived': 'The flow is archived.',
} as const;

/**
 * Run detail use cases: read the run, follow it live while it runs (the `runEvents`
 * subscription; if that fails, polling), cancel, retry, resume. Live step events update the
 * timeline at once; the run is re-read shortly after steps settle (for their input, output and
 * logs) and when it ends.
 */
@Injectable()
export class RunDetailController {
  private readonly graphql = inject(GraphqlClient);
  private readonly subscriptions = inject(GraphqlSubscriptions);
  private readonly state = inject(RunDetailState);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly timing = inject(RUN_DETAIL_TIMING);
  /** Settled steps ask for a re-read "soon": gathered, so a burst of steps costs one read. */
  private readonly soon = new Subject<void>();
  private runId: string | null = null;
  /** Everything tied to the open run: its reads, its live stream, its name lookup. */
  private watching = new Subscription();
  /** One read at a time; a re-read asked for meanwhile runs right after it (never lost). */
  private reading = false;
  private readAgain = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watching.unsubscribe());
  }

  /** Opens a run (again, after a route change to another run). */
  open(runId: string): void {
    if (runId === this.runId) return;
    this.runId = runId;
    this.watching.unsubscribe();
    this.watching = new Subscription();
    this.reading = false;
    this.readAgain = false;
    this.state.reset();
    this.watching.add(this.soon.pipe(auditTime(this.timing.rereadAfterMs)).subscribe(() => this.reread()));
    this.watching.add(
      this.read(runId).subscribe(() => {
        const run = this.state.run();
        if (!run) return;
        this.nameFlow(run.flowId);
        if (!isFinished(run.status)) this.follow(runId);
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
        if (isFinished(cancelRun.status)) this.reread();
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

  private read(runId: string): Observable<void> {
    return this.graphql.request(RunDetailDocument, { id: runId }).pipe(
      map(({ run }) => this.state.loaded(run)),
      catchError((error: unknown) => {
        // A failed re-read of a run on screen keeps what is shown; only the first read fails the page.
        if (this.state.run() === null)
          this.state.failed(messageForHttpError(error), problemOf(error)?.code === 'resource.not_found');
        return EMPTY;
      }),
    );
  }

  /** `queue: false` (polling) skips a re-read while one is in flight instead of queueing one. */
  private reread(queue = true): void {
    const runId = this.runId;
    if (runId === null) return;
    if (this.reading) {
      if (queue) this.readAgain = true;
      return;
    }
    this.reading = true;
    this.watching.add(
      this.read(runId)
        .pipe(
          finalize(() => {
            this.reading = false;
            if (!this.readAgain) return;
            this.readAgain = false;
            this.reread();
          }),
        )
        .subscribe(),
    );
  }

  /**
   * Live updates until the run ends. The subscription replays the settled steps, then the run
   * status, then live events, and completes after the end; the run is read again then. If it
   * cannot be opened or drops, the page falls back to re-reading the run every few seconds.
   */
  private follow(runId: string): void {
    this.state.setLiveMode('live');
    const live = this.subscriptions.subscribe(RunEventsDocument, { runId }).pipe(
      tap((answer) => this.onEvent(answer.runEvents)),
      finalize(() => {
        if (this.state.liveMode() === 'live') this.state.setLiveMode('off');
      }),
    );
    this.watching.add(
      live.subscribe({
        complete: () => this.reread(),
        error: () => this.poll(),
      }),
    );
  }

  private onEvent(event: RunEvent): void {
    this.state.heard(event);
    if (event.type === 'step.settled') this.soon.next();
    // A run that parks is read again too: what it waits for comes with the run, not the event.
    if (
      event.type === 'run.status' &&
      event.status &&
      (isFinished(event.status) || event.status === 'waiting')
    )
      this.reread();
  }

  private poll(): void {
    this.state.setLiveMode('polling');
    this.watching.add(
      interval(this.timing.pollMs)
        .pipe(
          takeWhile(() => !this.state.finished()),
          finalize(() => this.state.setLiveMode('off')),
        )
        .subscribe(() => this.reread(false)),
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
