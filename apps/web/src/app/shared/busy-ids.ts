import { computed, signal } from '@angular/core';
import { defer, finalize, type Observable } from 'rxjs';

/**
 * Which rows (members, keys, triggers, approvals…) have an action in flight, so their buttons are
 * disabled and a second press does not send the request twice. Reads are signals (`has`, `any`), so
 * templates and computeds update; only `track` (or `start`/`end`) change it.
 */
export class BusyIds {
  private readonly ids = signal<ReadonlySet<string>>(new Set());

  /** Some row has an action in flight. */
  readonly any = computed(() => this.ids().size > 0);

  has(id: string): boolean {
    return this.ids().has(id);
  }

  /** Marks `id` busy; false when it already was (the caller should not act again). */
  start(id: string): boolean {
    if (this.ids().has(id)) return false;
    this.ids.update((ids) => new Set(ids).add(id));
    return true;
  }

  end(id: string): void {
    if (!this.ids().has(id)) return;
    this.ids.update((ids) => {
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  }

  /** `work` with `id` busy from its subscription until it completes, fails or is unsubscribed. */
  track<T>(id: string, work: Observable<T>): Observable<T> {
    return defer(() => {
      this.start(id);
      return work.pipe(finalize(() => this.end(id)));
    });
  }

  /** Nothing in flight any more (a new tenant, a reset screen). */
  clear(): void {
    this.ids.set(new Set());
  }
}
