import { HttpHeaders } from '@angular/common/http';
import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, problem, type PageHarness } from '../testing/admin-test-bed';
import type { AuditEntry } from './audit-log.graphql';
import { AuditLogPage } from './audit-log.page';
import { FileDownload } from './file-download';

const entry = (action: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `a-${action}`,
  actor: { type: 'user', id: 'user-1', label: 'demo@stepline.local' },
  action,
  target: { type: 'api_key', id: 'k-1' },
  before: null,
  after: { name: 'CI', scopes: ['flows:read'] },
  ip: '127.0.0.1',
  userAgent: 'Chromium',
  requestId: 'req-1',
  createdAt: new Date().toISOString(),
  ...overrides,
});

describe('AuditLogPage', () => {
  let page: PageHarness<AuditLogPage>;
  const save = vi.fn();

  afterEach(() => {
    page.http.verify();
    save.mockReset();
  });

  const listRequest = (): TestRequest => expectOperation(page.http, 'AuditLog');
  const logPage = (data: AuditEntry[], nextCursor: string | null = null) => ({
    auditLog: { data, nextCursor },
  });
  const filterOf = (request: TestRequest) => variablesOf(request)['filter'] as Record<string, unknown>;
  const open = async (entries: AuditEntry[], nextCursor: string | null = null) => {
    page = await openAdminPage(AuditLogPage, 'admin', [{ provide: FileDownload, useValue: { save } }]);
    expect(page.byTestId('audit-loading')).not.toBeNull();
    answerData(listRequest(), logPage(entries, nextCursor));
    await page.settle();
  };
  const applyFilter = async (values: { action?: string; from?: string; to?: string }) => {
    if (values.action !== undefined)
      fill(page.byTestId<HTMLInputElement>('audit-filter-action')!, values.action);
    if (values.from !== undefined)
      fill(page.root.querySelector<HTMLInputElement>('#audit-from')!, values.from);
    if (values.to !== undefined) fill(page.root.querySelector<HTMLInputElement>('#audit-to')!, values.to);
    page.byTestId('audit-filter-apply')!.click();
    await page.settle();
  };

  it('lists time, actor, action, target and request id, and opens before/after on demand', async () => {
    await open([
      entry('apikey.created'),
      entry('member.invited', { actor: { type: 'system', id: null, label: null } }),
    ]);
    expect(page.texts('audit-action')).toEqual(['apikey.created', 'member.invited']);
    const [first, second] = page.allByTestId('audit-row');
    expect(first!.textContent).toContain('just now');
    expect(first!.textContent).toContain('demo@stepline.local');
    expect(first!.textContent).toContain('api_key:k-1');
    expect(first!.textContent).toContain('req-1');
    expect(second!.textContent).toContain('system');

    await page.clickButton('Details', first);
    const details = page.byTestId('audit-details')!;
    expect(details.textContent).toContain('"scopes": [');
    expect(details.textContent).toContain('127.0.0.1');
    expect(first!.querySelector('button')!.getAttribute('aria-expanded')).toBe('true');
    await page.clickButton('Hide', first);
    expect(page.byTestId('audit-details')).toBeNull();
  });

  it('filters by an action family and a range of days, the last day included', async () => {
    await open([entry('apikey.created')]);
    await applyFilter({ action: 'member.*', from: '2026-03-01', to: '2026-03-02' });
    const request = listRequest();
    expect(filterOf(request)['action']).toBe('member.*');
    expect(filterOf(request)['from']).toBe(new Date('2026-03-01T00:00:00').toISOString());
    expect(filterOf(request)['to']).toBe(new Date('2026-03-03T00:00:00').toISOString());
    expect(filterOf(request)['actorId']).toBeUndefined();
    answerData(request, logPage([]));
    await page.settle();
    expect(page.byTestId('audit-empty')?.textContent).toContain('No audit entries match');
  });

  it('refuses an action that is not one, and a range that ends before it starts', async () => {
    await open([]);
    await applyFilter({ action: 'Member invited' });
    expect(page.root.textContent).toContain('An action looks like');
    await applyFilter({ action: '', from: '2026-03-05', to: '2026-03-01' });
    expect(page.root.textContent).toContain('“To” must not be before “From”.');
    expectNoOperation(page.http, 'AuditLog');
  });

  it('loads the next page with the cursor and the same filter', async () => {
    await open([entry('flow.published')], 'cursor-2');
    await page.clickButton('Load more');
    const next = listRequest();
    expect(variablesOf(next)['cursor']).toBe('cursor-2');
    answerData(next, logPage([entry('flow.archived')]));
    await page.settle();
    expect(page.texts('audit-action')).toEqual(['flow.published', 'flow.archived']);
    expect(page.byTestId('audit-load-more')).toBeNull();
  });

  it('exports the filtered log as CSV through the API and hands the file to the browser', async () => {
    await open([entry('apikey.created')]);
    await applyFilter({ action: 'apikey.*' });
    answerData(listRequest(), logPage([entry('apikey.created')]));
    await page.settle();

    page.byTestId('audit-export-csv')!.click();
    await page.settle();
    const request = page.http.expectOne((r) => r.url === '/v1/audit-log/export');
    expect(request.request.params.get('format')).toBe('csv');
    expect(request.request.params.get('action')).toBe('apikey.*');
    expect(request.request.responseType).toBe('blob');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(page.byTestId('audit-export-csv')?.textContent).toContain('Exporting');
    const file = new Blob(['action\napikey.created\n'], { type: 'text/csv' });
    request.flush(file, {
      headers: new HttpHeaders({ 'Content-Disposition': 'attachment; filename="audit-log-2026.csv"' }),
    });
    await page.settle();
    expect(save).toHaveBeenCalledWith(file, 'audit-log-2026.csv');
    expect(page.byTestId<HTMLButtonElement>('audit-export-csv')!.disabled).toBe(false);
  });

  it('says why an export failed', async () => {
    await open([]);
    page.byTestId('audit-export-ndjson')!.click();
    const { options } = problem(503, 'dependency.unavailable');
    page.http
      .expectOne((r) => r.url === '/v1/audit-log/export')
      .flush(new Blob(['{}'], { type: 'application/problem+json' }), options);
    await page.settle();
    expect(page.byTestId('audit-export-error')?.textContent).toContain('The service is having trouble');
    expect(save).not.toHaveBeenCalled();
  });

  it('shows the problem when the log cannot be loaded', async () => {
    page = await openAdminPage(AuditLogPage, 'owner');
    answerProblem(listRequest(), 500, 'internal.error');
    await page.settle();
    expect(page.byTestId('audit-error')?.textContent).toContain('Something went wrong on our side.');
  });
});
