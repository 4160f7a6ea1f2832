import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResponse } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { addMember, ADMINS, EVERYONE, login, OWNERS, uniqueEmail } from './testing/identity.fixtures.js';

type GqlBody = { data?: any; errors?: any[] };

/** One operation of the table: how to call it over each transport, and who may. */
interface Operation {
  does: string;
  allowed: Role[];
  okStatus: number;
  rest(token: string): Promise<HttpResponse>;
  gql(token: string): Promise<GqlBody>;
}

describe('member and invitation permissions', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  // Every call acts on a fresh target, so allowed calls never disturb the fixtures of later ones.
  const member = (role: Role = 'viewer') => addMember(api.db.ownerUrl, acme.id, role);
  const invitation = async () =>
    (
      await http.post(
        '/v1/invitations',
        { email: uniqueEmail('invitee'), role: 'viewer' },
        { token: acme.owner.accessToken },
      )
    ).body;
  /** After a successful transfer the new owner hands the tenant back, so later rows still hold. */
  const handBack = async (newOwner: { email: string }) => {
    const token = await login(http, newOwner.email, acme.id);
    const back = await http.post('/v1/members/transfer-ownership', { userId: acme.owner.id }, { token });
    expect(back.status).toBe(200);
  };

  const OPERATIONS: Operation[] = [
    {
      does: 'list members',
      allowed: ADMINS,
      okStatus: 200,
      rest: (token) => http.get('/v1/members', { token }),
      gql: (token) => http.gql(`{ members { data { userId role } nextCursor } }`, {}, token),
    },
    {
      does: 'change a member role',
      allowed: ADMINS,
      okStatus: 200,
      rest: async (token) => http.patch(`/v1/members/${(await member()).id}`, { role: 'editor' }, { token }),
      gql: async (token) =>
        http.gql(
          `mutation($u: ID!) { changeMemberRole(userId: $u, role: editor) { role } }`,
          { u: (await member()).id },
          token,
        ),
    },
    {
      does: 'remove a member',
      allowed: ADMINS,
      okStatus: 204,
      rest: async (token) => http.delete(`/v1/members/${(await member()).id}`, { token }),
      gql: async (token) =>
        http.gql(`mutation($u: ID!) { removeMember(userId: $u) }`, { u: (await member()).id }, token),
    },
    {
      does: 'transfer ownership',
      allowed: OWNERS,
      okStatus: 200,
      rest: async (token) => {
        const target = await member('admin');
        const res = await http.post('/v1/members/transfer-ownership', { userId: target.id }, { token });
        if (res.status === 200) await handBack(target);
        return res;
      },
      gql: async (token) => {
        const target = await member('admin');
        const body = await http.gql(
          `mutation($u: ID!) { transferOwnership(userId: $u) { role } }`,
          { u: target.id },
          token,
        );
        if (!body.errors) await handBack(target);
        return body;
      },
    },
    {
      does: 'invite a member',
      allowed: ADMINS,
      okStatus: 201,
      rest: (token) => http.post('/v1/invitations', { email: uniqueEmail('inv'), role: 'editor' }, { token }),
      gql: (token) =>
        http.gql(
          `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id token } }`,
          {
            i: { email: uniqueEmail('inv'), role: 'editor' },
          },
          token,
        ),
    },
    {
      does: 'list invitations',
      allowed: ADMINS,
      okStatus: 200,
      rest: (token) => http.get('/v1/invitations', { token }),
      gql: (token) => http.gql(`{ invitations { data { id email } nextCursor } }`, {}, token),
    },
    {
      does: 'revoke an invitation',
      allowed: ADMINS,
      okStatus: 204,
      rest: async (token) => http.delete(`/v1/invitations/${(await invitation()).id}`, { token }),
      gql: async (token) =>
        http.gql(`mutation($id: ID!) { revokeInvitation(id: $id) }`, { id: (await invitation()).id }, token),
    },
  ];

  for (const op of OPERATIONS) {
    describe(op.does, () => {
      for (const role of EVERYONE) {
        const allowed = op.allowed.includes(role);
        it(`is ${allowed ? 'allowed' : 'refused with permission.denied'} for ${role} over REST`, async () => {
          const res = await op.rest(acme.users[role].accessToken);
          if (allowed) expect(res.status, JSON.stringify(res.body)).toBe(op.okStatus);
          else expectProblem(res, 403, 'permission.denied');
        });
        it(`is ${allowed ? 'allowed' : 'refused with permission.denied'} for ${role} over GraphQL`, async () => {
          const body = await op.gql(acme.users[role].accessToken);
          if (allowed) expectGqlOk(body);
          else expectGqlError(body, 'permission.denied');
        });
      }
    });
  }

  it('refuses every operation without a credential', async () => {
    expectProblem(await http.get('/v1/members'), 401, 'auth.unauthenticated');
    expectProblem(
      await http.post('/v1/invitations', { email: uniqueEmail('x'), role: 'viewer' }),
      401,
      'auth.unauthenticated',
    );
    expectGqlError(await http.gql(`{ members { data { id } } }`), 'auth.unauthenticated');
  });
});
