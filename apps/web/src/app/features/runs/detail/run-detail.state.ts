import { Injectable, computed, signal } from '@angular/core';
import { isFinished } from '../shared/run-status';
import type { CancelledRun, RunDetail, RunEvent } from '../runs.graphql';
import { applyStepEvent, buildTimeline, type LiveAttempts, type TimelineAttempt } from './run-timeline';

/** How the page hears about a run that is still going. */
export type LiveMode = 'off' | 'live' | 'polling';
export type RunAction = 'cancel' | 'retry' | 'resume';

export interface FlowLabel {
  name: string | null;
}

/**
 * What the run detail page shows: the run as last read, what live events said since, the selected
 * step attempt and the state of the actions. Read-only from outside; `RunDetailController`
 * changes it through the methods below.
 */
@Injectable()
export class RunDetailState {
  private readonly _run = signal<RunDetail | null>(null);
  private readonly _live = signal<LiveAttempts>(new Map());
  /** The run's status as the last `run.status` event said, until the run is read again. */
  private readonly _heardStatus = signal<string | null>(null);
  private readonly _flowName = signal<string | null>(null);
  private readonly _loading = signal(true);
  private readonly _error = signal<string | null>(null);
  private readonly _notFound = signal(false);
  private readonly _selectedKey = signal<string | null>(null);
  private readonly _liveMode = signal<LiveMode>('off');
  private readonly _busy = signal<RunAction | null>(null);
  private readonly _actionError = signal<string | null>(null);

  readonly run = this._run.asReadonly();
  readonly flowName = this._flowName.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly notFound = this._notFound.asReadonly();
  readonly liveMode = this._liveMode.asReadonly();
  readonly busy = this._busy.asReadonly();
  readonly actionError = this._actionError.asReadonly();

  readonly status = computed(() => this._heardStatus() ?? this._run()?.status ?? null);
  readonly finished = computed(() => {
    const status = this.status();
    return status !== null && isFinished(status);
  });
  readonly timeline = computed(() => buildTimeline(this._run()?.steps ?? [], this._live()));
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
    this._run.set(null);
    this._live.set(new Map());
    this._heardStatus.set(null);
    this._flowName.set(null);
    this._loading.set(true);
    this._error.set(null);
    this._notFound.set(false);
    this._selectedKey.set(null);
    this._liveMode.set('off');
    this._busy.set(null);
    this._actionError.set(null);
  }

  /** The run as read now; what events said before is either in it or still ahead of it. */
  loaded(run: RunDetail): void {
    this._run.set(run);
    // An end heard live that this read (sent before it) has not caught up with is kept; the
    // controller reads again after an end, and that read will carry it.
    const heard = this._heardStatus();
    if (heard === null || !isFinished(heard) || isFinished(run.status)) this._heardStatus.set(null);
    this._loading.set(false);
    this._error.set(null);
  }

  failed(message: string, notFound: boolean): void {
    this._loading.set(false);
    this._error.set(message);
    this._notFound.set(notFound);
  }

  heard(event: RunEvent): void {
    if (event.type === 'run.status' && event.status) {
      if (!this.finished()) this._heardStatus.set(event.status);
      return;
    }
    this._live.update((live) => applyStepEvent(live, event));
  }

  /** The answer of a cancel: the run's new status (or its pending cancel) without a re-read. */
  cancelled(run: CancelledRun): void {
    this._run.update((current) => (current && current.id === run.id ? { ...current, ...run } : current));
    if (isFinished(run.status)) this._heardStatus.set(null);
  }

  setFlowName(name: string | null): void {
    this._flowName.set(name);
  }

  setLiveMode(mode: LiveMode): void {
    this._liveMode.set(mode);
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
