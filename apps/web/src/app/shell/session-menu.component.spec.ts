import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '../app.routes';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../core/auth/auth.store';
import type { AuthSessionResponse } from '../core/auth/auth.types';
import { MemoryStorage, sessionResponse } from '../core/auth/testing/auth-fixtures';
import { answerData, answerEmptyFlowsList, expectOperation } from '../core/graphql/testing/graphql-testing';

const OTHER = { id: 'tenant-acme', slug: 'acme', name: 'Acme' };
const TWO_MEMBERSHIPS = [
  { tenantId: 'tenant-demo', slug: 'demo', name: 'Demo Workspace', role: 'owner' as const },
  { tenantId: OTHER.id, slug: OTHER.slug, name: OTHER.name, role: 'viewer' as const },
];

describe('the signed-in frame', () => {
  let http: HttpTestingController;
  let store: AuthStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(routes),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
  });

  afterEach(() => http.verify());

  const open = async (session: AuthSessionResponse | null, url = '/flows') => {
    if (session) store.set(session);
    const harness = await RouterTestingHarness.create(url);
    const root = harness.fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await harness.fixture.whenStable();
      for (const request of http.match('/ready')) request.flush({ status: 'ok' });
      answerEmptyFlowsList(http);
      await harness.fixture.whenStable();
      harness.detectChanges();
    };
    await settle();
    const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const navLabels = () =>
      [...root.querySelectorAll('[data-testid="app-nav"] a')].map((a) => a.textContent?.trim());
    return { harness, root, byTestId, navLabels, settle };
  };

  it('sends a signed-out visitor to sign in, remembering where they were going', async () => {
    const { root } = await open(null, '/runs');
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fruns');
    expect(root.querySelector('h1')?.textContent).toBe('Sign in');
  });

  it('shows the tenant, the user and the role in the header', async () => {
    const { byTestId } = await open(sessionResponse({ role: 'editor' }));
    expect(byTestId('tenant-name')?.textContent?.trim()).toBe('Demo Workspace');
    expect(byTestId('user')?.textContent).toContain('Demo User');
    expect(byTestId('user')?.textContent).toContain('demo@stepline.local');
    expect(byTestId('role-badge')?.textContent?.trim()).toBe('editor');
    expect(byTestId('tenant-switcher')).toBeNull();
  });

  it('shows Admin only to roles that may manage members', async () => {
    const { navLabels } = await open(sessionResponse({ role: 'editor' }));
    expect(navLabels()).toEqual(['Flows', 'Runs', 'Approvals', 'Triggers']);

    store.set(sessionResponse({ role: 'admin' }));
    TestBed.tick();
    expect(navLabels()).toEqual(['Flows', 'Runs', 'Approvals', 'Triggers', 'Admin']);
  });

  it('switches tenant from the header when the user has several memberships', async () => {
    const { byTestId, settle } = await open(sessionResponse({ memberships: TWO_MEMBERSHIPS }));
    const switcher = byTestId('tenant-switcher') as HTMLSelectElement;
    expect([...switcher.options].map((o) => o.textContent?.trim())).toEqual(['Demo Workspace', 'Acme']);
    expect(switcher.value).toBe('tenant-demo');

    switcher.value = OTHER.id;
    switcher.dispatchEvent(new Event('change'));
    const request = http.expectOne('/v1/auth/switch-tenant');
    expect(request.request.body).toEqual({ tenantId: OTHER.id });
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush(
      sessionResponse({
        tenant: OTHER,
        role: 'viewer',
        accessToken: 'access-acme',
        memberships: TWO_MEMBERSHIPS,
      }),
    );
    await settle();

    expect(store.tenant()?.name).toBe('Acme');
    expect(byTestId('role-badge')?.textContent?.trim()).toBe('viewer');
    expect((byTestId('tenant-switcher') as HTMLSelectElement).value).toBe(OTHER.id);
  });

  it('reloads the flows of the new tenant after a switch', async () => {
    const { byTestId } = await open(sessionResponse({ memberships: TWO_MEMBERSHIPS }));
    const switcher = byTestId('tenant-switcher') as HTMLSelectElement;
    switcher.value = OTHER.id;
    switcher.dispatchEvent(new Event('change'));
    http
      .expectOne('/v1/auth/switch-tenant')
      .flush(sessionResponse({ tenant: OTHER, accessToken: 'access-acme' }));
    await TestBed.inject(Router).navigateByUrl('/flows');
    TestBed.tick();

    const reload = expectOperation(http, 'FlowsList');
    expect(reload.request.headers.get('Authorization')).toBe('Bearer access-acme');
    answerData(reload, { flows: { data: [], nextCursor: null } });
  });

  it('signs out: revokes the session, forgets it and shows the sign-in page', async () => {
    const { byTestId, root, settle } = await open(sessionResponse());
    byTestId('sign-out')?.click();
    const logout = http.expectOne('/v1/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(store.isSignedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
    expect(root.querySelector('h1')?.textContent).toBe('Sign in');
  });
});
