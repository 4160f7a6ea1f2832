import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { ADMINS, EVERYONE } from '../members/testing/identity.fixtures.js';

const URL = 'https://hooks.example.com/in';

describe('webhook endpoints: who may do what', () => {
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

  const createEndpoint = async (tenant = acme) => {
    const res = await http.post(
      '/v1/webhook-endpoints',
      { url: URL, eventTypes: ['*'] },
      { token: tenant.owner.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.endpoint.id as string;
  };
  /** A delivery of a fresh endpoint, made the way runs make them (enqueue_tenant_event). */
  const createDelivery = async (tenant = acme) => {
    const endpointId = await createEndpoint(tenant);
    await tenantQuery(api.db.ownerUrl, tenant.id, `SELECT enqueue_tenant_event($1, 'run.succeeded', '{}')`, [
      tenant.id,
    ]);
    const [row] = await tenantQuery(
      api.db.ownerUrl,
      tenant.id,
      `SELECT id FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
    return { endpointId, deliveryId: row.id as string };
  };

  const OPERATIONS = [
    {
      does: 'create an endpoint',
      okStatus: 201,
      rest: (token: string) => http.post('/v1/webhook-endpoints', { url: URL, eventTypes: ['*'] }, { token }),
      gql: (token: string) =>
        http.gql(
          `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`,
          { input: { url: URL, eventTypes: ['run.failed'] } },
          token,
        ),
    },
    {
      does: 'list endpoints',
      okStatus: 200,
      rest: (token: string) => http.get('/v1/webhook-endpoints', { token }),
      gql: (token: string) => http.gql(`{ webhookEndpoints { data { id } nextCursor } }`, {}, token),
    },
    {
      does: 'read an endpoint',
      okStatus: 200,
      rest: async (token: string) => http.get(`/v1/webhook-endpoints/${await createEndpoint()}`, { token }),
      gql: async (token: string) =>
        http.gql(
          `query($id: ID!) { webhookEndpoint(id: $id) { id } }`,
          { id: await createEndpoint() },
          token,
        ),
    },
    {
      does: 'update an endpoint',
      okStatus: 200,
      rest: async (token: string) =>
        http.patch(`/v1/webhook-endpoints/${await createEndpoint()}`, { description: 'x' }, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { description: "x" }) { id } }`,
          { id: await createEndpoint() },
          token,
        ),
    },
    {
      does: 'rotate an endpoint secret',
      okStatus: 200,
      rest: async (token: string) =>
        http.post(`/v1/webhook-endpoints/${await createEndpoint()}/rotate-secret`, {}, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }`,
          { id: await createEndpoint() },
          token,
        ),
    },
    {
      does: 'delete an endpoint',
      okStatus: 204,
      rest: async (token: string) =>
        http.delete(`/v1/webhook-endpoints/${await createEndpoint()}`, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
          { id: await createEndpoint() },
          token,
        ),
    },
    {
      does: 'list deliveries',
      okStatus: 200,
      rest: async (token: string) =>
        http.get(`/v1/webhook-endpoints/${await createEndpoint()}/deliveries`, { token }),
      gql: async (token: string) =>
        http.gql(
          `query($id: ID!) { webhookDeliveries(endpointId: $id) { data { id } } }`,
          { id: await createEndpoint() },
          token,
        ),
    },
    {
      does: 'read a delivery',
      okStatus: 200,
      rest: async (token: string) =>
        http.get(`/v1/webhook-deliveries/${(await createDelivery()).deliveryId}`, { token }),
      gql: async (token: string) =>
        http.gql(
          `query($id: ID!) { webhookDelivery(id: $id) { id attemptLog { attempt } } }`,
          { id: (await createDelivery()).deliveryId },
          token,
        ),
    },
    {
      does: 'redeliver a delivery',
      okStatus: 202,
      rest: async (token: string) =>
        http.post(`/v1/webhook-deliveries/${(await createDelivery()).deliveryId}/redeliver`, {}, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }`,
          { id: (await createDelivery()).deliveryId },
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

  describe("another tenant's endpoint and deliveries", () => {
    let victimEndpoint: string;
    let victimDelivery: string;
    let before: unknown[];
    const attacker = () => acme.users.admin.accessToken;
    const victimRows = () =>
      tenantQuery(
        api.db.ownerUrl,
        victim.id,
        `SELECT e.*, d.status AS d_status, d.attempts AS d_attempts, d.next_attempt_at AS d_next
           FROM webhook_endpoints e JOIN webhook_deliveries d ON d.endpoint_id = e.id WHERE e.id = $1`,
        [victimEndpoint],
      );

    beforeAll(async () => {
      ({ endpointId: victimEndpoint, deliveryId: victimDelivery } = await createDelivery(victim));
      before = await victimRows();
    });

    it('answers 404 over REST to an attacker admin, exactly as an unknown id', async () => {
      for (const res of [
        await http.get(`/v1/webhook-endpoints/${victimEndpoint}`, { token: attacker() }),
        await http.patch(
          `/v1/webhook-endpoints/${victimEndpoint}`,
          { url: 'https://evil.example/' },
          { token: attacker() },
        ),
        await http.post(`/v1/webhook-endpoints/${victimEndpoint}/rotate-secret`, {}, { token: attacker() }),
        await http.delete(`/v1/webhook-endpoints/${victimEndpoint}`, { token: attacker() }),
        await http.get(`/v1/webhook-endpoints/${victimEndpoint}/deliveries`, { token: attacker() }),
        await http.get(`/v1/webhook-deliveries/${victimDelivery}`, { token: attacker() }),
        await http.post(`/v1/webhook-deliveries/${victimDelivery}/redeliver`, {}, { token: attacker() }),
        await http.get(`/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000`, { token: attacker() }),
        await http.get(`/v1/webhook-deliveries/not-a-uuid`, { token: attacker() }),
      ]) {
        expectProblem(res, 404, 'resource.not_found');
      }
    });

    it('answers not found over GraphQL and never lists them', async () => {
      for (const body of [
        await http.gql(
          `query($id: ID!) { webhookEndpoint(id: $id) { id } }`,
          { id: victimEndpoint },
          attacker(),
        ),
        await http.gql(
          `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }`,
          { id: victimEndpoint },
          attacker(),
        ),
        await http.gql(
          `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }`,
          { id: victimEndpoint },
          attacker(),
        ),
        await http.gql(
          `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
          { id: victimEndpoint },
          attacker(),
        ),
        await http.gql(
          `query($id: ID!) { webhookDeliveries(endpointId: $id) { data { id } } }`,
          { id: victimEndpoint },
          attacker(),
        ),
        await http.gql(
          `query($id: ID!) { webhookDelivery(id: $id) { id } }`,
          { id: victimDelivery },
          attacker(),
        ),
        await http.gql(
          `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }`,
          { id: victimDelivery },
          attacker(),
        ),
      ]) {
        expectGqlError(body, 'resource.not_found');
      }
      const list = await http.get('/v1/webhook-endpoints?limit=100', { token: attacker() });
      expect(list.body.data.map((e: { id: string }) => e.id)).not.toContain(victimEndpoint);
    });

    it('leaves the victim’s endpoint and delivery exactly as they were', async () => {
      expect(await victimRows()).toEqual(before);
    });
  });
});
