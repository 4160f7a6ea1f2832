import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResponse } from '../../testing/http-client.js';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { addMember, auditRows, login, uniqueEmail } from './testing/identity.fixtures.js';

describe('members', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  /** A tenant of its own with two owners, signed in, for tests that change ownership. */
  const twoOwners = async () => {
    const signup = await http.post('/v1/auth/signup', {
      email: uniqueEmail('first'),
      password: TEST_PASSWORD,
      name: 'First Owner',
      tenantName: 'Owned Twice',
    });
    const tenantId: string = signup.body.tenant.id;
    const second = await addMember(api.db.ownerUrl, tenantId, 'owner', 'second');
    return {
      tenantId,
      a: { id: signup.body.user.id as string, token: signup.body.accessToken as string },
      b: { id: second.id, token: await login(http, second.email) },
    };
  };
  const owners = async (tenantId: string) =>
    tenantQuery(
      api.db.ownerUrl,
      tenantId,
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner'`,
      [tenantId],
    );

  it('lists members with their user, oldest first, page by page', async () => {
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: HttpResponse = await http.get(`/v1/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: acme.users.admin.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seen.map((m) => m.id)).size).toBe(seen.length);
    expect(seen[0]).toEqual({
      id: expect.any(String),
      userId: acme.owner.id,
      email: acme.owner.email,
      name: expect.any(String),
      role: 'owner',
      createdAt: expect.any(String),
    });
  });

  it('refuses a page size over 100 and a forged cursor', async () => {
    const big = await http.get('/v1/members?limit=101', { token: acme.owner.accessToken });
    expectProblem(big, 422, 'validation.failed');
    expect(big.body.errors[0].path).toBe('/limit');
    const forged = Buffer.from(JSON.stringify({ t: new Date().toISOString(), id: "x'; --" })).toString(
      'base64url',
    );
    expectProblem(
      await http.get(`/v1/members?cursor=${forged}`, { token: acme.owner.accessToken }),
      400,
      'pagination.invalid_cursor',
    );
  });

  it('changes a role and audits it with before and after', async () => {
    const target = await addMember(api.db.ownerUrl, acme.id, 'viewer');
    const res = await http.patch(
      `/v1/members/${target.id}`,
      { role: 'operator' },
      { token: acme.users.admin.accessToken },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: target.id, role: 'operator' });
    const [row] = (await auditRows(api.db.ownerUrl, acme.id, 'member.role_changed')).filter(
      (r) => r.target_id === target.id,
    );
    expect(row).toMatchObject({
      actor_id: acme.users.admin.id,
      before: { role: 'viewer' },
      after: { role: 'operator' },
    });
    expect(
      (await login(http, target.email).then((t) => http.get('/v1/auth/me', { token: t }))).body.role,
    ).toBe('operator');
  });

  it('rejects an unknown role and unknown fields with their paths', async () => {
    const target = await addMember(api.db.ownerUrl, acme.id, 'viewer');
    const res = await http.patch(
      `/v1/members/${target.id}`,
      { role: 'superuser', extra: 1 },
      { token: acme.owner.accessToken },
    );
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['/extra', '/role']);
  });

  it('answers 404 for a malformed or unknown member id', async () => {
    expectProblem(
      await http.patch('/v1/members/not-a-uuid', { role: 'viewer' }, { token: acme.owner.accessToken }),
      404,
      'resource.not_found',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectProblem(
      await http.delete(`/v1/members/${unknown}`, { token: acme.owner.accessToken }),
      404,
      'resource.not_found',
    );
  });

  describe('owners', () => {
    it('an admin cannot grant owner, nor change or remove an owner', async () => {
      const target = await addMember(api.db.ownerUrl, acme.id, 'viewer');
      const token = acme.users.admin.accessToken;
      expectProblem(
        await http.patch(`/v1/members/${target.id}`, { role: 'owner' }, { token }),
        403,
        'permission.denied',
      );
      expectProblem(
        await http.patch(`/v1/members/${acme.owner.id}`, { role: 'viewer' }, { token }),
        403,
        'permission.denied',
      );
      expectProblem(await http.delete(`/v1/members/${acme.owner.id}`, { token }), 403, 'permission.denied');
      expectGqlError(
        await http.gql(
          `mutation($u: ID!) { changeMemberRole(userId: $u, role: owner) { role } }`,
          { u: target.id },
          token,
        ),
        'permission.denied',
      );
    });

    it('the last owner can be neither demoted nor removed, not even by themselves', async () => {
      const token = acme.owner.accessToken;
      expectProblem(
        await http.patch(`/v1/members/${acme.owner.id}`, { role: 'admin' }, { token }),
        409,
        'member.last_owner',
      );
      expectProblem(await http.delete(`/v1/members/${acme.owner.id}`, { token }), 409, 'member.last_owner');
      expectGqlError(
        await http.gql(`mutation($u: ID!) { removeMember(userId: $u) }`, { u: acme.owner.id }, token),
        'member.last_owner',
      );
      expect(await owners(acme.id)).toEqual([{ user_id: acme.owner.id }]);
    });

    it('with two owners, one may step down', async () => {
      const t = await twoOwners();
      const res = await http.patch(`/v1/members/${t.a.id}`, { role: 'editor' }, { token: t.a.token });
      expect(res.status).toBe(200);
      expect(await owners(t.tenantId)).toEqual([{ user_id: t.b.id }]);
    });

    for (const [name, act] of [
      [
        'demote each other',
        (t: any) => [
          http.patch(`/v1/members/${t.b.id}`, { role: 'admin' }, { token: t.a.token }),
          http.patch(`/v1/members/${t.a.id}`, { role: 'admin' }, { token: t.b.token }),
        ],
      ],
      [
        'step down at once',
        (t: any) => [
          http.patch(`/v1/members/${t.a.id}`, { role: 'viewer' }, { token: t.a.token }),
          http.patch(`/v1/members/${t.b.id}`, { role: 'viewer' }, { token: t.b.token }),
        ],
      ],
      [
        'remove each other',
        (t: any) => [
          http.delete(`/v1/members/${t.b.id}`, { token: t.a.token }),
          http.delete(`/v1/members/${t.a.id}`, { token: t.b.token }),
        ],
      ],
    ] as const) {
      it(`two owners who ${name} concurrently leave exactly one owner`, async () => {
        for (let round = 0; round < 3; round++) {
          const t = await twoOwners();
          const results = await Promise.all(act(t));
          const ok = results.filter((r) => r.status >= 200 && r.status < 300);
          expect(ok, JSON.stringify(results.map((r) => r.body))).toHaveLength(1);
          // The loser either saw the other's change (last owner), had already lost the role, or —
          // when the winner removed them before their request was authenticated — no longer has
          // a membership for their token at all.
          for (const r of results.filter((x) => x.status >= 300))
            expect(['member.last_owner', 'permission.denied', 'auth.token_invalid']).toContain(r.body.code);
          expect(await owners(t.tenantId)).toHaveLength(1);
        }
      });
    }

    it('transfer makes the target owner and the caller admin, and is audited', async () => {
      const t = await twoOwners();
      await tenantQuery(
        api.db.ownerUrl,
        t.tenantId,
        `UPDATE memberships SET role = 'admin' WHERE user_id = $1`,
        [t.b.id],
      );
      const res = await http.post('/v1/members/transfer-ownership', { userId: t.b.id }, { token: t.a.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: t.b.id, role: 'owner' });
      expect(await owners(t.tenantId)).toEqual([{ user_id: t.b.id }]);
      expect((await http.get('/v1/auth/me', { token: t.a.token })).body.role).toBe('admin');
      const [row] = await auditRows(api.db.ownerUrl, t.tenantId, 'tenant.ownership_transferred');
      expect(row).toMatchObject({
        actor_id: t.a.id,
        before: { ownerUserId: t.a.id },
        after: { ownerUserId: t.b.id },
      });
      // The former owner is now an admin and can no longer transfer.
      expectProblem(
        await http.post('/v1/members/transfer-ownership', { userId: t.a.id }, { token: t.a.token }),
        403,
        'permission.denied',
      );
    });

    it('transfer refuses a non-member and the caller themselves', async () => {
      const token = acme.owner.accessToken;
      const stranger = '00000000-0000-4000-8000-000000000001';
      expectProblem(
        await http.post('/v1/members/transfer-ownership', { userId: stranger }, { token }),
        404,
        'resource.not_found',
      );
      expectProblem(
        await http.post('/v1/members/transfer-ownership', { userId: acme.owner.id }, { token }),
        422,
        'validation.failed',
      );
      expectProblem(
        await http.post('/v1/members/transfer-ownership', { userId: 'nope' }, { token }),
        422,
        'validation.failed',
      );
    });
  });

  it('removing a member ends their access at once and is audited', async () => {
    const target = await addMember(api.db.ownerUrl, acme.id, 'editor');
    const session = await http.post('/v1/auth/login', { email: target.email, password: TEST_PASSWORD });
    expect((await http.get('/v1/auth/me', { token: session.body.accessToken })).status).toBe(200);
    expect(
      (await http.delete(`/v1/members/${target.id}`, { token: acme.users.admin.accessToken })).status,
    ).toBe(204);
    expectProblem(
      await http.get('/v1/auth/me', { token: session.body.accessToken }),
      401,
      'auth.token_invalid',
    );
    expectProblem(
      await http.post('/v1/auth/refresh', { refreshToken: session.body.refreshToken }),
      401,
      'auth.token_invalid',
    );
    const [row] = (await auditRows(api.db.ownerUrl, acme.id, 'member.removed')).filter(
      (r) => r.target_id === target.id,
    );
    expect(row).toMatchObject({
      actor_id: acme.users.admin.id,
      before: { email: target.email, role: 'editor' },
    });
    expectProblem(
      await http.delete(`/v1/members/${target.id}`, { token: acme.users.admin.accessToken }),
      404,
      'resource.not_found',
    );
  });

  it('an admin may remove themselves (leave the tenant)', async () => {
    const admin = await addMember(api.db.ownerUrl, acme.id, 'admin');
    const token = await login(http, admin.email);
    expect((await http.delete(`/v1/members/${admin.id}`, { token })).status).toBe(204);
    expect((await http.get('/v1/auth/me', { token })).status).toBe(401);
  });

  describe('leaving a tenant', () => {
    it('lets a member of any role leave: their access ends and it is audited', async () => {
      for (const role of ['viewer', 'operator', 'editor'] as const) {
        const member = await addMember(api.db.ownerUrl, acme.id, role, `leaver-${role}`);
        const token = await login(http, member.email);
        expect((await http.post('/v1/members/leave', undefined, { token })).status).toBe(204);
        expectProblem(await http.get('/v1/auth/me', { token }), 401, 'auth.token_invalid');
        const rows = (await auditRows(api.db.ownerUrl, acme.id, 'member.left')).filter(
          (r) => r.target_id === member.id,
        );
        expect(rows).toEqual([
          expect.objectContaining({ actor_id: member.id, before: { email: member.email, role } }),
        ]);
      }
    });

    it('refuses the last owner, over REST and GraphQL, and refuses API keys', async () => {
      const signup = await http.post('/v1/auth/signup', {
        email: uniqueEmail('lonely'),
        password: TEST_PASSWORD,
        name: 'Lonely Owner',
        tenantName: 'Solo',
      });
      const token = signup.body.accessToken as string;
      expectProblem(await http.post('/v1/members/leave', undefined, { token }), 409, 'member.last_owner');
      expectGqlError(await http.gql('mutation { leaveTenant }', {}, token), 'member.last_owner');
      expect((await http.get('/v1/auth/me', { token })).status).toBe(200);

      const created = await http.post('/v1/api-keys', { name: 'leaver', scopes: ['admin'] }, { token });
      expectProblem(
        await http.post('/v1/members/leave', undefined, { token: created.body.key }),
        403,
        'permission.denied',
      );
    });

    it('lets one of two owners leave over GraphQL', async () => {
      const { a, b, tenantId } = await twoOwners();
      expect((await http.gql('mutation { leaveTenant }', {}, b.token)).data).toEqual({ leaveTenant: true });
      expect((await owners(tenantId)).map((o: { user_id: string }) => o.user_id)).toEqual([a.id]);
    });
  });

  describe('between tenants', () => {
    let victim: TestTenant;
    beforeAll(async () => {
      victim = await createTestTenant(http, api.db.ownerUrl, 'victim');
    });

    it("a tenant cannot read, change or remove another tenant's member", async () => {
      const target = victim.users.editor.id;
      for (const token of [acme.owner.accessToken, acme.users.admin.accessToken]) {
        expectProblem(
          await http.patch(`/v1/members/${target}`, { role: 'viewer' }, { token }),
          404,
          'resource.not_found',
        );
        expectProblem(await http.delete(`/v1/members/${target}`, { token }), 404, 'resource.not_found');
        expectProblem(
          await http.post(
            '/v1/members/transfer-ownership',
            { userId: target },
            { token: acme.owner.accessToken },
          ),
          404,
          'resource.not_found',
        );
        expectGqlError(
          await http.gql(
            `mutation($u: ID!) { changeMemberRole(userId: $u, role: viewer) { role } }`,
            { u: target },
            token,
          ),
          'resource.not_found',
        );
        expectGqlError(
          await http.gql(`mutation($u: ID!) { removeMember(userId: $u) }`, { u: target }, token),
          'resource.not_found',
        );
      }
      const roles = await tenantQuery(
        api.db.ownerUrl,
        victim.id,
        `SELECT role FROM memberships WHERE user_id = $1`,
        [target],
      );
      expect(roles).toEqual([{ role: 'editor' }]);
    });

    it("lists never show another tenant's members", async () => {
      const theirs = (
        await http.get('/v1/members?limit=100', { token: victim.owner.accessToken })
      ).body.data.map((m: any) => m.userId);
      const ours = Object.values(acme.users).map((u) => u.id);
      expect(theirs.filter((id: string) => ours.includes(id))).toEqual([]);
      const gql = await http.gql(`{ members(limit: 100) { data { userId } } }`, {}, victim.owner.accessToken);
      expect(gql.data.members.data.map((m: any) => m.userId).sort()).toEqual([...theirs].sort());
    });
  });
});
