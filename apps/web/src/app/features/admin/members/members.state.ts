import { Injectable, signal } from '@angular/core';
import { PagedList } from '../shared/paged-list';
import type { CreatedInvitation, Invitation, Member } from './members.graphql';

/** What the members tab shows: members, pending invitations and the state of each action. */
@Injectable()
export class MembersState {
  readonly members = new PagedList<Member>();
  readonly invitations = new PagedList<Invitation>();
  /** Ids (user ids, invitation ids) with a change in flight. */
  readonly busy = signal<ReadonlySet<string>>(new Set());
  /** Why the last change to a member or invitation failed. */
  readonly actionError = signal<string | null>(null);
  readonly inviting = signal(false);
  readonly inviteError = signal<string | null>(null);
  /** The invitation just created, with its one-time token; cleared when dismissed. */
  readonly created = signal<CreatedInvitation | null>(null);

  reset(): void {
    this.members.reset();
    this.invitations.reset();
    this.busy.set(new Set());
    this.actionError.set(null);
    this.inviteError.set(null);
    this.created.set(null);
  }

  isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  setBusy(id: string, busy: boolean): void {
    this.busy.update((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
