import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore, SESSION_STORAGE_KEY } from '../../core/auth/auth.store';
import { sessionResponse, type MemoryStorage } from '../../core/auth/testing/auth-fixtures';
import { answerShell, configureAuthPageTestBed, openAuthPage, problem } from './testing/auth-page-harness';

const NEW_TENANT = { id: 'tenant-new', slug: 'acme-1a2b3c', name: 'Acme' };

describe('SignupPage', () => {
  let http: HttpTestingController;
  let storage: MemoryStorage;

  beforeEach(() => ({ http, storage } = configureAuthPageTestBed()));
  afterEach(() => http.verify());

  const open = async () => {
    const page = await openAuthPage('/signup');
    const fill = (values: Partial<Record<'name' | 'email' | 'password' | 'tenant-name', string>>) => {
      const all = {
        name: 'Ada',
        email: 'ada@example.com',
        password: 'long-enough-pw',
        'tenant-name': 'Acme',
        ...values,
      };
      for (const [field, value] of Object.entries(all)) page.type(`signup-${field}`, value);
    };
    const submit = async (values: Parameters<typeof fill>[0] = {}) => {
      fill(values);
      page.byTestId<HTMLButtonElement>('signup-submit')!.click();
      await page.settle();
    };
    return { ...page, submit };
  };

  it('labels every field and links back to sign in', async () => {
    const { root, byTestId } = await open();
    const labels = [...root.querySelectorAll('label')].map((l) => l.textContent?.trim());
    expect(labels).toEqual(['Your name', 'Email', 'Password', 'Workspace name']);
    expect(byTestId('signup-login-link')?.getAttribute('href')).toBe('/login');
  });

  it('checks the fields before sending anything', async () => {
    const { submit, text } = await open();
    await submit({ name: '', email: 'not-an-email', password: 'short', 'tenant-name': '' });
    http.expectNone('/v1/auth/signup');
    expect(text('#signup-name-error')).toBe('Enter your name.');
    expect(text('#signup-email-error')).toBe('Enter your email address.');
    expect(text('#signup-password-error')).toBe('Choose a password of at least 10 characters.');
    expect(text('#signup-tenant-name-error')).toBe('Name your workspace.');
  });

  it('signs up, stores the session like a sign-in and opens the flows of the new workspace', async () => {
    const { submit, byTestId, settle } = await open();
    await submit({ name: ' Ada ', email: ' ada@example.com ', 'tenant-name': ' Acme ' });

    const request = http.expectOne('/v1/auth/signup');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.has('Authorization')).toBe(false);
    expect(request.request.body).toEqual({
      email: 'ada@example.com',
      password: 'long-enough-pw',
      name: 'Ada',
      tenantName: 'Acme',
    });
    expect(byTestId<HTMLButtonElement>('signup-submit')!.disabled).toBe(true);

    request.flush(
      sessionResponse({
        tenant: NEW_TENANT,
        user: { id: 'user-ada', email: 'ada@example.com', name: 'Ada' },
      }),
      { status: 201, statusText: 'Created' },
    );
    await settle();
    answerShell(http);

    expect(TestBed.inject(Router).url).toBe('/flows');
    const store = TestBed.inject(AuthStore);
    expect(store.user()?.email).toBe('ada@example.com');
    expect(store.tenant()?.name).toBe('Acme');
    expect(store.role()).toBe('owner');
    expect(JSON.parse(storage.getItem(SESSION_STORAGE_KEY)!).tenant.id).toBe('tenant-new');
  });

  it('shows a taken email next to the email field', async () => {
    const { submit, settle, text, byTestId } = await open();
    await submit();
    const { body, options } = problem(422, 'validation.failed', [
      { path: '/email', code: 'field.taken', message: 'an account with this email already exists' },
    ]);
    http.expectOne('/v1/auth/signup').flush(body, options);
    await settle();

    expect(text('#signup-email-error')).toBe('An account with this email already exists');
    expect(byTestId('signup-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('signup-error')).toBeNull();
    expect(byTestId<HTMLButtonElement>('signup-submit')!.disabled).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/signup');
    expect(TestBed.inject(AuthStore).isSignedIn()).toBe(false);
  });

  it('puts other field problems next to their fields in the API’s words', async () => {
    const { submit, settle, text } = await open();
    await submit();
    const { body, options } = problem(422, 'validation.failed', [
      {
        path: '/tenantName',
        code: 'field.isLength',
        message: 'tenantName must be shorter than 120 characters',
      },
      { path: '/password', code: 'field.isLength', message: 'password is too long' },
    ]);
    http.expectOne('/v1/auth/signup').flush(body, options);
    await settle();

    expect(text('#signup-tenant-name-error')).toBe('TenantName must be shorter than 120 characters.');
    expect(text('#signup-password-error')).toBe('Password is too long.');
  });

  it('says how long to wait when signing up is throttled, and other failures in general words', async () => {
    const { submit, settle, text } = await open();
    await submit();
    const limited = problem(429, 'auth.rate_limited', undefined, { 'Retry-After': '30' });
    http.expectOne('/v1/auth/signup').flush(limited.body, limited.options);
    await settle();
    expect(text('[data-testid="signup-error"]')).toBe('Too many attempts. Try again in 30 seconds.');

    await submit();
    http.expectOne('/v1/auth/signup').flush(null, { status: 503, statusText: 'Unavailable' });
    await settle();
    expect(text('[data-testid="signup-error"]')).toBe('The service is having trouble. Try again shortly.');
  });

  it('sends someone already signed in on to the flows', async () => {
    TestBed.inject(AuthStore).set(sessionResponse());
    const { settle } = await open();
    await settle();
    answerShell(http);
    expect(TestBed.inject(Router).url).toBe('/flows');
  });

  it('is linked from the sign-in page', async () => {
    const { byTestId, settle } = await openAuthPage('/login');
    byTestId('login-signup-link')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/signup');
  });
});
