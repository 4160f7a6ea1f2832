import { Injectable, computed, signal } from '@angular/core';
import { isFinished } from '../shared/run-status';
import type { RunSummary, RunsPage } from '../runs.graphql';
import { NO_FILTER, isFiltered, type RunsFilter } from './runs-filter';

export type RunsListView = 'loading' | 'error' | 'empty' | 'no-match' | 'list';

export interface FlowOption {
  id: string;
  name: string;
}

/**
 * What the runs page shows: the filter, the rows loaded so far, the flows' names and the loading
 * state. Read-only from outside; `RunsListController` changes it through the methods below.
 */
@Injectable()
export class RunsListState {
  private readonly _filter = signal<RunsFilter>(NO_FILTER);
  private readonly _runs = signal<readonly RunSummary[]>([]);
  private readonly _nextCursor = signal<string | null>(null);
  private readonly _loading = signal(true);
  private readonly _loadingMore = signal(false);
  private readonly _error = signal<string | null>(null);
  private readonly _moreError = signal<string | null>(null);
  private readonly _flows = signal<readonly FlowOption[]>([]);
  /** Flow id → name; null: the flow could not be read (deleted, or no access). */
  private readonly _names = signal<ReadonlyMap<string, string | null>>(new Map());

  readonly filter = this._filter.asReadonly();
  readonly runs = this._runs.asReadonly();
  readonly nextCursor = this._nextCursor.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly loadingMore = this._loadingMore.asReadonly();
  readonly error = this._error.asReadonly();
  readonly moreError = this._moreError.asReadonly();
  readonly flows = this._flows.asReadonly();
  readonly names = this._names.asReadonly();

  readonly filtered = computed(() => isFiltered(this._filter()));
  /** Some run on screen can still change: the page keeps it fresh while this holds. */
  readonly hasUnfinished = computed(() => this._runs().some((run) => !isFinished(run.status)));
  readonly view = computed<RunsListView>(() => {
    if (this._error() !== null) return 'error';
    if (this._loading() && this._runs().length === 0) return 'loading';
    if (this._runs().length > 0) return 'list';
    return this.filtered() ? 'no-match' : 'empty';
  });

  /** A new tenant: nothing of the previous one may linger. */
  reset(): void {
    this._filter.set(NO_FILTER);
    this._runs.set([]);
    this._nextCursor.set(null);
    this._error.set(null);
    this._moreError.set(null);
    this._flows.set([]);
    this._names.set(new Map());
  }

  setFilter(filter: RunsFilter): void {
    this._filter.set(filter);
  }

  begin(append: boolean): void {
    if (append) {
      this._loadingMore.set(true);
      this._moreError.set(null);
    } else {
      this._loading.set(true);
      this._loadingMore.set(false);
      this._error.set(null);
      this._moreError.set(null);
    }
  }

  received(page: RunsPage, append: boolean): void {
    this._runs.update((runs) => (append ? [...runs, ...page.data] : page.data));
    this._nextCursor.set(page.nextCursor);
    (append ? this._loadingMore : this._loading).set(false);
  }

  /** A background refresh of the rows already shown: same rows, fresher statuses, no spinner. */
  refreshed(page: RunsPage): void {
    this._runs.set(page.data);
    this._nextCursor.set(page.nextCursor);
  }

  failed(message: string, append: boolean): void {
    if (append) this._moreError.set(message);
    else {
      this._error.set(message);
      this._runs.set([]);
      this._nextCursor.set(null);
    }
    (append ? this._loadingMore : this._loading).set(false);
  }

  setFlows(flows: readonly FlowOption[]): void {
    this._flows.set(flows);
    this.nameFlows(flows.map((flow) => [flow.id, flow.name]));
  }

  nameFlows(entries: Iterable<readonly [string, string | null]>): void {
    this._names.update((names) => new Map([...names, ...entries]));
  }
}
