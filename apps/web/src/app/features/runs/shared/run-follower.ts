import { Injectable, computed, inject, signal } from '@angular/core';
import {
  EMPTY,
  Observable,
  Subject,
  Subscription,
  auditTime,
  catchError,
  finalize,
  interval,
  map,
} from 'rxjs';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { GraphqlSubscriptions } from '../../../core/graphql/graphql-subscriptions';
import { RunDetailDocument, RunEventsDocument, type RunDetail, type RunEvent } from '../runs.graphql';
import { applyStepEvent, buildTimeline, type LiveAttempts } from '../detail/run-timeline';
import { isFinished } from './run-status';

/** How a run still going is heard about: live events, polling (the live stream failed), or not. */
export type LiveMode = 'off' | 'live' | 'polling';

export interface RunFollowTiming {
  /** After settled steps, how long to gather more before re-reading the run for their data. */
  rereadAfterMs: number;
  /** How often to re-read a run still going when the live stream is unavailable or has ended early. */
  pollMs: number;
  /**
   * While live, how often to re-read anyway (absent: never). Pub/sub delivers at most once, and a
   * run failed outside the runner (a worker job failed for good) ends without a `run.status`
   * event; without this the screen would show it running for as long as it stays open.
   */
  liveCheckMs?: number;
}

export const DEFAULT_RUN_FOLLOW_TIMING: RunFollowTiming = {
  rereadAfterMs: 400,
  pollMs: 3000,
  liveCheckMs: 30_000,
};

/**
 * Where following starts: `'read'` reads the run first (that read's error is the follow's error);
 * `'live'` goes live at once (a run just started: the stream replays what happened); a `RunDetail`
 * already read is shown as is and followed live if it is still going.
 */
export type FollowFrom = 'read' | 'live' | RunDetail;

/**
 * Follows one run at a time, for the run detail page and the editor's test runs: the run as last
 * read, the step events heard live since (`runEvents`: the timeline moves at once), and the status
 * the stream announced until a read catches up. The run is re-read shortly after steps settle (for
 * their input, output and logs — gathered, so a burst costs one read), when it parks (what it waits
 * for comes with the run, not the event), when it ends and when the stream ends; if the stream
 * cannot be opened or drops, it is polled. One read at a time: a re-read asked for meanwhile runs
 * right after (never lost). Provided at a page; each owner has its own.
 */
@Injectable()
export class RunFollower {
  private readonly graphql = inject(GraphqlClient);
  private readonly subscriptions = inject(GraphqlSubscriptions);
  private readonly _runId = signal<string | null>(null);
  private readonly _run = signal<RunDetail | null>(null);
  private readonly _live = signal<LiveAttempts>(new Map());
  /** The run's status as the last `run.status` event said, until a read catches up. */
  private readonly _heardStatus = signal<string | null>(null);
  private readonly _liveMode = signal<LiveMode>('off');
  /** Asks the run being followed to be read again (a no-op once it is no longer followed). */
  private nudge: () => void = () => undefined;

  readonly runId = this._runId.asReadonly();
  readonly run = this._run.asReadonly();
  readonly liveMode = this._liveMode.asReadonly();
  /** What the stream said last, else what the last read said; null before the first read. */
  readonly status = computed(() => this._heardStatus() ?? this._run()?.status ?? null);
  readonly finished = computed(() => {
    const status = this.status();
    return status !== null && isFinished(status);
  });
  readonly timeline = computed(() => buildTimeline(this._run()?.steps ?? [], this._live()));
  /** What a waiting run waits for (empty unless it is waiting, as far as anyone has heard). */
  readonly waitingFor = computed(() => (this.status() === 'waiting' ? (this._run()?.waitingFor ?? []) : []));

