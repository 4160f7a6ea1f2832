import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../core/auth/testing/auth-fixtures';
import { answerEmptyFlowsList, isOperation } from '../../core/graphql/testing/graphql-testing';

describe('LoginPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(routes, withComponentInputBinding()),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const open = async (url = '/login') => {
    const harness = await RouterTestingHarness.create(url);
    const root = harness.fixture.nativeElement as HTMLElement;
    const byTestId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
    const settle = async () => {
      await harness.fixture.whenStable();
      harness.detectChanges();
    };
    const type = (id: string, value: string) => {
      const input = byTestId<HTMLInputElement>(id)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async (email = 'demo@stepline.local', password = 'secret') => {
      type('login-email', email);
      type('login-password', password);
      byTestId<HTMLButtonElement>('login-submit')!.click();
      await settle();
    };
    return { harness, root, byTestId, settle, submit };
  };

  it('labels both fields', async () => {
    const { root } = await open();
    for (const id of ['login-email', 'login-password']) {
      const label = root.querySelector(`label[for="${id}"]`);
      expect(label?.textContent?.trim()).toBe(id === 'login-email' ? 'Email' : 'Password');
    }
  });

  it('asks for both fields before sending anything', async () => {
    const { root, submit } = await open();
    await submit('', '');
    http.expectNone('/v1/auth/login');
    expect(root.querySelector('#login-email-error')?.textContent).toContain('email');
    expect(root.querySelector('#login-password-error')?.textContent).toContain('password');
  });

  it('signs in, disabling the button while pending, and opens the flows', async () => {
    const { byTestId, submit, settle } = await open();
    await submit(' demo@stepline.local ', 'stepline-demo-password');

    const request = http.expectOne('/v1/auth/login');
    expect(request.request.body).toEqual({
      email: 'demo@stepline.local',
      password: 'stepline-demo-password',
    });
    expect(byTestId<HTMLButtonElement>('login-submit')!.disabled).toBe(true);
    expect(byTestId('login-submit')!.textContent?.trim()).toBe('Signing in…');

    request.flush(sessionResponse());
    await settle();
    for (const r of http.match('/ready')) r.flush({ status: 'ok' });
    answerEmptyFlowsList(http);

    expect(TestBed.inject(Router).url).toBe('/flows');
    expect(TestBed.inject(AuthStore).user()?.email).toBe('demo@stepline.local');
  });

  it('returns to the page the user was sent from', async () => {
    const { submit, settle } = await open('/login?returnUrl=%2Ftriggers');
    await submit();
    http.expectOne('/v1/auth/login').flush(sessionResponse());
    await settle();
    http.match('/ready').forEach((r) => r.flush({ status: 'ok' }));
    // The Triggers page lists the tenant's triggers.
    http.match(isOperation('TenantTriggers')).forEach((r) => r.flush({ data: { triggers: [] } }));

    expect(TestBed.inject(Router).url).toBe('/triggers');
    http.expectNone(isOperation('FlowsList'));
  });

  it('says when the email or password is wrong and lets the user try again', async () => {
    const { byTestId, submit, settle } = await open();
    await submit();
    http
      .expectOne('/v1/auth/login')
      .flush({ status: 401, code: 'auth.invalid_credentials' }, { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(byTestId('login-error')?.getAttribute('role')).toBe('alert');
    expect(byTestId('login-error')?.textContent?.trim()).toBe('The email or password is not correct.');
    expect(byTestId<HTMLButtonElement>('login-submit')!.disabled).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('says how long to wait after too many attempts', async () => {
    const { byTestId, submit, settle } = await open();
    await submit();
    http
      .expectOne('/v1/auth/login')
      .flush(
        { status: 429, code: 'auth.rate_limited' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '42' } },
      );
    await settle();

    expect(byTestId('login-error')?.textContent?.trim()).toBe('Too many attempts. Try again in 42 seconds.');
  });

  it('sends someone already signed in on to the flows', async () => {
    TestBed.inject(AuthStore).set(sessionResponse());
    const { settle } = await open('/login');
    await settle();
    http.match('/ready').forEach((r) => r.flush({ status: 'ok' }));
    answerEmptyFlowsList(http);

    expect(TestBed.inject(Router).url).toBe('/flows');
  });
});
