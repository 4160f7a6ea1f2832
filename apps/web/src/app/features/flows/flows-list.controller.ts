import { Injectable, InjectionToken, inject } from '@angular/core';
import { Router } from '@angular/router';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, firstValueFrom, of, switchMap, tap, timer } from 'rxjs';
import { detailedMessageForHttpError, messageForHttpError } from '../../core/errors/http-error-message';
import { GraphqlClient } from '../../core/graphql/graphql.client';
import {
  ArchiveFlowDocument,
  CreateFlowDocument,
  FlowsListDocument,
  type FlowSummary,
} from './flows.graphql';
import { FlowsListState } from './flows-list.state';

/** How long typing pauses before the search goes to the API. */
export const FLOW_SEARCH_DEBOUNCE_MS = new InjectionToken<number>('FLOW_SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});
export const FLOWS_PAGE_SIZE = 25;

interface Load {
  append: boolean;
  delayMs: number;
}

/**
 * Loads the flows list into `FlowsListState`. One request at a time: a newer search, filter or
 * reload cancels the one in flight, so an older answer can never overwrite a newer one.
 */
@Injectable()
export class FlowsListController {
  private readonly graphql = inject(GraphqlClient);
  private readonly router = inject(Router);
  private readonly state = inject(FlowsListState);
  private readonly debounceMs = inject(FLOW_SEARCH_DEBOUNCE_MS);
  private readonly loads = new Subject<Load>();
  private tenantId: string | null | undefined;

  constructor() {
    this.loads
      .pipe(
        switchMap(({ append, delayMs }) =>
          (delayMs > 0 ? timer(delayMs) : of(0)).pipe(switchMap(() => this.fetch(append))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  /**
   * Starts over for a tenant. The same tenant again (a token refresh stores a new but equal
   * session) changes nothing.
   */
  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.reload();
  }

  /** The first page again, e.g. after an error. */
  reload(): void {
    this.loads.next({ append: false, delayMs: 0 });
  }

  search(q: string): void {
    if (q === this.state.q()) return;
    this.state.q.set(q);
    // Busy from the first keystroke, so "Load more" cannot cancel the pending search.
    this.state.loading.set(true);
    this.loads.next({ append: false, delayMs: this.debounceMs });
  }

  filterByTag(tag: string | null): void {
    if (tag === this.state.tag()) return;
    this.state.tag.set(tag);
    this.reload();
  }

  clearFilters(): void {
    this.state.q.set('');
    this.state.tag.set(null);
    this.reload();
  }

  /** Creates a flow with an empty draft and opens it in the editor. */
  async create(name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed || this.state.creating()) return false;
    this.state.creating.set(true);
    this.state.actionError.set(null);
    try {
      const { createFlow } = await firstValueFrom(
        this.graphql.request(CreateFlowDocument, { input: { name: trimmed } }),
      );
      await this.router.navigate(['/flows', createFlow.id]);
      return true;
    } catch (error) {
      this.state.actionError.set(detailedMessageForHttpError(error));
      return false;
    } finally {
      this.state.creating.set(false);
    }
  }

  /** Archives a flow (it becomes read-only and leaves the active list). */
  archive(flow: FlowSummary): void {
    this.state.actionError.set(null);
    this.state.archiving
      .track(flow.id, this.graphql.request(ArchiveFlowDocument, { id: flow.id }))
      .subscribe({
        next: () => this.state.removed(flow.id),
        error: (error: unknown) => this.state.actionError.set(detailedMessageForHttpError(error)),
      });
  }

  loadMore(): void {
    if (this.state.nextCursor() === null || this.state.loadingMore() || this.state.loading()) return;
    this.loads.next({ append: true, delayMs: 0 });
  }

  private fetch(append: boolean) {
    const variables = {
      filter: { q: this.state.q().trim() || undefined, tag: this.state.tag() ?? undefined },
      limit: FLOWS_PAGE_SIZE,
      cursor: append ? this.state.nextCursor() : null,
    };
    this.state.begin(append);
    return this.graphql.request(FlowsListDocument, variables).pipe(
      tap(({ flows }) => this.state.received(flows, append)),
      catchError((error: unknown) => {
        this.state.failed(messageForHttpError(error), append);
        return EMPTY;
      }),
    );
  }
}
