import { DestroyRef, Injectable, inject } from '@angular/core';
import type { Role } from '@stepline/domain';
import { finalize, map, type Observable } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { PageLoader } from '../shared/paged-list';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import {
  ChangeMemberRoleDocument,
  InvitationsDocument,
  InviteMemberDocument,
  MEMBERS_PAGE_SIZE,
  MembersDocument,
  RemoveMemberDocument,
  RevokeInvitationDocument,
  type CreatedInvitation,
  type Invitation,
  type Member,
} from './members.graphql';
import { MembersState } from './members.state';

/** The screen can say more than the generic message about these. */
const WORDING = {
  'member.last_owner':
    'A workspace needs at least one owner. Make another member an owner first, then change or remove this one.',
  'permission.denied': 'Only an owner can grant, change or remove the owner role.',
} as const;

/** Members tab use cases: load, change a role, remove, invite, revoke an invitation. */
@Injectable()
export class MembersController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(MembersState);
  private readonly destroyRef = inject(DestroyRef);
  private readonly members = new PageLoader(
    this.state.members,
    (cursor) =>
      this.graphql
        .request(MembersDocument, { limit: MEMBERS_PAGE_SIZE, cursor })
        .pipe(map(({ members }) => members)),
    this.destroyRef,
  );
  private readonly invitations = new PageLoader(
    this.state.invitations,
    (cursor) =>
      this.graphql
        .request(InvitationsDocument, { limit: MEMBERS_PAGE_SIZE, cursor })
        .pipe(map(({ invitations }) => invitations)),
    this.destroyRef,
  );
  private tenantId: string | null | undefined;

  /** Starts over for a tenant; the same tenant again (a token refresh) changes nothing. */
  openTenant(tenantId: string | null, withInvitations: boolean): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.members.reload();
    if (withInvitations) this.invitations.reload();
  }

  reloadMembers(): void {
    this.members.reload();
  }

  loadMoreMembers(): void {
    this.members.loadMore();
  }

  reloadInvitations(): void {
    this.invitations.reload();
  }

  loadMoreInvitations(): void {
    this.invitations.loadMore();
  }

  /** Resolves false when the API refused, so the picker can go back to the member's role. */
  changeRole(member: Member, role: Role): Promise<boolean> {
    if (role === member.role) return Promise.resolve(true);
    const request = this.graphql.request(ChangeMemberRoleDocument, { userId: member.userId, role });
    return this.run(member.userId, request, ({ changeMemberRole }) =>
      this.state.members.replace(changeMemberRole),
    );
  }

  remove(member: Member): Promise<boolean> {
    const request = this.graphql.request(RemoveMemberDocument, { userId: member.userId });
    return this.run(member.userId, request, () => this.state.members.remove(member.id));
  }

  revokeInvitation(invitation: Invitation): Promise<boolean> {
    const request = this.graphql.request(RevokeInvitationDocument, { id: invitation.id });
    return this.run(invitation.id, request, () => this.state.invitations.remove(invitation.id));
  }

  invite(email: string, role: Role): Promise<boolean> {
    if (this.state.inviting()) return Promise.resolve(false);
    this.state.inviting.set(true);
    this.state.inviteError.set(null);
    this.state.created.set(null);
    return new Promise((resolve) => {
      this.graphql
        .request(InviteMemberDocument, { input: { email, role } })
        .pipe(
          map(({ inviteMember }) => inviteMember),
          finalize(() => this.state.inviting.set(false)),
        )
        .subscribe({
          next: (created) => {
            this.state.created.set(created);
            this.state.invitations.prepend(withoutToken(created));
            resolve(true);
          },
          error: (error: unknown) => {
            this.state.inviteError.set(detailedMessageForHttpError(error, WORDING));
            resolve(false);
          },
        });
    });
  }

  dismissCreated(): void {
    this.state.created.set(null);
  }

  private run<T>(id: string, request: Observable<T>, done: (value: T) => void): Promise<boolean> {
    this.state.actionError.set(null);
    return new Promise((resolve) => {
      this.state.busy.track(id, request).subscribe({
        next: (value) => done(value),
        complete: () => resolve(true),
        error: (error: unknown) => {
          this.state.actionError.set(detailedMessageForHttpError(error, WORDING));
          resolve(false);
        },
      });
    });
  }
}

/** The list row of a new invitation: the token stays in its panel only. */
const withoutToken = (created: CreatedInvitation): Invitation => ({
  id: created.id,
  email: created.email,
  role: created.role,
  invitedBy: created.invitedBy,
  expiresAt: created.expiresAt,
  createdAt: created.createdAt,
});
