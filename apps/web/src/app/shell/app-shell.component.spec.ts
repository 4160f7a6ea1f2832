import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../app.routes';
import { AUTH_STORAGE, AuthStore } from '../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../core/auth/testing/auth-fixtures';
import { READINESS_REFRESH_MS } from '../core/health/api-health.service';
import { answerData, answerEmptyFlowsList, isOperation } from '../core/graphql/testing/graphql-testing';

describe('AppShellComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(routes),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).set(sessionResponse());
  });

  afterEach(() => {
    vi.useRealTimers();
    http.verify();
  });

  const open = async (url = '/') => {
    const harness = await RouterTestingHarness.create(url);
    const root = harness.fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const settle = async () => {
      await harness.fixture.whenStable();
      harness.detectChanges();
      // The flows page lists the tenant's flows; an empty list is enough for the frame's tests.
      answerEmptyFlowsList(http);
      await harness.fixture.whenStable();
    };
    return { harness, root, byTestId, settle };
  };

  it('renders the brand, the five area links and the flows page by default', async () => {
    const { root, byTestId, settle } = await open();
    http.expectOne('/ready').flush({ status: 'ok' });
    await settle();

    expect(byTestId('app-brand')?.textContent).toContain('Stepline');
    const links = [...root.querySelectorAll<HTMLAnchorElement>('[data-testid="app-nav"] a')];
    expect(links.map((link) => link.textContent?.trim())).toEqual([
      'Flows',
      'Runs',
      'Approvals',
      'Triggers',
      'Admin',
    ]);
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '/flows',
      '/runs',
      '/approvals',
      '/triggers',
      '/admin',
    ]);
    expect(root.querySelector('h1')?.textContent).toBe('Flows');
    expect(byTestId('nav-flows')?.getAttribute('aria-current')).toBe('page');
  });

  it('navigates to an area when its link is clicked', async () => {
    const { root, byTestId, settle } = await open('/flows');
    http.expectOne('/ready').flush({ status: 'ok' });
    await settle();

    byTestId('nav-triggers')?.click();
    await settle();
    // The Triggers page lists the tenant's triggers.
    for (const request of http.match(isOperation('TenantTriggers'))) answerData(request, { triggers: [] });
    await settle();

    expect(root.querySelector('h1')?.textContent).toBe('Triggers');
    expect(byTestId('nav-triggers')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('nav-flows')?.hasAttribute('aria-current')).toBe(false);
  });

  it('shows a not-found page inside the frame for an unknown address', async () => {
    const { root, byTestId, settle } = await open('/no-such-area');
    http.expectOne('/ready').flush({ status: 'ok' });
    await settle();

    expect(byTestId('app-nav')).not.toBeNull();
    expect(root.querySelector('h1')?.textContent).toBe('Page not found');
  });

  it('says "API ready" when /ready answers 200', async () => {
    const { byTestId, settle } = await open();
    expect(byTestId('api-status')?.textContent).toContain('Checking API');

    http.expectOne('/ready').flush({ status: 'ok' });
    await settle();

    expect(byTestId('api-status')?.textContent?.trim()).toBe('API ready');
    expect(byTestId('api-status')?.dataset['state']).toBe('ready');
    expect(byTestId('api-status')?.hasAttribute('title')).toBe(false);
  });

  it('says "API unavailable" when the request to /ready fails', async () => {
    const { byTestId, settle } = await open();

    http.expectOne('/ready').error(new ProgressEvent('error'));
    await settle();

    expect(byTestId('api-status')?.textContent?.trim()).toBe('API unavailable');
    expect(byTestId('api-status')?.dataset['state']).toBe('unavailable');
    expect(byTestId('api-status')?.title).toBe('The API cannot be reached.');
  });

  it('says "API unavailable" with the reason when /ready answers 503 problem+json', async () => {
    const { byTestId, settle } = await open();

    http.expectOne('/ready').flush(
      { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'dependency.unavailable' },
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'content-type': 'application/problem+json' },
      },
    );
    await settle();

    expect(byTestId('api-status')?.textContent?.trim()).toBe('API unavailable');
    expect(byTestId('api-status')?.title).toBe('A service the API depends on is unavailable.');
  });

  it('checks /ready again every 15 seconds', async () => {
    // Only intervals are faked (RxJS schedules with them); Angular's zoneless scheduler and the
    // router keep their real timers, so stability still settles.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { byTestId, settle } = await open();
    http.expectOne('/ready').error(new ProgressEvent('error'));
    await settle();
    expect(byTestId('api-status')?.textContent?.trim()).toBe('API unavailable');

    vi.advanceTimersByTime(READINESS_REFRESH_MS - 1);
    http.expectNone('/ready');
    vi.advanceTimersByTime(1);
    http.expectOne('/ready').flush({ status: 'ok' });
    await settle();

    expect(byTestId('api-status')?.textContent?.trim()).toBe('API ready');
  });
});
