import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fill, openAdminPage, problem, type PageHarness } from '../testing/admin-test-bed';
import type { Invitation, Member } from './members.api';
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

  const membersRequest = (): TestRequest => page.http.expectOne((r) => r.url === '/v1/members');
  const invitationsRequest = (): TestRequest => page.http.expectOne((r) => r.url === '/v1/invitations');
  const open = async (
    role: 'owner' | 'admin' = 'owner',
    members: Member[] = [OWNER, ADA],
    invitations: Invitation[] = [],
  ) => {
    page = await openAdminPage(MembersPage, role);
    expect(page.byTestId('members-loading')?.textContent).toContain('Loading members');
    const request = membersRequest();
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(request.request.params.get('limit')).toBe('50');
    request.flush({ data: members, nextCursor: null });
    invitationsRequest().flush({ data: invitations, nextCursor: null });
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

  it('changes a role with PATCH and shows the answer', async () => {
    await open();
    fill(roleSelect(ADA.email), 'admin');
    await page.settle();
    const request = page.http.expectOne('/v1/members/u-ada%40example.com');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ role: 'admin' });
    expect(roleSelect(ADA.email).disabled).toBe(true);
    request.flush({ ...ADA, role: 'admin' });
    await page.settle();
    expect(roleSelect(ADA.email).value).toBe('admin');
    expect(roleSelect(ADA.email).disabled).toBe(false);
  });

  it('explains the last-owner refusal and puts the picker back', async () => {
    await open();
    fill(roleSelect(OWNER.email), 'admin');
    const { body, options: status } = problem(409, 'member.last_owner');
    page.http.expectOne('/v1/members/user-1').flush(body, status);
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
    page.http.expectNone('/v1/members/u-ada%40example.com');

    await page.clickButton('Cancel', row(ADA.email));
    await page.clickButton('Remove', row(ADA.email));
    page.byTestId('confirm-yes')!.click();
    const request = page.http.expectOne('/v1/members/u-ada%40example.com');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local']);
  });

  it('invites by email and role, shows the token once and lists the invitation', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('invite-email')!, ' someone@example.com ');
    fill(page.byTestId<HTMLSelectElement>('invite-role')!, 'operator');
    page.byTestId('invite-submit')!.click();
    await page.settle();
    const request = page.http.expectOne('/v1/invitations');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: 'someone@example.com', role: 'operator' });
    request.flush({ ...invitation('someone@example.com'), role: 'operator', token: 'inv-token-123' });
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
    page.http.expectNone('/v1/invitations');
    expect(page.root.textContent).toContain('Enter an email address.');
  });

  it('says when the plan allows no more invitations', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('invite-email')!, 'someone@example.com');
    page.byTestId('invite-submit')!.click();
    const { body, options } = problem(429, 'quota.exceeded');
    page.http.expectOne('/v1/invitations').flush(body, options);
    await page.settle();
    expect(page.byTestId('invite-error')?.textContent).toContain('reached a limit of its plan');
    expect(page.byTestId('invitation-token')).toBeNull();
  });

  it('revokes a pending invitation after confirming', async () => {
    await open('owner', [OWNER], [invitation('bo@example.com')]);
    const invitationRow = page.root.querySelector<HTMLElement>('[data-testid="invitation-row"]')!;
    await page.clickButton('Revoke', invitationRow);
    page.byTestId('confirm-yes')!.click();
    const request = page.http.expectOne('/v1/invitations/i-bo%40example.com');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await page.settle();
    expect(page.byTestId('invitations-empty')).not.toBeNull();
  });

  it('shows the problem when the members cannot be loaded and retries', async () => {
    page = await openAdminPage(MembersPage);
    invitationsRequest().flush({ data: [], nextCursor: null });
    const { body, options } = problem(403, 'permission.denied');
    membersRequest().flush(body, options);
    await page.settle();
    expect(page.byTestId('members-error')?.textContent).toContain('You do not have permission to do that.');
    await page.clickButton('Try again', page.byTestId('members-error')!);
    membersRequest().flush({ data: [OWNER], nextCursor: 'next' });
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local']);

    await page.clickButton('Load more members');
    const more = membersRequest();
    expect(more.request.params.get('cursor')).toBe('next');
    more.flush({ data: [ADA], nextCursor: null });
    await page.settle();
    expect(page.texts('member-email')).toEqual(['demo@stepline.local', 'ada@example.com']);
  });
});
