import { Injectable, signal } from '@angular/core';
import { BusyIds } from '../../../shared/busy-ids';
import { PagedList } from '../shared/paged-list';
import type { CreatedInvitation, Invitation, Member } from './members.graphql';

/** What the members tab shows: members, pending invitations and the state of each action. */
@Injectable()
export class MembersState {
  readonly members = new PagedList<Member>();
  readonly invitations = new PagedList<Invitation>();
  /** Ids (user ids, invitation ids) with a change in flight. */
  readonly busy = new BusyIds();
  /** Why the last change to a member or invitation failed. */
  readonly actionError = signal<string | null>(null);
  readonly inviting = signal(false);
  readonly inviteError = signal<string | null>(null);
  /** The invitation just created, with its one-time token; cleared when dismissed. */
  readonly created = signal<CreatedInvitation | null>(null);

  reset(): void {
    this.members.reset();
    this.invitations.reset();
    this.busy.clear();
    this.actionError.set(null);
    this.inviteError.set(null);
    this.created.set(null);
  }
}
