import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { ADMINS, EVERYONE } from '../members/testing/identity.fixtures.js';

let seq = 0;
const uniqueName = () => `MATRIX_${++seq}`;

describe('secrets: who may do what', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
  });
  afterAll(() => api?.close());

  const createSecret = async (tenant = acme) => {
    const res = await http.post(
      '/v1/secrets',
      { name: uniqueName(), value: 'seed-value-1234' },
      { token: tenant.owner.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  const OPERATIONS = [
    {
      does: 'create a secret',
      okStatus: 201,
      rest: (token: string) => http.post('/v1/secrets', { name: uniqueName(), value: 'v-1234' }, { token }),
      gql: (token: string) =>
        http.gql(
          `mutation($input: CreateSecretInput!) { createSecret(input: $input) { id } }`,
          { input: { name: uniqueName(), value: 'v-1234' } },
          token,
        ),
    },
    {
      does: 'list secrets',
      okStatus: 200,
      rest: (token: string) => http.get('/v1/secrets', { token }),
      gql: (token: string) => http.gql(`{ secrets { data { id name } nextCursor } }`, {}, token),
    },
    {
      does: 'read a secret',
      okStatus: 200,
      rest: async (token: string) => http.get(`/v1/secrets/${await createSecret()}`, { token }),
      gql: async (token: string) =>
        http.gql(`query($id: ID!) { secret(id: $id) { id } }`, { id: await createSecret() }, token),
    },
    {
      does: 'update a secret',
      okStatus: 200,
      rest: async (token: string) =>
        http.patch(`/v1/secrets/${await createSecret()}`, { value: 'new-1234' }, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { updateSecret(id: $id, input: { value: "new-1234" }) { id } }`,
          { id: await createSecret() },
          token,
        ),
    },
    {
      does: 'delete a secret',
      okStatus: 204,
      rest: async (token: string) => http.delete(`/v1/secrets/${await createSecret()}`, { token }),
      gql: async (token: string) =>
        http.gql(`mutation($id: ID!) { deleteSecret(id: $id) }`, { id: await createSecret() }, token),
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
    it(`${op.does} is allowed for an API key with the admin scope only`, async () => {
      const admin = await insertApiKey(api.db.ownerUrl, acme.id, ['admin']);
      expect((await op.rest(admin)).status).toBe(op.okStatus);
      const others = await insertApiKey(api.db.ownerUrl, acme.id, [
        'flows:read',
        'flows:write',
        'runs:read',
        'runs:write',
        'events:write',
      ]);
      expectProblem(await op.rest(others), 403, 'permission.denied');
    });
  }

  it('records a secret created by an API key without a user, and audits the key as the actor', async () => {
    const key = await insertApiKey(api.db.ownerUrl, acme.id, ['admin']);
    const res = await http.post('/v1/secrets', { name: 'BY_KEY', value: 'k-1234' }, { token: key });
    expect(res.body.createdBy).toBeNull();
    const [row] = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT actor_type FROM audit_log WHERE action = 'secret.created' AND target_id = $1`,
      [res.body.id],
    );
    expect(row.actor_type).toBe('api_key');
  });

  describe("another tenant's secret", () => {
    let victimId: string;
    let victimRow: Record<string, unknown>;
    const attacker = () => acme.users.admin.accessToken;

    beforeAll(async () => {
      victimId = await createSecret(victim);
      [victimRow] = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM secrets WHERE id = $1`, [
        victimId,
      ]);
    });

    it('answers 404 over REST to an attacker admin, exactly as an unknown id', async () => {
      for (const res of [
        await http.get(`/v1/secrets/${victimId}`, { token: attacker() }),
        await http.patch(`/v1/secrets/${victimId}`, { value: 'stolen-1234' }, { token: attacker() }),
        await http.patch(`/v1/secrets/${victimId}`, { description: 'x' }, { token: attacker() }),
        await http.delete(`/v1/secrets/${victimId}`, { token: attacker() }),
        await http.get(`/v1/secrets/00000000-0000-4000-8000-000000000000`, { token: attacker() }),
      ]) {
        expectProblem(res, 404, 'resource.not_found');
      }
    });

    it('answers not found over GraphQL and never lists it', async () => {
      for (const body of [
        await http.gql(`query($id: ID!) { secret(id: $id) { id } }`, { id: victimId }, attacker()),
        await http.gql(
          `mutation($id: ID!) { updateSecret(id: $id, input: { value: "stolen-1234" }) { id } }`,
          { id: victimId },
          attacker(),
        ),
        await http.gql(`mutation($id: ID!) { deleteSecret(id: $id) }`, { id: victimId }, attacker()),
      ]) {
        expectGqlError(body, 'resource.not_found');
      }
      const list = await http.get('/v1/secrets?limit=100', { token: attacker() });
      expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(victimId);
    });

    it('leaves the victim’s secret exactly as it was, and lets the attacker reuse the name in its own tenant', async () => {
      const [after] = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM secrets WHERE id = $1`, [
        victimId,
      ]);
      expect(after).toEqual(victimRow);
      const res = await http.post(
        '/v1/secrets',
        { name: victimRow.name, value: 'mine-1234' },
        { token: attacker() },
      );
      expect(res.status).toBe(201);
    });
  });
});
