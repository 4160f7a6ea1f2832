import { Injectable, computed, inject, signal } from '@angular/core';
import { RunFollower } from '../shared/run-follower';
import type { CancelledRun } from '../runs.graphql';
import type { TimelineAttempt } from './run-timeline';

export type { LiveMode } from '../shared/run-follower';
export type RunAction = 'cancel' | 'retry' | 'resume';

export interface FlowLabel {
  name: string | null;
}

/**
 * What the run detail page shows: the run as the page's `RunFollower` knows it (last read plus
 * what live events said since), the selected step attempt and the state of the actions.
 * Read-only from outside; `RunDetailController` changes it through the methods below.
 */
@Injectable()
export class RunDetailState {
  private readonly follower = inject(RunFollower);
  private readonly _flowName = signal<string | null>(null);
  private readonly _loading = signal(true);
  private readonly _error = signal<string | null>(null);
  private readonly _notFound = signal(false);
  private readonly _selectedKey = signal<string | null>(null);
  private readonly _busy = signal<RunAction | null>(null);
  private readonly _actionError = signal<string | null>(null);

  readonly run = this.follower.run;
  readonly flowName = this._flowName.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly notFound = this._notFound.asReadonly();
  readonly liveMode = this.follower.liveMode;
  readonly busy = this._busy.asReadonly();
  readonly actionError = this._actionError.asReadonly();

  readonly status = this.follower.status;
  readonly finished = this.follower.finished;
  readonly timeline = this.follower.timeline;
  readonly selected = computed<TimelineAttempt | null>(() => {
    const key = this._selectedKey();
    if (key === null) return null;
    for (const step of this.timeline()) {
      const attempt = step.attempts.find((a) => a.key === key);
      if (attempt) return attempt;
    }
    return null;
  });

  reset(): void {
    this._flowName.set(null);
    this._loading.set(true);
    this._error.set(null);
    this._notFound.set(false);
    this._selectedKey.set(null);
    this._busy.set(null);
    this._actionError.set(null);
  }

  /** A read of the run arrived (the follower holds it). */
  loaded(): void {
    this._loading.set(false);
    this._error.set(null);
  }

  failed(message: string, notFound: boolean): void {
    this._loading.set(false);
    this._error.set(message);
    this._notFound.set(notFound);
  }

  /** The answer of a cancel: the run's new status (or its pending cancel) without a re-read. */
  cancelled(run: CancelledRun): void {
    this.follower.patch(run);
  }

  setFlowName(name: string | null): void {
    this._flowName.set(name);
  }

  select(key: string | null): void {
    this._selectedKey.set(key);
  }

  startAction(action: RunAction): void {
    this._busy.set(action);
    this._actionError.set(null);
  }

  endAction(error: string | null = null): void {
    this._busy.set(null);
    this._actionError.set(error);
  }
}
