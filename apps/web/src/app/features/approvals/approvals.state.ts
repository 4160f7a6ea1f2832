import { Injectable, signal } from '@angular/core';
import { BusyIds } from '../../shared/busy-ids';
import { PagedList } from '../admin/shared/paged-list';
import type { Approval } from './approvals.graphql';

/** Which approvals the inbox shows: waiting on me, everything pending, or every approval. */
export type InboxView = 'mine' | 'pending' | 'all';

/**
 * What the approvals inbox shows. Signals are read-only outside; `ApprovalsController` changes
 * them. Errors are per approval, so a refused decision stays next to the card it belongs to.
 */
@Injectable()
export class ApprovalsState {
  readonly approvals = new PagedList<Approval>();
  private readonly viewSignal = signal<InboxView>('mine');
  private readonly errorsSignal = signal<ReadonlyMap<string, string>>(new Map());
  private readonly noticeSignal = signal<string | null>(null);

  readonly view = this.viewSignal.asReadonly();
  /** Approvals with a decision in flight. */
  readonly deciding = new BusyIds();
  readonly errors = this.errorsSignal.asReadonly();
  /** A short confirmation of the last decision. */
  readonly notice = this.noticeSignal.asReadonly();

  reset(view: InboxView = this.viewSignal()): void {
    this.viewSignal.set(view);
    this.approvals.reset();
    this.deciding.clear();
    this.errorsSignal.set(new Map());
    this.noticeSignal.set(null);
  }

  setError(id: string, message: string | null): void {
    this.errorsSignal.update((errors) => {
      const next = new Map(errors);
      if (message === null) next.delete(id);
      else next.set(id, message);
      return next;
    });
  }

  setNotice(message: string | null): void {
    this.noticeSignal.set(message);
  }
}
