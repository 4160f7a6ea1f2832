import { ROLES, type Role } from '@stepline/domain';
import { DATA_SOURCE, inTenant } from '@stepline/server';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectProblem } from '../../testing/problem-assertions.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { insertApiKey } from '../../testing/tenant-db.js';
import { AuditService } from './audit.service.js';
import { download, insertAuditRows } from './testing/audit-fixtures.js';

const ALLOWED: Role[] = ['owner', 'admin'];
const GQL_LIST = `query($filter: AuditLogFilterInput, $limit: Int, $cursor: String) {
  auditLog(filter: $filter, limit: $limit, cursor: $cursor) {
    data { id action actor { type id label } target { type id } before after createdAt } nextCursor } }`;

describe('audit log API', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let globex: TestTenant;
  let adminKey: string;
  let flowsKey: string;

  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl, 'acme');
    globex = await createTestTenant(http, api.db.ownerUrl, 'globex');
    adminKey = await insertApiKey(api.db.ownerUrl, acme.id, ['admin']);
    flowsKey = await insertApiKey(api.db.ownerUrl, acme.id, ['flows:read']);
  });
  afterAll(() => api?.close());

  const list = (token: string, query = '') => http.get(`/v1/audit-log${query}`, { token });
  const exportAs = (token: string | undefined, query = '') =>
    download(api.baseUrl, `/v1/audit-log/export${query}`, token);
  const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);

  describe('access', () => {
    for (const role of ROLES) {
      const allowed = ALLOWED.includes(role);
      it(`${allowed ? 'lets' : 'refuses'} ${role}s list and export over REST and GraphQL`, async () => {
        const token = acme.users[role].accessToken;
        const [page, ndjson, gql] = await Promise.all([
          list(token),
          exportAs(token),
          http.gql(GQL_LIST, {}, token),
        ]);
        if (allowed) {
          expect(page.status).toBe(200);
          expect(page.body.data.length).toBeGreaterThan(0);
          expect(ndjson.status).toBe(200);
          expect(ndjson.text.trim().split('\n').length).toBeGreaterThan(0);
          expect(gql.data.auditLog.data.length).toBeGreaterThan(0);
        } else {
          expect(page.status).toBe(403);
          expect(page.body.code).toBe('permission.denied');
          expect(ndjson.status).toBe(403);
          expect(ndjson.problem.code).toBe('permission.denied');
          expect(gql.errors?.[0].extensions).toMatchObject({ code: 'permission.denied', status: 403 });
        }
      });
    }

    it('lets an API key with the admin scope read and export, and refuses a flows:read key', async () => {
      expect((await list(adminKey)).status).toBe(200);
      expect((await exportAs(adminKey, '?format=csv')).status).toBe(200);
      expect((await http.gql(GQL_LIST, {}, adminKey)).data.auditLog.data.length).toBeGreaterThan(0);
      expect((await list(flowsKey)).body.code).toBe('permission.denied');
      expect((await exportAs(flowsKey)).problem.code).toBe('permission.denied');
      expect((await http.gql(GQL_LIST, {}, flowsKey)).errors?.[0].extensions?.code).toBe('permission.denied');
    });

    it('treats filter: null over GraphQL as no filter (found by the hostile sweep: it was a 500)', async () => {
      const res = await http.gql(GQL_LIST, { filter: null, limit: 2 }, adminKey);
      expect(res.errors).toBeUndefined();
      expect(res.data.auditLog.data.length).toBeGreaterThan(0);
    });

    it('answers 401 without a credential', async () => {
      expect((await http.get('/v1/audit-log')).body.code).toBe('auth.unauthenticated');
      expect((await exportAs(undefined)).problem.code).toBe('auth.unauthenticated');
    });
  });

  describe('filters', () => {
    const actorId = '6b1c9c36-2a52-4bd4-9d43-0a3c3b1c0001';
    beforeAll(async () => {
      await insertAuditRows(api.db.ownerUrl, acme.id, [
        {
          action: 'flow.published',
          actorId,
          targetType: 'flow',
          targetId: 'f1',
          createdAt: '2020-01-01T00:00:00Z',
        },
        { action: 'flow.archived', targetType: 'flow', targetId: 'f2', createdAt: '2020-01-02T00:00:00Z' },
        { action: 'flowx.created', actorId, createdAt: '2020-01-03T00:00:00Z' },
        { action: 'test_x.one', createdAt: '2020-01-04T00:00:00Z' },
        { action: 'testyx.one', createdAt: '2020-01-05T00:00:00Z' },
      ]);
    });
    const actions = async (query: string) => {
      const res = await list(acme.users.admin.accessToken, query);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.map((r: { action: string }) => r.action);
    };

    it('match an exact action or a family, newest first', async () => {
      expect(await actions('?action=flow.published')).toEqual(['flow.published']);
      expect(await actions('?action=flow.*')).toEqual(['flow.archived', 'flow.published']);
      // `_` is a literal, not a LIKE wildcard.
      expect(await actions('?action=test_x.*')).toEqual(['test_x.one']);
    });

    it('match an actor, a target and a time range (from inclusive, to exclusive)', async () => {
      expect(await actions(`?actorId=${actorId}`)).toEqual(['flowx.created', 'flow.published']);
      expect(await actions('?targetType=flow&targetId=f2')).toEqual(['flow.archived']);
      expect(await actions('?from=2020-01-02T00:00:00Z&to=2020-01-04T00:00:00.000Z')).toEqual([
        'flowx.created',
        'flow.archived',
      ]);
    });

    it('reject invalid, inverted and unknown parameters with their paths', async () => {
      const token = acme.users.admin.accessToken;
      const problems = async (query: string) => {
        const res = await list(token, query);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('validation.failed');
        return res.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`);
      };
      expect(await problems('?from=yesterday&limit=0&bogus=1')).toEqual(
        expect.arrayContaining(['/from field.isIso8601', '/limit field.min', '/bogus field.unknown']),
      );
      expect(await problems('?limit=101')).toEqual(['/limit field.max']);
      expect(await problems('?limit=abc')).toEqual(expect.arrayContaining(['/limit field.isInt']));
      expect(await problems('?action=flow.*.x')).toEqual(['/action field.matches']);
      expect(await problems('?from=2020-01-02T00:00:00Z&to=2020-01-02T00:00:00Z')).toEqual([
        '/to field.range',
      ]);
      const forged = Buffer.from(JSON.stringify({ t: '2020-01-01T00:00:00Z', id: "x' OR 1=1" })).toString(
        'base64url',
      );
      for (const cursor of ['not-a-cursor', forged]) {
        const res = await list(token, `?cursor=${cursor}`);
        expectProblem(res, 400, 'pagination.invalid_cursor');
        expect(res.body.errors).toEqual([
          expect.objectContaining({ path: '/cursor', code: 'field.invalid' }),
        ]);
      }
      expect(await problems('?format=csv')).toEqual(['/format field.unknown']);
    });
  });

  it('pages through more than one page with a cursor, without duplicates or gaps', async () => {
    // Rows share timestamps (the id tie-breaker) or differ by microseconds only (finer than a JS Date).
    const fixtures = Array.from({ length: 23 }, (_, i) => ({
      action: 'page.row',
      createdAt: new Date(Date.UTC(2021, 0, 1, 0, 0, Math.floor(i / 8)))
        .toISOString()
        .replace('Z', `00${i % 3}Z`),
    }));
    const inserted = await insertAuditRows(api.db.ownerUrl, acme.id, fixtures);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(adminKey, `?action=page.row&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(5);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...inserted].sort());
    const all = (await list(adminKey, '?action=page.row&limit=100')).body;
    expect(ids(all)).toEqual(seen);
    expect(all.nextCursor).toBeNull();
  });

  it('pages and validates over GraphQL too', async () => {
    const token = acme.owner.accessToken;
    const first = await http.gql(GQL_LIST, { filter: { action: 'flow.*' }, limit: 1 }, token);
    expect(first.data.auditLog.data).toEqual([
      expect.objectContaining({ action: 'flow.archived', target: { type: 'flow', id: 'f2' } }),
    ]);
    const second = await http.gql(
      GQL_LIST,
      { filter: { action: 'flow.*' }, limit: 1, cursor: first.data.auditLog.nextCursor },
      token,
    );
    expect(second.data.auditLog.data.map((r: { action: string }) => r.action)).toEqual(['flow.published']);
    expect(second.data.auditLog.nextCursor).toBeNull();

    const bad = await http.gql(GQL_LIST, { filter: { from: 'soon' }, limit: 500 }, token);
    expect(bad.errors?.[0].extensions?.code).toBe('validation.failed');
    expect(bad.errors?.[0].extensions?.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/filter/from',
      '/limit',
    ]);
  });

  it("never shows one tenant's rows to another tenant's admin", async () => {
    const victimIds = await insertAuditRows(api.db.ownerUrl, acme.id, [
      { action: 'secret.updated', actorId: acme.owner.id },
    ]);
    const attacker = globex.users.admin.accessToken;
    for (const query of ['', '?action=secret.*', `?actorId=${acme.owner.id}`, '?limit=100']) {
      const res = await list(attacker, query);
      expect(res.status).toBe(200);
      expect(ids(res.body)).not.toContain(victimIds[0]);
      expect(JSON.stringify(res.body)).not.toContain(acme.id);
    }
    for (const format of ['ndjson', 'csv']) {
      const exported = await exportAs(attacker, `?format=${format}`);
      expect(exported.status).toBe(200);
      expect(exported.text).not.toContain(victimIds[0]);
      expect(exported.text).not.toContain(acme.owner.email);
    }
    const gql = await http.gql(GQL_LIST, { filter: { actorId: acme.owner.id } }, attacker);
    expect(gql.data.auditLog.data).toEqual([]);
    // A cursor forged from the victim's row does not open it either.
    const cursor = Buffer.from(
      JSON.stringify({ t: new Date(Date.now() + 60_000).toISOString(), id: victimIds[0] }),
    ).toString('base64url');
    expect(ids((await list(attacker, `?cursor=${cursor}&limit=100`)).body)).not.toContain(victimIds[0]);
  });

  it('redacts secrets in before/after, however deeply nested', async () => {
    const audit = api.app.get(AuditService);
    await inTenant(api.app.get<DataSource>(DATA_SOURCE), acme.id, (m) =>
      audit.record(m, {
        tenantId: acme.id,
        actor: { type: 'user', id: acme.owner.id, label: acme.owner.email },
        action: 'secret.rotated',
        target: { type: 'secret', id: 'SMTP' },
        before: { password: 'hunter2' },
        after: { name: 'SMTP', config: { token: 'tok-123', apiKey: 'k-456', host: 'smtp.example' } },
      }),
    );
    const res = await list(acme.users.admin.accessToken, '?action=secret.rotated');
    expect(res.body.data[0]).toMatchObject({
      before: { password: '[redacted]' },
      after: { name: 'SMTP', config: { token: '[redacted]', apiKey: '[redacted]', host: 'smtp.example' } },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|tok-123|k-456/);
  });
});
