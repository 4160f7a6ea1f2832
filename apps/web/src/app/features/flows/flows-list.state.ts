import { Injectable, computed, signal } from '@angular/core';
import { BusyIds } from '../../shared/busy-ids';
import type { FlowPage, FlowSummary } from './flows.graphql';

export type FlowsListView = 'loading' | 'error' | 'empty' | 'no-match' | 'list';

/** What the flows list shows: the filters, the rows loaded so far and the loading state. */
@Injectable()
export class FlowsListState {
  readonly q = signal('');
  readonly tag = signal<string | null>(null);
  readonly flows = signal<readonly FlowSummary[]>([]);
  readonly nextCursor = signal<string | null>(null);
  /** Every tag seen in this tenant so far, so filtering by one tag keeps the others on offer. */
  readonly knownTags = signal<readonly string[]>([]);
  /** The first page (for the current filters) is on its way. */
  readonly loading = signal(true);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  readonly moreError = signal<string | null>(null);
  /** A flow is being created / archived, and what went wrong last time. */
  readonly creating = signal(false);
  readonly archiving = new BusyIds();
  readonly actionError = signal<string | null>(null);

  readonly filtered = computed(() => this.q().trim() !== '' || this.tag() !== null);
  readonly view = computed<FlowsListView>(() => {
    if (this.error() !== null) return 'error';
    if (this.loading() && this.flows().length === 0) return 'loading';
    if (this.flows().length > 0) return 'list';
    return this.filtered() ? 'no-match' : 'empty';
  });

  /** A new tenant: nothing of the previous one may linger. */
  reset(): void {
    this.tag.set(null);
    this.flows.set([]);
    this.nextCursor.set(null);
    this.knownTags.set([]);
  }

  removed(id: string): void {
    this.flows.update((flows) => flows.filter((flow) => flow.id !== id));
  }

  begin(append: boolean): void {
    if (append) {
      this.loadingMore.set(true);
      this.moreError.set(null);
    } else {
      this.loading.set(true);
      this.loadingMore.set(false);
      this.error.set(null);
      this.moreError.set(null);
    }
  }

  received(page: FlowPage, append: boolean): void {
    this.flows.update((flows) => (append ? [...flows, ...page.data] : page.data));
    this.nextCursor.set(page.nextCursor);
    const tags = new Set([...this.knownTags(), ...page.data.flatMap((flow) => flow.tags)]);
    this.knownTags.set([...tags].sort((a, b) => a.localeCompare(b)));
    this.settle(append);
  }

  failed(message: string, append: boolean): void {
    if (append) this.moreError.set(message);
    else {
      this.error.set(message);
      this.flows.set([]);
      this.nextCursor.set(null);
    }
    this.settle(append);
  }

  private settle(append: boolean): void {
    (append ? this.loadingMore : this.loading).set(false);
  }
}
