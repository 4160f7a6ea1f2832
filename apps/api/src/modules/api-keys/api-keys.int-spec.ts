import { createHash } from 'node:crypto';
import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { addMember, ADMINS, auditRows, EVERYONE } from '../members/testing/identity.fixtures.js';

describe('API keys', () => {
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

  const createKey = async (
    scopes: string[],
    token = acme.owner.accessToken,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await http.post(
      '/v1/api-keys',
      { name: `key ${scopes.join(' ')}`, scopes, ...extra },
      { token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; key: string; prefix: string; scopes: string[] };
  };

  describe('permissions', () => {
    const OPERATIONS = [
      {
        does: 'create a key',
        okStatus: 201,
        rest: (token: string) =>
          http.post('/v1/api-keys', { name: 'matrix', scopes: ['runs:read'] }, { token }),
        gql: (token: string) =>
          http.gql(
            `mutation { createApiKey(input: { name: "matrix", scopes: ["runs:read"] }) { id key } }`,
            {},
            token,
          ),
      },
      {
        does: 'list keys',
        okStatus: 200,
        rest: (token: string) => http.get('/v1/api-keys', { token }),
        gql: (token: string) => http.gql(`{ apiKeys { data { id prefix } nextCursor } }`, {}, token),
      },
      {
        does: 'revoke a key',
        okStatus: 204,
        rest: async (token: string) =>
          http.delete(`/v1/api-keys/${(await createKey(['runs:read'])).id}`, { token }),
        gql: async (token: string) =>
          http.gql(
            `mutation($id: ID!) { revokeApiKey(id: $id) }`,
            { id: (await createKey(['runs:read'])).id },
            token,
          ),
      },
    ];
    for (const op of OPERATIONS) {
      for (const role of EVERYONE as Role[]) {
        const allowed = ADMINS.includes(role);
        const outcome = allowed ? 'allowed' : 'refused with permission.denied';
        it(`${op.does} is ${outcome} for ${role} over REST`, async () => {
          const res = await op.rest(acme.users[role].accessToken);
          if (allowed) expect(res.status, JSON.stringify(res.body)).toBe(op.okStatus);
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

  it('shows the key once, stores its hash, lists only the prefix, and audits without the key', async () => {
    const created = await createKey(['flows:read', 'runs:write'], acme.users.admin.accessToken);
    expect(created.key).toMatch(/^sl_live_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    const [row] = await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM api_keys WHERE id = $1`, [
      created.id,
    ]);
    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(row.created_by).toBe(acme.users.admin.id);

    const list = await http.get('/v1/api-keys?limit=100', { token: acme.owner.accessToken });
    const listed = list.body.data.find((k: any) => k.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name: 'key flows:read runs:write',
      prefix: created.prefix,
      scopes: ['flows:read', 'runs:write'],
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    expect(JSON.stringify(list.body)).not.toContain(row.key_hash);

    const audit = (await auditRows(api.db.ownerUrl, acme.id, 'apikey.created')).filter(
      (r) => r.target_id === created.id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: acme.users.admin.id,
      after: { prefix: created.prefix, scopes: ['flows:read', 'runs:write'] },
    });
    expect(JSON.stringify(audit)).not.toContain(created.key.slice(12));
  });

  it('an admin key manages members; a flows:read key cannot', async () => {
    const admin = await createKey(['admin']);
    const target = await addMember(api.db.ownerUrl, acme.id, 'viewer');
    expect((await http.get('/v1/members', { token: admin.key })).status).toBe(200);
    const changed = await http.patch(`/v1/members/${target.id}`, { role: 'editor' }, { token: admin.key });
    expect(changed.status).toBe(200);
    const [row] = (await auditRows(api.db.ownerUrl, acme.id, 'member.role_changed')).filter(
      (r) => r.target_id === target.id,
    );
    expect(row).toMatchObject({ actor_type: 'api_key', actor_id: admin.id });
    // Even an admin key holds no owner rights.
    expectProblem(
      await http.patch(`/v1/members/${target.id}`, { role: 'owner' }, { token: admin.key }),
      403,
      'permission.denied',
    );
    expectProblem(
      await http.post('/v1/members/transfer-ownership', { userId: target.id }, { token: admin.key }),
      403,
      'permission.denied',
    );

    const reader = await createKey(['flows:read']);
    expectProblem(await http.get('/v1/members', { token: reader.key }), 403, 'permission.denied');
    expectProblem(
      await http.post('/v1/api-keys', { name: 'escalate', scopes: ['admin'] }, { token: reader.key }),
      403,
      'permission.denied',
    );
    expectGqlError(await http.gql(`{ members { data { id } } }`, {}, reader.key), 'permission.denied');
  });

  it('records when a key was last used', async () => {
    const key = await createKey(['admin']);
    expect((await http.get('/v1/tenant', { token: key.key })).status).toBe(200);
    const listed = (
      await http.get('/v1/api-keys?limit=100', { token: acme.owner.accessToken })
    ).body.data.find((k: any) => k.id === key.id);
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a revoked key is refused; revoking again changes nothing', async () => {
    const key = await createKey(['admin']);
    expect((await http.get('/v1/members', { token: key.key })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect(
        (await http.delete(`/v1/api-keys/${key.id}`, { token: acme.users.admin.accessToken })).status,
      ).toBe(204);
    }
    expectProblem(await http.get('/v1/members', { token: key.key }), 401, 'auth.token_invalid');
    const revoked = (await auditRows(api.db.ownerUrl, acme.id, 'apikey.revoked')).filter(
      (r) => r.target_id === key.id,
    );
    expect(revoked).toHaveLength(1);
    const listed = (
      await http.get('/v1/api-keys?limit=100', { token: acme.owner.accessToken })
    ).body.data.find((k: any) => k.id === key.id);
    expect(listed.revokedAt).toEqual(expect.any(String));
  });

  it('an expired key is refused as expired', async () => {
    const key = await createKey(['admin'], acme.owner.accessToken, {
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await http.get('/v1/members', { token: key.key })).status).toBe(200);
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [key.id],
    );
    expectProblem(await http.get('/v1/members', { token: key.key }), 401, 'auth.token_expired');
  });

  it.each([
    [{ name: 'x', scopes: [] }, '/scopes'],
    [{ name: 'x', scopes: ['admin', 'admin'] }, '/scopes'],
    [{ name: 'x', scopes: ['root'] }, '/scopes'],
    [{ name: '', scopes: ['admin'] }, '/name'],
    [{ name: 'x', scopes: ['admin'], expiresAt: 'tomorrow' }, '/expiresAt'],
    [{ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' }, '/expiresAt'],
    [{ name: 'x', scopes: ['admin'], tenantId: '00000000-0000-4000-8000-000000000000' }, '/tenantId'],
  ])('refuses %j naming %s', async (body, path) => {
    const res = await http.post('/v1/api-keys', body, { token: acme.owner.accessToken });
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('validates GraphQL input the same way', async () => {
    const body = await http.gql(
      `mutation { createApiKey(input: { name: "x", scopes: ["root"] }) { id } }`,
      {},
      acme.owner.accessToken,
    );
    expectGqlError(body, 'validation.failed');
  });

  describe('between tenants', () => {
    it("neither a user nor a key of one tenant can revoke another tenant's key, or see it", async () => {
      const theirs = await createKey(['admin'], other.owner.accessToken);
      const ourKey = await createKey(['admin']);
      for (const token of [acme.owner.accessToken, ourKey.key]) {
        expectProblem(await http.delete(`/v1/api-keys/${theirs.id}`, { token }), 404, 'resource.not_found');
        expectGqlError(
          await http.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: theirs.id }, token),
          'resource.not_found',
        );
        const ids = (await http.get('/v1/api-keys?limit=100', { token })).body.data.map((k: any) => k.id);
        expect(ids).not.toContain(theirs.id);
      }
      // Their key still works, and sees its own tenant only.
      const members = (await http.get('/v1/members?limit=100', { token: theirs.key })).body.data.map(
        (m: any) => m.userId,
      );
      expect(members).toContain(other.owner.id);
      expect(members).not.toContain(acme.owner.id);
      expectProblem(
        await http.patch(`/v1/members/${acme.users.viewer.id}`, { role: 'editor' }, { token: theirs.key }),
        404,
        'resource.not_found',
      );
      expectProblem(
        await http.delete('/v1/api-keys/not-a-uuid', { token: acme.owner.accessToken }),
        404,
        'resource.not_found',
      );
    });
  });
});
