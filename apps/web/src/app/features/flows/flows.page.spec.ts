import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AUTH_STORAGE, AuthStore } from '../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../core/auth/testing/auth-fixtures';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../core/graphql/testing/graphql-testing';
import { FLOW_SEARCH_DEBOUNCE_MS } from './flows-list.controller';
import type { FlowSummary } from './flows.graphql';
import { FlowsPage } from './flows.page';

const flow = (name: string, overrides: Partial<FlowSummary> = {}): FlowSummary => ({
  id: `id-${name}`,
  name,
  description: `About ${name}`,
  tags: ['example'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  archivedAt: null,
  draftRevision: null,
  publishedVersion: 1,
  latestVersion: 1,
  stats: { runCount: 0, succeeded: 0, finished: 0, successRate: null, lastRun: null },
  ...overrides,
});

const DEBOUNCE_MS = 20;

describe('FlowsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<FlowsPage>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        { provide: FLOW_SEARCH_DEBOUNCE_MS, useValue: DEBOUNCE_MS },
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).set(sessionResponse());
    fixture = TestBed.createComponent(FlowsPage);
    root = fixture.nativeElement as HTMLElement;
    await settle();
  });

  afterEach(() => http.verify());

  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const byTestId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) =>
    [...root.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent?.trim());
  const listRequest = (): TestRequest => expectOperation(http, 'FlowsList');
  const filterOf = (request: TestRequest) => variablesOf(request)['filter'] as Record<string, unknown>;
  const answer = async (request: TestRequest, data: FlowSummary[], nextCursor: string | null = null) => {
    answerData(request, { flows: { data, nextCursor } });
    await settle();
  };

  it('shows loading, then every flow with its description, tags, status and update time', async () => {
    expect(byTestId('flows-loading')?.textContent).toContain('Loading flows');
    const request = listRequest();
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(variablesOf(request)['limit']).toBe(25);

    await answer(request, [
      flow('Welcome new customer', { tags: ['crm', 'webhook'], publishedVersion: 2 }),
      flow('Sketch', { publishedVersion: null, draftRevision: 4, description: null }),
    ]);

    expect(byTestId('flows-loading')).toBeNull();
    expect(all('flow-name')).toEqual(['Welcome new customer', 'Sketch']);
    expect(all('flow-status')).toEqual(['Published v2', 'Draft only']);
    const first = root.querySelector('[data-testid="flow-row"]')!;
    expect(first.textContent).toContain('About Welcome new customer');
    expect([...first.querySelectorAll('[data-testid="flow-tag"]')].map((t) => t.textContent?.trim())).toEqual(
      ['crm', 'webhook'],
    );
    expect(first.querySelector('time')?.textContent?.trim()).toBe('Updated 5 minutes ago');
    expect(byTestId('empty-state')).toBeNull();
    expect(byTestId('flows-load-more')).toBeNull();
  });

  it('says "No flows yet" only when the tenant truly has none', async () => {
    await answer(listRequest(), []);
    expect(byTestId('empty-state')?.textContent).toContain('No flows yet');
  });

  it('shows the problem and retries on request', async () => {
    answerProblem(listRequest(), 500, 'internal.error');
    await settle();
    expect(byTestId('flows-error')?.textContent).toContain('Something went wrong on our side.');
    expect(byTestId('empty-state')).toBeNull();

    byTestId('flows-error')!.querySelector('button')!.click();
    await answer(listRequest(), [flow('Nightly digest')]);
    expect(byTestId('flows-error')).toBeNull();
    expect(all('flow-name')).toEqual(['Nightly digest']);
  });

  it('searches by name once typing pauses', async () => {
    await answer(listRequest(), [flow('Nightly digest'), flow('Book expense')]);
    const search = byTestId<HTMLInputElement>('flow-search')!;
    for (const value of ['d', 'di', 'dig']) {
      search.value = value;
      search.dispatchEvent(new Event('input'));
    }
    expectNoOperation(http, 'FlowsList');

    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 3));
    const request = listRequest();
    expect(filterOf(request)['q']).toBe('dig');
    await answer(request, [flow('Nightly digest')]);
    expect(all('flow-name')).toEqual(['Nightly digest']);
  });

  it('says nothing matches a search without claiming the tenant is empty, and clears filters', async () => {
    await answer(listRequest(), [flow('Nightly digest')]);
    const tagFilter = byTestId<HTMLSelectElement>('flow-tag-filter')!;
    expect([...tagFilter.options].map((o) => o.textContent?.trim())).toEqual(['All tags', 'example']);
    tagFilter.value = 'example';
    tagFilter.dispatchEvent(new Event('change'));
    const filtered = listRequest();
    expect(filterOf(filtered)['tag']).toBe('example');
    await answer(filtered, []);

    expect(byTestId('empty-state')?.textContent).toContain('No flows match');
    byTestId('flows-clear-filters')!.click();
    const cleared = listRequest();
    expect(filterOf(cleared)['tag']).toBeUndefined();
    await answer(cleared, [flow('Nightly digest')]);
    expect(all('flow-name')).toEqual(['Nightly digest']);
  });

  it('filters by a tag when its chip is clicked', async () => {
    await answer(listRequest(), [flow('Book expense', { tags: ['finance'] }), flow('Nightly digest')]);
    root.querySelector<HTMLButtonElement>('[data-testid="flow-tag"]')!.click();
    const request = listRequest();
    expect(filterOf(request)['tag']).toBe('finance');
    await answer(request, [flow('Book expense', { tags: ['finance'] })]);
    expect(byTestId<HTMLSelectElement>('flow-tag-filter')!.value).toBe('finance');
  });

  it('loads the next page with the cursor and appends it', async () => {
    await answer(listRequest(), [flow('One'), flow('Two')], 'cursor-2');
    byTestId('flows-load-more')!.click();
    const next = listRequest();
    expect(variablesOf(next)['cursor']).toBe('cursor-2');
    await answer(next, [flow('Three')]);

    expect(all('flow-name')).toEqual(['One', 'Two', 'Three']);
    expect(byTestId('flows-load-more')).toBeNull();
  });

  it('keeps the rows when the next page fails', async () => {
    await answer(listRequest(), [flow('One')], 'cursor-2');
    byTestId('flows-load-more')!.click();
    listRequest().error(new ProgressEvent('error'));
    await settle();

    expect(all('flow-name')).toEqual(['One']);
    expect(byTestId('flows-more-error')?.textContent).toContain('The API cannot be reached.');
    expect(byTestId<HTMLButtonElement>('flows-load-more')!.disabled).toBe(false);
  });
});
