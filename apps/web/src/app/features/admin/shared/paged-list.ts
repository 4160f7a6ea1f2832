import { DestroyRef, computed, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, switchMap, tap, type Observable } from 'rxjs';
import { messageForHttpError } from '../../../core/errors/http-error-message';

/** A page of a cursor-paginated list, `{ data, nextCursor }`, as every `/v1` list answers. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type ListView = 'loading' | 'error' | 'empty' | 'list';

/** One cursor-paginated list as signals: rows loaded so far, the next cursor, loading and errors. */
export class PagedList<T extends { id: string }> {
  readonly items = signal<readonly T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  /** The first page is on its way. */
  readonly loading = signal(true);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  readonly moreError = signal<string | null>(null);

  readonly view = computed<ListView>(() => {
    if (this.error() !== null) return 'error';
    if (this.loading() && this.items().length === 0) return 'loading';
    return this.items().length > 0 ? 'list' : 'empty';
  });

  reset(): void {
    this.items.set([]);
    this.nextCursor.set(null);
    this.error.set(null);
    this.moreError.set(null);
  }

  begin(append: boolean): void {
    (append ? this.loadingMore : this.loading).set(true);
    this.moreError.set(null);
    if (!append) this.error.set(null);
  }

  received(page: Page<T>, append: boolean): void {
    this.items.update((items) => (append ? [...items, ...page.data] : page.data));
    this.nextCursor.set(page.nextCursor);
    (append ? this.loadingMore : this.loading).set(false);
  }

  failed(message: string, append: boolean): void {
    if (append) this.moreError.set(message);
    else {
      this.error.set(message);
      this.items.set([]);
      this.nextCursor.set(null);
    }
    (append ? this.loadingMore : this.loading).set(false);
  }

  prepend(item: T): void {
    this.items.update((items) => [item, ...items.filter((existing) => existing.id !== item.id)]);
  }

  replace(item: T): void {
    this.items.update((items) => items.map((existing) => (existing.id === item.id ? item : existing)));
  }

  remove(id: string): void {
    this.items.update((items) => items.filter((existing) => existing.id !== id));
  }
}

/**
 * Loads pages into a `PagedList`, one request at a time: a reload cancels the request in flight,
 * so an older answer never overwrites a newer one. Call from an injection context.
 */
export class PageLoader<T extends { id: string }> {
  private readonly loads = new Subject<boolean>();

  constructor(
    private readonly list: PagedList<T>,
    fetch: (cursor: string | undefined) => Observable<Page<T>>,
    destroyRef: DestroyRef,
  ) {
    this.loads
      .pipe(
        switchMap((append) => {
          const cursor = append ? (list.nextCursor() ?? undefined) : undefined;
          list.begin(append);
          return fetch(cursor).pipe(
            tap((page) => list.received(page, append)),
            catchError((error: unknown) => {
              list.failed(messageForHttpError(error), append);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe();
  }

  reload(): void {
    this.loads.next(false);
  }

  loadMore(): void {
    const list = this.list;
    if (list.nextCursor() === null || list.loading() || list.loadingMore()) return;
    this.loads.next(true);
  }
}

/** `HttpParams`-ready query: drops undefined and empty values. */
export const queryParams = (query: object): Record<string, string> =>
  Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );
