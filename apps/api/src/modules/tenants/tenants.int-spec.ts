import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { ADMINS, auditRows, EVERYONE } from '../members/testing/identity.fixtures.js';

describe('tenant', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, other] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'other'),
    ]);
  });
  afterAll(() => api?.close());

  describe('permissions', () => {
    const OPERATIONS = [
      {
        does: 'read the tenant',
        allowed: EVERYONE,
        rest: (token: string) => http.get('/v1/tenant', { token }),
        gql: (token: string) => http.gql(`{ tenant { id name settings { retentionDays } } }`, {}, token),
      },
      {
        does: 'update the tenant',
        allowed: ADMINS,
        rest: (token: string) => http.patch('/v1/tenant', { settings: { maxConcurrentRuns: 20 } }, { token }),
        gql: (token: string) =>
          http.gql(
            `mutation { updateTenant(input: { settings: { maxConcurrentRuns: 20 } }) { id } }`,
            {},
            token,
          ),
      },
    ];
    for (const op of OPERATIONS) {
      for (const role of EVERYONE as Role[]) {
        const allowed = op.allowed.includes(role);
        const outcome = allowed ? 'allowed' : 'refused with permission.denied';
        it(`${op.does} is ${outcome} for ${role} over REST`, async () => {
          const res = await op.rest(acme.users[role].accessToken);
          if (allowed) expect(res.status, JSON.stringify(res.body)).toBe(200);
          else expectProblem(res, 403, 'permission.denied');
        });
        it(`${op.does} is ${outcome} for ${role} over GraphQL`, async () => {
          const body = await op.gql(acme.users[role].accessToken);
          if (allowed) expectGqlOk(body);
          else expectGqlError(body, 'permission.denied');
        });
      }
    }
  });

  it('answers the tenant of the credential', async () => {
    const res = await http.get('/v1/tenant', { token: other.users.viewer.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: other.id,
      slug: expect.stringMatching(/^tenant-other/),
      name: other.name,
      settings: {},
      createdAt: expect.any(String),
    });
  });

  it('updates name and settings, merging settings, and audits before and after', async () => {
    const first = await http.patch(
      '/v1/tenant',
      { name: 'Renamed', settings: { retentionDays: 14, runStartsPerMinute: 600 } },
      {
        token: other.users.admin.accessToken,
      },
    );
    expect(first.status).toBe(200);
    const second = await http.patch(
      '/v1/tenant',
      { settings: { retentionDays: 90 } },
      { token: other.owner.accessToken },
    );
    expect(second.body).toMatchObject({
      id: other.id,
      name: 'Renamed',
      settings: { retentionDays: 90, runStartsPerMinute: 600 },
    });
    expect((await http.get('/v1/tenant', { token: other.users.viewer.accessToken })).body.settings).toEqual({
      retentionDays: 90,
      runStartsPerMinute: 600,
    });
    const rows = await auditRows(api.db.ownerUrl, other.id, 'tenant.updated');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actor_id: other.users.admin.id,
      target_type: 'tenant',
      target_id: other.id,
      before: { name: other.name, settings: {} },
      after: { name: 'Renamed', settings: { retentionDays: 14, runStartsPerMinute: 600 } },
    });
    expect(rows[1]).toMatchObject({
      before: { settings: { retentionDays: 14 } },
      after: { settings: { retentionDays: 90 } },
    });
    // A tenant's change never shows in another.
    expect((await http.get('/v1/tenant', { token: acme.owner.accessToken })).body.name).toBe(acme.name);
  });

  it('records nothing when nothing changes', async () => {
    const before = (await auditRows(api.db.ownerUrl, acme.id, 'tenant.updated')).length;
    const current = (await http.get('/v1/tenant', { token: acme.owner.accessToken })).body;
    expect(
      (await http.patch('/v1/tenant', { name: current.name }, { token: acme.owner.accessToken })).status,
    ).toBe(200);
    expect(await auditRows(api.db.ownerUrl, acme.id, 'tenant.updated')).toHaveLength(before);
  });

  it.each([
    [{ settings: { retentionDays: 0 } }, '/settings/retentionDays'],
    [{ settings: { retentionDays: 366 } }, '/settings/retentionDays'],
    [{ settings: { maxConcurrentRuns: 10_001 } }, '/settings/maxConcurrentRuns'],
    [{ settings: { runStartsPerMinute: 1.5 } }, '/settings/runStartsPerMinute'],
    [{ settings: { networkPolicy: 'open' } }, '/settings/networkPolicy'],
    [{ name: '' }, '/name'],
    [{ id: '00000000-0000-4000-8000-000000000000' }, '/id'],
    [{ slug: 'mine' }, '/slug'],
  ])('refuses %j naming %s', async (body, path) => {
    const res = await http.patch('/v1/tenant', body, { token: acme.owner.accessToken });
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('validates GraphQL input the same way', async () => {
    const body = await http.gql(
      `mutation { updateTenant(input: { settings: { retentionDays: 400 } }) { id } }`,
      {},
      acme.owner.accessToken,
    );
    expectGqlError(body, 'validation.failed');
  });
});
