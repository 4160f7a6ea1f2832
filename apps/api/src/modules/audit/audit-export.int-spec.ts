import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { CSV_COLUMNS } from './audit-export.js';
import type { AuditRecord } from './audit-record.js';
import { download, insertAuditRows, insertManyAuditRows, parseCsv } from './testing/audit-fixtures.js';

/** More than two export batches (500), so the stream has to fetch page after page. */
const BULK = 1203;
const NASTY = 'Mozilla/5.0 (X11, "Linux")\r\nInjected: header, "quoted"\nline';

describe('audit log export', () => {
  let api: TestApi;
  let acme: TestTenant;
  let nastyId: string;

  beforeAll(async () => {
    api = await startTestApi();
    acme = await createTestTenant(new HttpClient(api.baseUrl), api.db.ownerUrl);
    await insertManyAuditRows(api.db.ownerUrl, acme.id, 'bulk.row', BULK);
    [nastyId] = await insertAuditRows(api.db.ownerUrl, acme.id, [
      {
        action: 'member.role_changed',
        actorLabel: '=HYPERLINK("http://evil.example","click")',
        targetType: 'member',
        targetId: 'm-1',
        after: { role: 'admin', note: 'a, "b"\nc' },
        userAgent: NASTY,
      },
    ]);
  });
  afterAll(() => api?.close());

  const exportAs = (query: string, token = acme.users.admin.accessToken) =>
    download(api.baseUrl, `/v1/audit-log/export${query}`, token);
  const today = () => new Date().toISOString().slice(0, 10);

  it('streams every matching row as NDJSON, newest first, as an attachment', async () => {
    const res = await exportAs('?format=ndjson&action=bulk.*');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-log-${today()}.ndjson"`);
    expect(res.text.endsWith('\n')).toBe(true);
    const records: AuditRecord[] = res.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(BULK);
    expect(new Set(records.map((r) => r.id)).size).toBe(BULK);
    const times = records.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(records[0]).toEqual({
      id: expect.any(String),
      actor: { type: 'system', id: null, label: null },
      action: 'bulk.row',
      target: null,
      before: null,
      after: null,
      ip: null,
      userAgent: null,
      requestId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('defaults to NDJSON and keeps values verbatim in it', async () => {
    const res = await exportAs('?action=member.role_changed');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const [record] = res.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(record).toMatchObject({
      id: nastyId,
      actor: { label: '=HYPERLINK("http://evil.example","click")' },
      target: { type: 'member', id: 'm-1' },
      after: { role: 'admin', note: 'a, "b"\nc' },
      userAgent: NASTY,
    });
  });

  it('streams CSV with a header row and RFC 4180 quoting that round-trips commas, quotes and newlines', async () => {
    const res = await exportAs('?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-log-${today()}.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBeGreaterThan(BULK);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const record = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows.find((r) => r[0] === nastyId)![i]]));
    expect(record).toMatchObject({
      action: 'member.role_changed',
      targetType: 'member',
      targetId: 'm-1',
      userAgent: NASTY,
    });
    expect(JSON.parse(record.after)).toEqual({ role: 'admin', note: 'a, "b"\nc' });
    expect(record.before).toBe('');
    // A cell a spreadsheet would evaluate is defused with a leading apostrophe.
    expect(record.actorLabel).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('applies the list filters', async () => {
    const res = await exportAs('?format=csv&targetType=member&targetId=m-1');
    expect(
      parseCsv(res.text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([nastyId]);
    const none = await exportAs('?action=nothing.*');
    expect(none.status).toBe(200);
    expect(none.text).toBe('');
  });

  it('answers bad parameters with a problem before streaming anything', async () => {
    const cases: Array<[string, string]> = [
      ['?format=xml', '/format field.isIn'],
      ['?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z', '/to field.range'],
      ['?limit=10', '/limit field.unknown'],
      ['?to=tomorrow', '/to field.isIso8601'],
    ];
    for (const [query, problem] of cases) {
      const res = await exportAs(query);
      expect(res.status, query).toBe(422);
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(res.problem.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
        problem,
      ]);
    }
  });
});
