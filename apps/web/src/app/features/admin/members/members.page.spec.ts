import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../testing/admin-test-bed';
import type { Invitation, Member } from './members.graphql';
import { MembersPage } from './members.page';

const member = (email: string, overrides: Partial<Member> = {}): Member => ({
  id: `m-${email}`,
  userId: `u-${email}`,
  email,
  name: email.split('@')[0] ?? email,
  role: 'editor',
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});
const OWNER = member('demo@stepline.local', { userId: 'user-1', name: 'Demo User', role: 'owner' });
const ADA = member('ada@example.com');
const invitation = (email: string): Invitation => ({
  id: `i-${email}`,
  email,
  role: 'viewer',
  invitedBy: 'user-1',
  expiresAt: '2026-02-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
});

describe('MembersPage', () => {
  let page: PageHarness<MembersPage>;

  afterEach(() => page.http.verify());

  const membersRequest = (): TestRequest => expectOperation(page.http, 'Members');
  const invitationsRequest = (): TestRequest => expectOperation(page.http, 'Invitations');
  const members = (data: Member[], nextCursor: string | null = null) => ({ members: { data, nextCursor } });
  const invitations = (data: Invitation[]) => ({ invitations: { data, nextCursor: null } });
  const open = async (
    role: 'owner' | 'admin' = 'owner',
    members: Member[] = [OWNER, ADA],
    invitations: Invitation[] = [],
  ) => {
    page = await openAdminPage(MembersPage, role);
    expect(page.byTestId('members-loading')?.textContent).toContain('Loading members');
    const request = membersRequest();
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(variablesOf(request)['limit']).toBe(50);
    answerData(request, { members: { data: members, nextCursor: null } });
    answerData(invitationsRequest(), { invitations: { data: invitations, nextCursor: null } });
    await page.settle();
  };
  const row = (email: string) => page.root.querySelector<HTMLElement>(`[data-email="${email}"]`)!;
  const roleSelect = (email: string) => row(email).querySelector<HTMLSelectElement>('select')!;
  const options = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent?.trim());

  it('lists members with their roles, marks the signed-in user and says when no invitation waits', async () => {
    await open();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local', 'ada@example.com']);
    expect(row(OWNER.email).textContent).toContain('You');
    expect(roleSelect(OWNER.email).value).toBe('owner');
    expect(roleSelect(OWNER.email).selectedOptions[0]?.textContent?.trim()).toBe('Owner');
    expect(options(roleSelect(ADA.email))).toEqual(['Owner', 'Admin', 'Editor', 'Operator', 'Viewer']);
    expect(page.byTestId('invitations-empty')).not.toBeNull();
  });

  it('keeps the owner role out of an admin’s reach', async () => {
    await open('admin');
    expect(roleSelect(OWNER.email).disabled).toBe(true);
    expect(row(OWNER.email).querySelector('sl-confirm-button')).toBeNull();
    expect(roleSelect(ADA.email).disabled).toBe(false);
    expect(options(roleSelect(ADA.email))).toEqual(['Admin', 'Editor', 'Operator', 'Viewer']);
    const inviteRoles = page.byTestId<HTMLSelectElement>('invite-role')!;
    expect(options(inviteRoles)).not.toContain('Owner');
  });

  it('changes a role and shows the answer', async () => {
    await open();
    fill(roleSelect(ADA.email), 'admin');
    await page.settle();
    const request = expectOperation(page.http, 'ChangeMemberRole');
    expect(variablesOf(request)).toEqual({ userId: 'u-ada@example.com', role: 'admin' });
    expect(roleSelect(ADA.email).disabled).toBe(true);
    answerData(request, { changeMemberRole: { ...ADA, role: 'admin' } });
    await page.settle();
    expect(roleSelect(ADA.email).value).toBe('admin');
    expect(roleSelect(ADA.email).disabled).toBe(false);
  });

  it('explains the last-owner refusal and puts the picker back', async () => {
    await open();
    fill(roleSelect(OWNER.email), 'admin');
    answerProblem(expectOperation(page.http, 'ChangeMemberRole'), 409, 'member.last_owner');
    await page.settle();
    expect(page.byTestId('members-action-error')?.textContent).toContain(
      'A workspace needs at least one owner. Make another member an owner first',
    );
    expect(roleSelect(OWNER.email).value).toBe('owner');
  });

  it('removes a member only after confirming', async () => {
    await open();
    await page.clickButton('Remove', row(ADA.email));
    expect(row(ADA.email).textContent).toContain('Remove ada@example.com?');
    expectNoOperation(page.http, 'RemoveMember');

    await page.clickButton('Cancel', row(ADA.email));
    await page.clickButton('Remove', row(ADA.email));
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'RemoveMember');
    expect(variablesOf(request)).toEqual({ userId: 'u-ada@example.com' });
    answerData(request, { removeMember: true });
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local']);
  });

  it('invites by email and role, shows the token once and lists the invitation', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('invite-email')!, ' someone@example.com ');
    fill(page.byTestId<HTMLSelectElement>('invite-role')!, 'operator');
    page.byTestId('invite-submit')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'InviteMember');
    expect(variablesOf(request)).toEqual({ input: { email: 'someone@example.com', role: 'operator' } });
    answerData(request, {
      inviteMember: { ...invitation('someone@example.com'), role: 'operator', token: 'inv-token-123' },
    });
    await page.settle();

    const panel = page.byTestId('invitation-token')!;
    expect(panel.textContent).toContain('shown only once');
    expect(panel.querySelector<HTMLInputElement>('input')!.value).toBe(
      `${location.origin}/accept-invitation?token=inv-token-123`,
    );
    expect(panel.textContent).not.toContain('no accept page');
    expect(page.root.querySelector('[data-testid="invitation-row"]')?.textContent).toContain(
      'someone@example.com',
    );
    expect(page.byTestId<HTMLInputElement>('invite-email')!.value).toBe('');

    await page.clickButton('Done', panel);
    expect(page.byTestId('invitation-token')).toBeNull();
    expect(page.root.textContent).not.toContain('inv-token-123');
  });

  it('does not send an invitation without a valid email', async () => {
    await open();
    page.byTestId('invite-submit')!.click();
    await page.settle();
    expectNoOperation(page.http, 'InviteMember');
    expect(page.root.textContent).toContain('Enter an email address.');
  });

  it('says when the plan allows no more invitations', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('invite-email')!, 'someone@example.com');
    page.byTestId('invite-submit')!.click();
    answerProblem(expectOperation(page.http, 'InviteMember'), 429, 'quota.exceeded');
    await page.settle();
    expect(page.byTestId('invite-error')?.textContent).toContain('reached a limit of its plan');
    expect(page.byTestId('invitation-token')).toBeNull();
  });

  it('revokes a pending invitation after confirming', async () => {
    await open('owner', [OWNER], [invitation('bo@example.com')]);
    const invitationRow = page.root.querySelector<HTMLElement>('[data-testid="invitation-row"]')!;
    await page.clickButton('Revoke', invitationRow);
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'RevokeInvitation');
    expect(variablesOf(request)).toEqual({ id: 'i-bo@example.com' });
    answerData(request, { revokeInvitation: true });
    await page.settle();
    expect(page.byTestId('invitations-empty')).not.toBeNull();
  });

  it('shows the problem when the members cannot be loaded and retries', async () => {
    page = await openAdminPage(MembersPage);
    answerData(invitationsRequest(), invitations([]));
    answerProblem(membersRequest(), 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('members-error')?.textContent).toContain('You do not have permission to do that.');
    await page.clickButton('Try again', page.byTestId('members-error')!);
    answerData(membersRequest(), members([OWNER], 'next'));
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local']);

    await page.clickButton('Load more members');
    const more = membersRequest();
    expect(variablesOf(more)['cursor']).toBe('next');
    answerData(more, members([ADA]));
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local', 'ada@example.com']);
  });
});
