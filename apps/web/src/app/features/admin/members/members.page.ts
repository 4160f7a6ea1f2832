import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  untracked,
  viewChild,
} from '@angular/core';
import type { Role } from '@stepline/domain';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { ConfirmButtonComponent } from '../shared/confirm-button.component';
import { ROLE_LABELS, grantableRoles } from '../shared/roles';
import { SecretPanelComponent } from '../shared/secret-panel.component';
import type { Invitation, Member } from './members.graphql';
import { InviteFormComponent, type InviteRequest } from './invite-form.component';
import { MembersController } from './members.controller';
import { MembersState } from './members.state';

/** Members of the workspace with their roles, the invite form and pending invitations. */
@Component({
  selector: 'sl-members-page',
  imports: [ConfirmButtonComponent, InviteFormComponent, SecretPanelComponent],
  providers: [MembersState, MembersController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './members.page.html',
})
export class MembersPage {
  protected readonly state = inject(MembersState);
  protected readonly controller = inject(MembersController);
  private readonly store = inject(AuthStore);
  private readonly origin = inject(DOCUMENT).location.origin;

  protected readonly labels = ROLE_LABELS;
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  protected readonly currentUserId = computed(() => this.store.user()?.id ?? null);
  protected readonly mayGrantOwner = computed(() => this.store.can('transfer', 'Tenant'));
  protected readonly roles = computed(() => grantableRoles(this.mayGrantOwner()));
  protected readonly mayUpdate = computed(() => this.store.can('update', 'Member'));
  protected readonly mayRemove = computed(() => this.store.can('delete', 'Member'));
  protected readonly mayInvite = computed(() => this.store.can('create', 'Invitation'));
  protected readonly mayReadInvitations = computed(() => this.store.can('read', 'Invitation'));
  protected readonly mayRevokeInvitations = computed(() => this.store.can('delete', 'Invitation'));
  private readonly inviteForm = viewChild(InviteFormComponent);

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      const withInvitations = this.mayReadInvitations();
      untracked(() => this.controller.openTenant(tenantId, withInvitations));
    });
  }

  /** The editor's accept page for an invitation token: what the invitee opens. */
  protected acceptLink(token: string): string {
    return `${this.origin}/accept-invitation?token=${encodeURIComponent(token)}`;
  }

  /** Owners' roles are out of an admin's reach; the API refuses it anyway. */
  protected mayTouch(member: Member): boolean {
    return member.role !== 'owner' || this.mayGrantOwner();
  }

  /** The picker lists the member's own role even when this user could not grant it. */
  protected rolesFor(member: Member): readonly Role[] {
    const roles = this.roles();
    return roles.includes(member.role) ? roles : [member.role, ...roles];
  }

  protected async onRole(member: Member, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const ok = await this.controller.changeRole(member, select.value as Role);
    if (!ok) select.value = member.role;
  }

  protected async onInvite(request: InviteRequest): Promise<void> {
    if (await this.controller.invite(request.email, request.role)) this.inviteForm()?.reset();
  }

  protected onRevoke(invitation: Invitation): void {
    void this.controller.revokeInvitation(invitation);
  }

  protected onRemove(member: Member): void {
    void this.controller.remove(member);
  }
}
