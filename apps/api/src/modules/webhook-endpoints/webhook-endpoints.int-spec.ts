import { SecretsCipher, webhookEndpointSecretBinding } from '@stepline/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { auditRows } from '../members/testing/identity.fixtures.js';

const URL = 'https://hooks.example.com/stepline';
const DAY_MS = 24 * 3600 * 1000;

describe('webhook endpoints', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let cipher: SecretsCipher;
  const secrets: string[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    // Loopback opened as a self-hoster would for a private receiver: plain http allowed there only.
    api = await startTestApi({ env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    cipher = new SecretsCipher(api.config.secrets);
  });
  afterAll(() => api?.close());

  const token = () => acme.users.admin.accessToken;
  const remember = <T extends { body: unknown }>(res: T) => {
    answers.push(JSON.stringify(res.body));
    return res;
  };
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await http.post(
      '/v1/webhook-endpoints',
      { url: URL, eventTypes: ['*'], ...body },
      { token: token() },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    secrets.push(res.body.secret);
    return res.body as { endpoint: Record<string, any> & { id: string }; secret: string };
  };
  const stored = async (id: string) =>
    (await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM webhook_endpoints WHERE id = $1`, [id]))[0];
  const decrypt = (row: Record<string, any>, prefix = '') =>
    cipher.decrypt(
      {
        ciphertext: row[`${prefix}secret_ciphertext`],
        iv: row[`${prefix}secret_iv`],
        authTag: row[`${prefix}secret_auth_tag`],
        keyId: row[`${prefix}secret_key_id`],
      },
      webhookEndpointSecretBinding(acme.id, row.id),
    );
  const enqueue = (type = 'run.succeeded', data: Record<string, unknown> = {}) =>
    tenantQuery(api.db.ownerUrl, acme.id, `SELECT enqueue_tenant_event($1, $2, $3::jsonb)`, [
      acme.id,
      type,
      JSON.stringify(data),
    ]);

  it('creates an endpoint and answers its whsec_ secret once, stored only encrypted', async () => {
    const { endpoint, secret } = await create({
      description: 'CRM',
      eventTypes: ['run.failed', 'run.succeeded'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(endpoint).toMatchObject({
      url: URL,
      description: 'CRM',
      eventTypes: ['run.failed', 'run.succeeded'],
      enabled: true,
      disabledReason: null,
      previousSecretExpiresAt: null,
      createdBy: acme.users.admin.id,
    });
    const one = remember(await http.get(`/v1/webhook-endpoints/${endpoint.id}`, { token: token() }));
    expect(one.body).toEqual(endpoint);
    const row = await stored(endpoint.id);
    expect(row.secret_ciphertext.toString('utf8')).not.toContain(secret.slice(6));
    expect(decrypt(row)).toBe(secret);
    const [audit] = await auditRows(api.db.ownerUrl, acme.id, 'webhook_endpoint.created');
    expect(audit).toMatchObject({
      actor_type: 'user',
      target_type: 'webhook_endpoint',
      target_id: endpoint.id,
      after: { url: URL, description: 'CRM', eventTypes: ['run.failed', 'run.succeeded'], enabled: true },
    });
  });

  it('creates and lists over GraphQL too, the secret only in the create answer', async () => {
    const body = await http.gql(
      `mutation($input: CreateWebhookEndpointInput!) {
         createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled } } }`,
      { input: { url: URL, eventTypes: ['run.waiting'], enabled: false } },
      token(),
    );
    expectGqlOk(body);
    const created = body.data.createWebhookEndpoint;
    secrets.push(created.secret);
    expect(created.endpoint).toMatchObject({ url: URL, eventTypes: ['run.waiting'], enabled: false });
    const list = await http.gql(
      `{ webhookEndpoints(limit: 100) { data { id url } nextCursor } }`,
      {},
      token(),
    );
    answers.push(JSON.stringify(list));
    expect(list.data.webhookEndpoints.data.map((e: { id: string }) => e.id)).toContain(created.endpoint.id);
  });

  it('refuses bad URLs and event types with 422 over REST and GraphQL', async () => {
    const bad: Array<Record<string, unknown>> = [
      { url: 'http://hooks.example.com/' },
      { url: 'http://10.0.0.1/in' },
      { url: 'ftp://hooks.example.com/' },
      { url: 'https://user:pw@hooks.example.com/' },
      { url: 'not a url' },
      { url: `https://example.com/${'a'.repeat(2100)}` },
      { eventTypes: [] },
      { eventTypes: ['run.exploded'] },
      { eventTypes: ['*', 'run.failed'] },
      { eventTypes: 'run.failed' },
    ];
    for (const change of bad) {
      const res = await http.post(
        '/v1/webhook-endpoints',
        { url: URL, eventTypes: ['*'], ...change },
        { token: token() },
      );
      expectProblem(res, 422, 'validation.failed');
      const gql = await http.gql(
        `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`,
        { input: { url: URL, eventTypes: ['*'], ...change } },
        token(),
      );
      // GraphQL coerces a lone string into a one-item list, so only REST refuses that one.
      if (typeof change.eventTypes !== 'string') expectGqlError(gql, 'validation.failed');
    }
    const { endpoint } = await create();
    expectProblem(
      await http.patch(
        `/v1/webhook-endpoints/${endpoint.id}`,
        { url: 'http://hooks.example.com/' },
        { token: token() },
      ),
      422,
      'validation.failed',
    );
    expectGqlError(
      await http.gql(
        `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { eventTypes: ["nope"] }) { id } }`,
        { id: endpoint.id },
        token(),
      ),
      'validation.failed',
    );
  });

  it('accepts plain http for an address the outbound allow-list opens', async () => {
    const { endpoint } = await create({ url: 'http://127.0.0.1:8080/hook' });
    expect(endpoint.url).toBe('http://127.0.0.1:8080/hook');
  });

  it('updates what changed, audits before and after, and records nothing for no change', async () => {
    const { endpoint } = await create();
    const res = remember(
      await http.patch(
        `/v1/webhook-endpoints/${endpoint.id}`,
        { url: 'https://other.example.com/in', eventTypes: ['run.failed'], description: 'ops' },
        { token: token() },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      url: 'https://other.example.com/in',
      eventTypes: ['run.failed'],
      description: 'ops',
    });
    const again = await http.patch(
      `/v1/webhook-endpoints/${endpoint.id}`,
      { description: 'ops' },
      { token: token() },
    );
    expect(again.body.updatedAt).toBe(res.body.updatedAt);
    const rows = (await auditRows(api.db.ownerUrl, acme.id, 'webhook_endpoint.updated')).filter(
      (r) => r.target_id === endpoint.id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      before: { url: URL, eventTypes: ['*'], description: null },
      after: { url: 'https://other.example.com/in', eventTypes: ['run.failed'], description: 'ops' },
    });
  });

  it('disabling fails pending deliveries; enabling clears a 410 disable', async () => {
    const { endpoint } = await create();
    await enqueue();
    await http.patch(`/v1/webhook-endpoints/${endpoint.id}`, { enabled: false }, { token: token() });
    const [d] = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(d).toMatchObject({ status: 'failed', last_error: 'endpoint.disabled' });
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE webhook_endpoints SET disabled_reason = 'gone' WHERE id = $1`,
      [endpoint.id],
    );
    const on = await http.patch(
      `/v1/webhook-endpoints/${endpoint.id}`,
      { enabled: true },
      { token: token() },
    );
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('rotates the secret: a new one answered once, the old one kept for 24 hours', async () => {
    const { endpoint, secret: old } = await create();
    const before = Date.now();
    const res = await http.post(`/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {}, { token: token() });
    expect(res.status).toBe(200);
    secrets.push(res.body.secret);
    expect(res.body.secret).not.toBe(old);
    const expires = Date.parse(res.body.endpoint.previousSecretExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + DAY_MS - 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + DAY_MS + 60_000);
    const row = await stored(endpoint.id);
    expect(decrypt(row)).toBe(res.body.secret);
    expect(decrypt(row, 'previous_')).toBe(old);
    const [audit] = (await auditRows(api.db.ownerUrl, acme.id, 'webhook_endpoint.secret_rotated')).filter(
      (r) => r.target_id === endpoint.id,
    );
    expect(Object.keys(audit.after ?? {})).toEqual(['previousSecretExpiresAt']);
  });

  it('lists deliveries newest first with a cursor, shows one with its payload, and redelivers it', async () => {
    const { endpoint } = await create({ eventTypes: ['run.failed'] });
    for (let i = 0; i < 3; i++) await enqueue('run.failed', { i });
    await enqueue('run.succeeded', { ignored: true });
    const first = remember(
      await http.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2`, { token: token() }),
    );
    expect(first.body.data).toHaveLength(2);
    const second = await http.get(
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: token() },
    );
    expect(second.body).toMatchObject({ nextCursor: null });
    const all = [...first.body.data, ...second.body.data];
    expect(all.map((d: { eventType: string }) => d.eventType)).toEqual([
      'run.failed',
      'run.failed',
      'run.failed',
    ]);
    expect(all[0]).toMatchObject({ status: 'pending', attempts: 0, lastStatusCode: null });
    const one = remember(await http.get(`/v1/webhook-deliveries/${all[0].id}`, { token: token() }));
    expect(one.body).toMatchObject({
      id: all[0].id,
      attemptLog: [],
      payload: { type: 'run.failed', data: { i: 2 } },
    });

    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`,
      [all[0].id],
    );
    const redelivered = await http.post(
      `/v1/webhook-deliveries/${all[0].id}/redeliver`,
      {},
      { token: token() },
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ status: 'pending' });
    const [audit] = await auditRows(api.db.ownerUrl, acme.id, 'webhook_delivery.redelivered');
    expect(audit).toMatchObject({
      target_type: 'webhook_delivery',
      target_id: all[0].id,
      before: { status: 'failed' },
    });

    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `UPDATE webhook_deliveries SET leased_until = now() + interval '1 minute' WHERE id = $1`,
      [all[1].id],
    );
    expectProblem(
      await http.post(`/v1/webhook-deliveries/${all[1].id}/redeliver`, {}, { token: token() }),
      409,
      'resource.conflict',
    );
    await http.patch(`/v1/webhook-endpoints/${endpoint.id}`, { enabled: false }, { token: token() });
    expectProblem(
      await http.post(`/v1/webhook-deliveries/${all[2].id}/redeliver`, {}, { token: token() }),
      409,
      'resource.conflict',
    );
  });

  it('pages through deliveries created in the same instant without skipping or repeating one', async () => {
    const { endpoint } = await create();
    await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT enqueue_tenant_event($1, 'run.succeeded', jsonb_build_object('i', i)) FROM generate_series(1, 5) i`,
      [acme.id],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await http.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2${query}`, {
        token: token(),
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('deletes an endpoint with its deliveries and audits it', async () => {
    const { endpoint } = await create();
    await enqueue();
    expect((await http.delete(`/v1/webhook-endpoints/${endpoint.id}`, { token: token() })).status).toBe(204);
    expectProblem(
      await http.get(`/v1/webhook-endpoints/${endpoint.id}`, { token: token() }),
      404,
      'resource.not_found',
    );
    const left = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(left).toEqual([]);
    const [audit] = (await auditRows(api.db.ownerUrl, acme.id, 'webhook_endpoint.deleted')).filter(
      (r) => r.target_id === endpoint.id,
    );
    expect(audit.before).toMatchObject({ url: URL });
  });

  it('never shows a signing secret again: not in reads, lists, updates or the audit log', async () => {
    answers.push(
      JSON.stringify((await http.get('/v1/webhook-endpoints?limit=100', { token: token() })).body),
    );
    const audit = JSON.stringify(await auditRows(api.db.ownerUrl, acme.id));
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) {
      const key = secret.slice(6);
      for (const text of [...answers, audit]) expect(text).not.toContain(key);
    }
  });
});
