import { Injectable, InjectionToken, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, filter, interval, mergeMap, switchMap, tap } from 'rxjs';
import { messageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { RUNS_PAGE_SIZE, RunFlowNameDocument, RunsListDocument, RunsOpenDocument } from '../runs.graphql';
import { toApiFilter, type RunsFilter } from './runs-filter';
import { RunsListState } from './runs-list.state';

/** How often the list refreshes while a run on screen is unfinished; 0 turns polling off (tests). */
export const RUNS_POLL_MS = new InjectionToken<number>('RUNS_POLL_MS', {
  providedIn: 'root',
  factory: () => 4000,
});

/** The API's largest page: a refresh re-reads every row on screen in one request up to this. */
const MAX_REFRESH_ROWS = 100;
/** Flows offered by the filter (the tenant's first 100 active ones); others are named on demand. */
const FLOW_OPTIONS_LIMIT = 100;

type Load = { kind: 'page'; append: boolean } | { kind: 'refresh' };

/**
 * Loads the runs list into `RunsListState`. One request at a time: a new filter or reload cancels
 * the one in flight; a background refresh never cancels a user's load and is skipped while one
 * runs. Names the runs' flows: the filter's flows (read with the first page), then, one by one, any other.
 */
@Injectable()
export class RunsListController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(RunsListState);
  private readonly loads = new Subject<Load>();
  private readonly unnamed = new Subject<string>();
  private readonly asked = new Set<string>();
  /** The filter's flows arrived (with the first page); other flows are looked up one by one. */
  private flowsLoaded = false;
  private tenantId: string | null | undefined;

  constructor() {
    this.loads
      .pipe(
        switchMap((load) => (load.kind === 'page' ? this.fetch(load.append) : this.refreshRows())),
        takeUntilDestroyed(),
      )
      .subscribe();
    // At most three name lookups at once; each flow is asked about once per tenant.
    this.unnamed
      .pipe(
        mergeMap((id) => this.fetchName(id), 3),
        takeUntilDestroyed(),
      )
      .subscribe();
    const pollMs = inject(RUNS_POLL_MS);
    if (pollMs > 0)
      interval(pollMs)
        .pipe(
          filter(() => this.state.hasUnfinished() && isVisible()),
          takeUntilDestroyed(),
        )
        .subscribe(() => this.refresh());
  }

  /** Starts over for a tenant; the same tenant again (a token refresh) changes nothing. */
  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.asked.clear();
    this.flowsLoaded = false;
    this.state.reset();
    this.reload();
  }

  reload(): void {
    this.loads.next({ kind: 'page', append: false });
  }

  applyFilter(filter: RunsFilter): void {
    this.state.setFilter(filter);
    this.reload();
  }

  loadMore(): void {
    if (this.state.nextCursor() === null || this.state.loadingMore() || this.state.loading()) return;
    this.loads.next({ kind: 'page', append: true });
  }

  /**
   * Re-reads the rows on screen (statuses, durations) without a spinner, e.g. when the window
   * regains focus. Skipped while a load is in flight or when more rows are shown than one
   * request can bring back.
   */
  refresh(): void {
    if (this.state.loading() || this.state.loadingMore() || this.state.error() !== null) return;
    if (this.state.runs().length > MAX_REFRESH_ROWS) return;
    this.loads.next({ kind: 'refresh' });
  }

  private fetch(append: boolean) {
    this.state.begin(append);
    const filter = toApiFilter(this.state.filter());
    // Until the filter's flows arrived (the tenant's first read, or a retry of it), they come along.
    if (!append && !this.flowsLoaded)
      return this.graphql
        .request(RunsOpenDocument, { filter, limit: RUNS_PAGE_SIZE, flowsLimit: FLOW_OPTIONS_LIMIT })
        .pipe(
          tap(({ runs, flows }) => {
            this.flowsLoaded = true;
            this.state.setFlows(flows.data);
            for (const flow of flows.data) this.asked.add(flow.id);
            this.state.received(runs, false);
            this.nameUnknownFlows();
          }),
          catchError((error: unknown) => {
            this.state.failed(messageForHttpError(error), false);
            return EMPTY;
          }),
        );
    const variables = { filter, limit: RUNS_PAGE_SIZE, cursor: append ? this.state.nextCursor() : null };
    return this.graphql.request(RunsListDocument, variables).pipe(
      tap(({ runs }) => {
        this.state.received(runs, append);
        this.nameUnknownFlows();
      }),
      catchError((error: unknown) => {
        this.state.failed(messageForHttpError(error), append);
        return EMPTY;
      }),
    );
  }

  private refreshRows() {
    const limit = Math.min(MAX_REFRESH_ROWS, Math.max(RUNS_PAGE_SIZE, this.state.runs().length));
    const variables = { filter: toApiFilter(this.state.filter()), limit, cursor: null };
    return this.graphql.request(RunsListDocument, variables).pipe(
      tap(({ runs }) => {
        this.state.refreshed(runs);
        this.nameUnknownFlows();
      }),
      // The rows on screen stay as they were; the next refresh or reload tries again.
      catchError(() => EMPTY),
    );
  }

  private nameUnknownFlows(): void {
    const names = this.state.names();
    for (const run of this.state.runs()) {
      if (names.has(run.flowId) || this.asked.has(run.flowId)) continue;
      this.asked.add(run.flowId);
      this.unnamed.next(run.flowId);
    }
  }

  private fetchName(id: string) {
    return this.graphql.request(RunFlowNameDocument, { id }).pipe(
      tap(({ flow }) => this.state.nameFlows([[id, flow.name]])),
      catchError(() => {
        this.state.nameFlows([[id, null]]);
        return EMPTY;
      }),
    );
  }
}

const isVisible = (): boolean => typeof document === 'undefined' || document.visibilityState !== 'hidden';