  /**
   * Follows `runId` (and lets go of the previous run): emits the run at each read and completes
   * once a read says it finished. Unsubscribing stops following. Only the first read of `'read'`
   * can fail the observable; later reads that fail keep what is shown.
   */
  follow(runId: string, from: FollowFrom = 'read', timing: RunFollowTiming = DEFAULT_RUN_FOLLOW_TIMING) {
    return new Observable<RunDetail>((subscriber) => {
      const known = typeof from === 'object' ? from : null;
      this._runId.set(runId);
      this._run.set(known);
      this._live.set(new Map());
      this._heardStatus.set(null);
      this._liveMode.set('off');
      const scope = new Subscription();
      let reading = false;
      let readAgain = false;

      const accept = (run: RunDetail) => {
        this.loaded(run);
        subscriber.next(run);
        if (isFinished(run.status)) subscriber.complete();
      };
      /** `queue: false` (polling) skips a re-read while one is in flight instead of queueing one. */
      const reread = (queue = true) => {
        if (subscriber.closed) return;
        if (reading) {
          if (queue) readAgain = true;
          return;
        }
        reading = true;
        scope.add(
          this.read(runId)
            .pipe(
              catchError(() => EMPTY),
              finalize(() => {
                reading = false;
                if (!readAgain) return;
                readAgain = false;
                reread();
              }),
            )
            .subscribe(accept),
        );
      };
      const poll = (mode: LiveMode) => {
        this._liveMode.set(mode);
        reread();
        scope.add(interval(timing.pollMs).subscribe(() => reread(false)));
      };
      const settled = new Subject<void>();
      const onEvent = (event: RunEvent) => {
        this.heard(event);
        if (event.type === 'step.settled') settled.next();
        if (
          event.type === 'run.status' &&
          event.status &&
          (isFinished(event.status) || event.status === 'waiting')
        )
          reread();
      };
      const goLive = () => {
        if (subscriber.closed) return;
        this._liveMode.set('live');
        scope.add(settled.pipe(auditTime(timing.rereadAfterMs)).subscribe(() => reread()));
        if (timing.liveCheckMs) scope.add(interval(timing.liveCheckMs).subscribe(() => reread(false)));
        // The stream replays the settled steps, then the run status, then live events, and
        // completes after the end: read once more then (and poll, should that read lag behind).
        scope.add(
          this.subscriptions.subscribe(RunEventsDocument, { runId }).subscribe({
            next: ({ runEvents }) => onEvent(runEvents),
            complete: () => poll('off'),
            error: () => poll('polling'),
          }),
        );
      };

      this.nudge = () => reread();
      if (from === 'read') {
        scope.add(
          this.read(runId).subscribe({
            next: (run) => {
              accept(run);
              goLive();
            },
            error: (error: unknown) => subscriber.error(error),
          }),
        );
      } else if (known && isFinished(known.status)) {
        accept(known);
      } else {
        if (known) subscriber.next(known);
        goLive();
      }
      return () => {
        scope.unsubscribe();
        this._liveMode.set('off');
      };
    });
  }

  /** Reads the run being followed again now (e.g. after an action changed it). */
  reread(): void {
    this.nudge();
  }

  /** Part of the run as an action answered it (a cancel): shown without a re-read. */
  patch(run: Partial<RunDetail> & Pick<RunDetail, 'id' | 'status'>): void {
    this._run.update((current) => (current && current.id === run.id ? { ...current, ...run } : current));
    if (isFinished(run.status)) this._heardStatus.set(null);
  }

  private read(runId: string): Observable<RunDetail> {
    return this.graphql.request(RunDetailDocument, { id: runId }).pipe(map(({ run }) => run));
  }

  /** The run as read now; what events said before is either in it or still ahead of it. */
  private loaded(run: RunDetail): void {
    this._run.set(run);
    // An end heard live that this read (sent before it) has not caught up with is kept; the run is
    // read again after an end, and that read will carry it.
    const heard = this._heardStatus();
    if (heard === null || !isFinished(heard) || isFinished(run.status)) this._heardStatus.set(null);
  }

  private heard(event: RunEvent): void {
    if (event.type === 'run.status') {
      if (event.status && !this.finished()) this._heardStatus.set(event.status);
      return;
    }
    this._live.update((live) => applyStepEvent(live, event));
  }
}
