import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { addMember, auditRows, uniqueEmail } from './testing/identity.fixtures.js';

describe('invitations', () => {
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

  const invite = async (
    email = uniqueEmail('invitee'),
    role = 'editor',
    token = acme.users.admin.accessToken,
  ) => {
    const res = await http.post('/v1/invitations', { email, role }, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; email: string; role: string; token: string; expiresAt: string };
  };
  const accept = (body: Record<string, unknown>) => http.post('/v1/invitations/accept', body);

  it('answers the one-time token once and stores only its hash, for 7 days', async () => {
    const inv = await invite();
    expect(inv.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(inv.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const [row] = await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM invitations WHERE id = $1`, [
      inv.id,
    ]);
    expect(row.token_hash).toBe(createHash('sha256').update(inv.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(inv.token);
    const listed = (await http.get('/v1/invitations', { token: acme.owner.accessToken })).body.data.find(
      (i: any) => i.id === inv.id,
    );
    expect(listed).toEqual({
      id: inv.id,
      email: inv.email,
      role: 'editor',
      invitedBy: acme.users.admin.id,
      expiresAt: inv.expiresAt,
      createdAt: expect.any(String),
    });
    const [audit] = (await auditRows(api.db.ownerUrl, acme.id, 'member.invited')).filter(
      (r) => r.target_id === inv.id,
    );
    expect(audit).toMatchObject({
      actor_id: acme.users.admin.id,
      after: { email: inv.email, role: 'editor' },
    });
    expect(JSON.stringify(audit)).not.toContain(inv.token);
  });

  it('a new user accepts, joins with the role, signs in, and can log in later', async () => {
    const inv = await invite(uniqueEmail('Newcomer'));
    const res = await accept({ token: inv.token, name: 'New Comer', password: 'a-new-long-password' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      role: 'editor',
      tenant: { id: acme.id },
      user: { email: inv.email, name: 'New Comer' },
    });
    expect((await http.get('/v1/auth/me', { token: res.body.accessToken })).body.role).toBe('editor');
    const login = await http.post('/v1/auth/login', { email: inv.email, password: 'a-new-long-password' });
    expect(login.status).toBe(200);
    expect(login.body.tenant.id).toBe(acme.id);
    const pending = (await http.get('/v1/invitations?limit=100', { token: acme.owner.accessToken })).body
      .data;
    expect(pending.map((i: any) => i.id)).not.toContain(inv.id);
    const [joined] = (await auditRows(api.db.ownerUrl, acme.id, 'member.joined')).filter(
      (r) => r.target_id === res.body.user.id,
    );
    expect(joined).toMatchObject({
      actor_type: 'user',
      actor_id: res.body.user.id,
      after: { role: 'editor', invitationId: inv.id },
    });

    expectProblem(
      await accept({ token: inv.token, name: 'Again', password: 'a-new-long-password' }),
      409,
      'invitation.already_accepted',
    );
  });

  it('an existing user proves the account with its password; a wrong one is 401 and changes nothing', async () => {
    const inv = await invite(other.users.viewer.email.toUpperCase(), 'operator');
    expectProblem(
      await accept({ token: inv.token, password: 'not-the-password' }),
      401,
      'auth.invalid_credentials',
    );
    const still = (await http.get('/v1/invitations?limit=100', { token: acme.owner.accessToken })).body.data;
    expect(still.map((i: any) => i.id)).toContain(inv.id);

    const res = await accept({ token: inv.token, password: TEST_PASSWORD, name: 'Ignored' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      role: 'operator',
      tenant: { id: acme.id },
      user: { id: other.users.viewer.id },
    });
    expect(res.body.memberships.map((m: any) => m.tenantId).sort()).toEqual([acme.id, other.id].sort());
  });

  it('refuses expired, revoked and unknown tokens with their own codes', async () => {
    const expired = await invite();
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );
    const body = { name: 'Late', password: 'a-long-password' };
    expectProblem(await accept({ ...body, token: expired.token }), 410, 'invitation.expired');

    const revoked = await invite();
    expect(
      (await http.delete(`/v1/invitations/${revoked.id}`, { token: acme.users.admin.accessToken })).status,
    ).toBe(204);
    expectProblem(await accept({ ...body, token: revoked.token }), 410, 'invitation.revoked');
    expectProblem(await accept({ ...body, token: 'x'.repeat(43) }), 404, 'resource.not_found');
  });

  it('revoking is idempotent, audited once, and impossible once accepted', async () => {
    const inv = await invite();
    for (let i = 0; i < 2; i++) {
      expect((await http.delete(`/v1/invitations/${inv.id}`, { token: acme.owner.accessToken })).status).toBe(
        204,
      );
    }
    const rows = (await auditRows(api.db.ownerUrl, acme.id, 'invitation.revoked')).filter(
      (r) => r.target_id === inv.id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: acme.owner.id, before: { email: inv.email, role: 'editor' } });

    const accepted = await invite();
    expect((await accept({ token: accepted.token, name: 'Quick', password: 'a-long-password' })).status).toBe(
      200,
    );
    expectProblem(
      await http.delete(`/v1/invitations/${accepted.id}`, { token: acme.owner.accessToken }),
      409,
      'invitation.already_accepted',
    );
  });

  it('only an owner may invite an owner', async () => {
    expectProblem(
      await http.post(
        '/v1/invitations',
        { email: uniqueEmail('boss'), role: 'owner' },
        { token: acme.users.admin.accessToken },
      ),
      403,
      'permission.denied',
    );
    const inv = await invite(uniqueEmail('boss'), 'owner', acme.owner.accessToken);
    const res = await accept({ token: inv.token, name: 'Co Owner', password: 'a-long-password' });
    expect(res.body.role).toBe('owner');
  });

  it('refuses to invite a member or an email with a pending invitation', async () => {
    expectProblem(
      await http.post(
        '/v1/invitations',
        { email: acme.users.viewer.email.toUpperCase(), role: 'editor' },
        { token: acme.owner.accessToken },
      ),
      409,
      'member.already_member',
    );
    const inv = await invite();
    expectProblem(
      await http.post(
        '/v1/invitations',
        { email: inv.email, role: 'viewer' },
        { token: acme.owner.accessToken },
      ),
      409,
      'invitation.pending',
    );
  });

  it('refuses an invitee who became a member meanwhile, and keeps the invitation pending', async () => {
    const person = await addMember(api.db.ownerUrl, other.id, 'viewer', 'meanwhile');
    const inv = await invite(person.email);
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')`,
      [acme.id, person.id],
    );
    expectProblem(await accept({ token: inv.token, password: TEST_PASSWORD }), 409, 'member.already_member');
    const [row] = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT accepted_at FROM invitations WHERE id = $1`,
      [inv.id],
    );
    expect(row.accepted_at).toBeNull();
  });

  it('lets exactly one of two concurrent acceptances of a token win', async () => {
    const inv = await invite();
    const body = { token: inv.token, name: 'Racer', password: 'a-long-password' };
    const results = await Promise.all([accept(body), accept(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('validates the acceptance: a new user needs a name and a password of 10+ characters', async () => {
    const inv = await invite();
    const noName = await accept({ token: inv.token, password: 'a-long-password' });
    expectProblem(noName, 422, 'validation.failed');
    expect(noName.body.errors[0].path).toBe('/name');
    const short = await accept({ token: inv.token, name: 'Short', password: 'short', admin: true });
    expectProblem(short, 422, 'validation.failed');
    expect(short.body.errors.map((e: any) => e.path).sort()).toEqual(['/admin', '/password']);
  });

  it('works over GraphQL, acceptance included without a credential', async () => {
    const created = await http.gql(
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id email role token } }`,
      { i: { email: uniqueEmail('graph'), role: 'viewer' } },
      acme.owner.accessToken,
    );
    expectGqlOk(created);
    const listed = await http.gql(`{ invitations(limit: 100) { data { id } } }`, {}, acme.owner.accessToken);
    expect(listed.data.invitations.data.map((i: any) => i.id)).toContain(created.data.inviteMember.id);
    const accepted = await http.gql(
      `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { role tenant { id } accessToken } }`,
      { i: { token: created.data.inviteMember.token, name: 'Graph User', password: 'a-long-password' } },
    );
    expect(accepted.data.acceptInvitation).toMatchObject({ role: 'viewer', tenant: { id: acme.id } });
    const again = await http.gql(
      `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { role } }`,
      { i: { token: created.data.inviteMember.token, name: 'Graph User', password: 'a-long-password' } },
    );
    expectGqlError(again, 'invitation.already_accepted');
  });

  describe('between tenants', () => {
    it("a tenant cannot revoke another tenant's invitation, nor see it listed", async () => {
      const theirs = await invite(uniqueEmail('theirs'), 'viewer', other.owner.accessToken);
      for (const token of [acme.owner.accessToken, acme.users.admin.accessToken]) {
        expectProblem(
          await http.delete(`/v1/invitations/${theirs.id}`, { token }),
          404,
          'resource.not_found',
        );
        expectGqlError(
          await http.gql(`mutation($id: ID!) { revokeInvitation(id: $id) }`, { id: theirs.id }, token),
          'resource.not_found',
        );
      }
      const ours = (
        await http.get('/v1/invitations?limit=100', { token: acme.owner.accessToken })
      ).body.data.map((i: any) => i.id);
      expect(ours).not.toContain(theirs.id);
      const [row] = await tenantQuery(
        api.db.ownerUrl,
        other.id,
        `SELECT revoked_at FROM invitations WHERE id = $1`,
        [theirs.id],
      );
      expect(row.revoked_at).toBeNull();
      expectProblem(
        await http.delete('/v1/invitations/12345', { token: acme.owner.accessToken }),
        404,
        'resource.not_found',
      );
    });
  });
});
