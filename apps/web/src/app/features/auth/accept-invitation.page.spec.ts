import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore, SESSION_STORAGE_KEY } from '../../core/auth/auth.store';
import { sessionResponse, type MemoryStorage } from '../../core/auth/testing/auth-fixtures';
import { answerShell, configureAuthPageTestBed, openAuthPage, problem } from './testing/auth-page-harness';

const TOKEN = 'inv-token-0123456789';
const INVITING = { id: 'tenant-acme', slug: 'acme-1a2b3c', name: 'Acme' };
const invitedSession = () =>
  sessionResponse({
    accessToken: 'access-invited',
    tenant: INVITING,
    role: 'editor',
    user: { id: 'user-bo', email: 'bo@example.com', name: 'Bo' },
  });

describe('AcceptInvitationPage', () => {
  let http: HttpTestingController;
  let storage: MemoryStorage;

  beforeEach(() => ({ http, storage } = configureAuthPageTestBed()));
  afterEach(() => http.verify());

  const open = async (url = `/accept-invitation?token=${TOKEN}`) => {
    const page = await openAuthPage(url);
    const submit = async (values: { name?: string; password?: string; token?: string } = {}) => {
      if (values.token !== undefined) page.type('accept-token', values.token);
      page.type('accept-name', values.name ?? '');
      page.type('accept-password', values.password ?? 'long-enough-pw');
      page.byTestId<HTMLButtonElement>('accept-submit')!.click();
      await page.settle();
    };
    const fail = async (status: number, code: string, errors?: Parameters<typeof problem>[2]) => {
      const { body, options } = problem(status, code, errors);
      http.expectOne('/v1/invitations/accept').flush(body, options);
      await page.settle();
    };
    return { ...page, submit, fail };
  };

  it('accepts the token of the link with a name and password, stores the session and opens the flows', async () => {
    const { submit, settle, byTestId } = await open();
    expect(byTestId('accept-token')).toBeNull();
    await submit({ name: ' Bo ', password: 'long-enough-pw' });

    const request = http.expectOne('/v1/invitations/accept');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ token: TOKEN, password: 'long-enough-pw', name: 'Bo' });
    expect(byTestId<HTMLButtonElement>('accept-submit')!.disabled).toBe(true);
    request.flush(invitedSession());
    await settle();
    answerShell(http);

    expect(TestBed.inject(Router).url).toBe('/flows');
    const store = TestBed.inject(AuthStore);
    expect(store.tenant()?.name).toBe('Acme');
    expect(store.role()).toBe('editor');
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY)!).accessToken).toBe('access-invited');
  });

  it('sends no name for an existing account, only its password', async () => {
    const { submit, settle } = await open();
    await submit({ password: 'my-existing-password' });
    const request = http.expectOne('/v1/invitations/accept');
    expect(request.request.body).toEqual({ token: TOKEN, password: 'my-existing-password' });
    request.flush(invitedSession());
    await settle();
    answerShell(http);
    expect(TestBed.inject(Router).url).toBe('/flows');
  });

  it('asks for the token when the link has none, and sends the pasted one', async () => {
    const { submit, text, byTestId } = await open('/accept-invitation');
    expect(byTestId('accept-token')).not.toBeNull();
    await submit({ token: '' });
    http.expectNone('/v1/invitations/accept');
    expect(text('#accept-token-error')).toBe('Paste the invitation token you were sent.');

    await submit({ token: ` ${TOKEN} `, name: 'Bo' });
    expect(http.expectOne('/v1/invitations/accept').request.body.token).toBe(TOKEN);
  });

  it('wants a password of at least 10 characters before sending', async () => {
    const { submit, text } = await open();
    await submit({ password: 'short' });
    http.expectNone('/v1/invitations/accept');
    expect(text('#accept-password-error')).toBe('Enter a password of at least 10 characters.');
  });

  it('says next to the password when it does not match the existing account', async () => {
    const { submit, fail, text, byTestId } = await open();
    await submit({ password: 'not-my-password' });
    await fail(401, 'auth.invalid_credentials');
    expect(text('#accept-password-error')).toBe('That password does not match the account for this email');
    expect(byTestId('accept-error')).toBeNull();
    expect(byTestId<HTMLButtonElement>('accept-submit')!.disabled).toBe(false);
    expect(TestBed.inject(Router).url).toBe(`/accept-invitation?token=${TOKEN}`);
  });

  it('asks for a name when a new account is needed', async () => {
    const { submit, fail, text } = await open();
    await submit();
    await fail(422, 'validation.failed', [
      { path: '/name', code: 'field.required', message: 'name is required to create an account' },
    ]);
    expect(text('#accept-name-error')).toBe('Enter your name to create your account.');
  });

  it.each([
    [404, 'resource.not_found', 'This invitation does not exist.'],
    [409, 'invitation.already_accepted', 'This invitation has already been accepted. Sign in'],
    [409, 'member.already_member', 'You are already a member of this workspace.'],
    [410, 'invitation.expired', 'This invitation has expired.'],
    [410, 'invitation.revoked', 'This invitation was withdrawn.'],
    [429, 'auth.rate_limited', 'Too many attempts.'],
  ])('explains a %i %s', async (status, code, message) => {
    const { submit, fail, byTestId } = await open();
    await submit();
    await fail(status, code);
    expect(byTestId('accept-error')?.getAttribute('role')).toBe('alert');
    expect(byTestId('accept-error')?.textContent).toContain(message);
    expect(TestBed.inject(AuthStore).isSignedIn()).toBe(false);
  });

  it('calls a malformed token from a link a broken invitation', async () => {
    const { submit, fail, byTestId } = await open('/accept-invitation?token=short');
    await submit();
    await fail(422, 'validation.failed', [
      {
        path: '/token',
        code: 'field.isLength',
        message: 'token must be longer than or equal to 16 characters',
      },
    ]);
    expect(byTestId('accept-error')?.textContent).toContain('This invitation does not exist.');
  });

  it('works signed in: the invited workspace’s session replaces the current one, which is kept on a wrong password', async () => {
    const store = TestBed.inject(AuthStore);
    store.set(sessionResponse());
    const { submit, settle, text } = await open();
    expect(TestBed.inject(Router).url).toBe(`/accept-invitation?token=${TOKEN}`);

    await submit({ password: 'not-my-password' });
    const refused = http.match('/v1/invitations/accept');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.request.headers.has('Authorization')).toBe(false);
    const wrong = problem(401, 'auth.invalid_credentials');
    refused[0]!.flush(wrong.body, wrong.options);
    await settle();
    expect(text('#accept-password-error')).toContain('does not match');
    expect(store.tenant()?.name).toBe('Demo Workspace');
    expect(TestBed.inject(Router).url).toBe(`/accept-invitation?token=${TOKEN}`);

    await submit({ password: 'my-existing-password' });
    http.expectOne('/v1/invitations/accept').flush(invitedSession());
    await settle();
    answerShell(http);
    expect(TestBed.inject(Router).url).toBe('/flows');
    expect(store.tenant()?.name).toBe('Acme');
    expect(store.accessToken()).toBe('access-invited');
  });
});
