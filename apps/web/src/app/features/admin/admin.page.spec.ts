import { isOperation } from '../../core/graphql/testing/graphql-testing';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@stepline/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../core/auth/testing/auth-fixtures';

describe('the admin area', () => {
  let http: HttpTestingController;

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
  });

  const open = async (role: Role, url: string) => {
    TestBed.inject(AuthStore).set(sessionResponse({ role }));
    const harness = await RouterTestingHarness.create(url);
    await harness.fixture.whenStable();
    harness.detectChanges();
    const root = harness.fixture.nativeElement as HTMLElement;
    return { harness, root, router: TestBed.inject(Router) };
  };
  const tabs = (root: HTMLElement) =>
    [...root.querySelectorAll('[data-testid="admin-tabs"] a')].map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);

  it('opens the members tab for /admin, with a tab per section', async () => {
    const { root, router } = await open('owner', '/admin');
    expect(router.url).toBe('/admin/members');
    expect(root.querySelector('h1')?.textContent).toBe('Admin');
    expect(tabs(root)).toEqual([
      ['Members', '/admin/members'],
      ['API keys', '/admin/api-keys'],
      ['Secrets', '/admin/secrets'],
      ['Webhooks', '/admin/webhooks'],
      ['Audit log', '/admin/audit-log'],
      ['Usage', '/admin/usage'],
    ]);
    expect(root.querySelector('[data-testid="admin-tab-members"]')?.getAttribute('aria-current')).toBe(
      'page',
    );
    expect(root.querySelector('[data-testid="page-members"]')).not.toBeNull();
    expect(http.match(isOperation('Members'))).toHaveLength(1);
  });

  it('lets an admin in, to every section', async () => {
    const { root } = await open('admin', '/admin/audit-log');
    expect(root.querySelector('[data-testid="page-audit-log"]')).not.toBeNull();
    expect(http.match(isOperation('AuditLog'))).toHaveLength(1);
  });

  const refused: Array<[Role, string]> = [
    ['editor', '/admin'],
    ['operator', '/admin/api-keys'],
    ['viewer', '/admin/audit-log'],
    ['editor', '/admin/secrets'],
    ['editor', '/admin/webhooks'],
  ];
  for (const [role, url] of refused) {
    it(`shows a ${role} at ${url} "You don't have access" instead, and asks the API nothing`, async () => {
      const { root } = await open(role, url);
      expect(root.querySelector('h1')?.textContent).toBe("You don't have access");
      expect(root.querySelector('[data-testid="page-admin"]')).toBeNull();
      http.expectNone((r) => r.url.startsWith('/v1/') || r.url === '/graphql');
    });
  }
});
