import { SecretsCipher, webhookEndpointSecretBinding } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeHttpServer,
  type FakeHttpServer,
  type RecordedRequest,
} from '../testing/fake-http-server.js';
import { definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { DeliveryPoller } from './delivery-poller.js';

/**
 * The delivery worker against a real local receiver (allow-listed 127.0.0.1), real Postgres and
 * two worker processes' worth of pollers. Backoff delays are milliseconds here (config).
 */
const ENV = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_BACKOFF_BASE_MS: '40',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '3000',
};

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
type Answer = { status: number; body?: string };

describe('outgoing webhook deliveries', () => {
  let h: RunHarness;
  let cipher: SecretsCipher;
  let receiver: FakeHttpServer;
  /** What the receiver answers, per path (default 200). */
  const script = new Map<string, Answer[]>();

  beforeAll(async () => {
    h = await startRunHarness({ env: ENV, workers: 2 });
    cipher = new SecretsCipher(h.config.secrets);
    receiver = await startFakeHttpServer((req, res) => {
      const answer = script.get(req.path)?.shift() ?? { status: 200 };
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? 'ok');
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path);

  /** An endpoint row as the API writes it; answers its id and plaintext secret. */
  async function endpoint(
    tenantId: string,
    path: string,
    options: {
      eventTypes?: string[];
      enabled?: boolean;
      previous?: { secret: string; expiresInMs: number };
    } = {},
  ) {
    const [{ id }] = await h.query<{ id: string }>(tenantId, `SELECT gen_random_uuid() AS id`);
    const secret = newSecret();
    const binding = webhookEndpointSecretBinding(tenantId, id);
    const cur = cipher.encrypt(secret, binding);
    const prev = options.previous && cipher.encrypt(options.previous.secret, binding);
    await h.query(
      tenantId,
      `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, secret_ciphertext, secret_iv,
         secret_auth_tag, secret_key_id, previous_secret_ciphertext, previous_secret_iv, previous_secret_auth_tag,
         previous_secret_key_id, previous_secret_expires_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11, $12, $13,
               now() + make_interval(secs => $14::float8 / 1000))`,
      [
        id,
        tenantId,
        `${receiver.origin}${path}`,
        options.eventTypes ?? ['*'],
        options.enabled ?? true,
        cur.ciphertext,
        cur.iv,
        cur.authTag,
        cur.keyId,
        prev?.ciphertext ?? null,
        prev?.iv ?? null,
        prev?.authTag ?? null,
        prev?.keyId ?? null,
        options.previous?.expiresInMs ?? null,
      ],
    );
    return { id, secret };
  }

  const event = (tenantId: string, type = 'run.succeeded', data: Record<string, unknown> = {}) =>
    h.query(tenantId, `SELECT enqueue_tenant_event($1, $2, $3::jsonb)`, [
      tenantId,
      type,
      JSON.stringify(data),
    ]);
  const deliveries = (tenantId: string, endpointId: string) =>
    h.query<{
      id: string;
      status: string;
      attempts: number;
      last_status_code: number | null;
      last_error: string | null;
    }>(tenantId, `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at, id`, [
      endpointId,
    ]);
  const attempts = (tenantId: string, deliveryId: string) =>
    h.query<{
      attempt: number;
      status_code: number | null;
      started_at: Date;
      response_excerpt: string | null;
    }>(tenantId, `SELECT * FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`, [
      deliveryId,
    ]);
  const settled = async (tenantId: string, endpointId: string, n = 1) =>
    waitFor(
      async () => {
        const rows = await deliveries(tenantId, endpointId);
        return rows.length === n && rows.every((d) => d.status !== 'pending') && rows;
      },
      { what: `${n} settled deliveries` },
    );
  const headersOf = (r: RecordedRequest) => ({
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });

  it('sends a run that finishes as one delivery signed per Standard Webhooks', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/finished');
    const flow = await h.publish(
      tenant,
      definitionOf([{ id: 'double', type: 'transform', config: { expression: 'input.n * 2' } }]),
    );
    const runId = await h.start(tenant, flow, { n: 21 });
    await h.waitForStatus(tenant, runId, ['succeeded']);
    const [d] = await settled(tenant, ep.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, last_error: null });
    const [req] = requestsTo('/finished');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toBe(d.id);
    const payload = new Webhook(ep.secret).verify(req.body, headersOf(req)) as Record<string, any>;
    expect(payload).toMatchObject({
      type: 'run.succeeded',
      data: { runId, flowId: flow.flowId, versionNumber: 1, status: 'succeeded', trigger: 'api' },
    });
    expect(typeof payload.timestamp).toBe('string');
    const [attempt] = await attempts(tenant, d.id);
    expect(attempt).toMatchObject({ attempt: 1, status_code: 200, response_excerpt: 'ok' });
  });

  it('retries a 500 with backoff under the same webhook-id, then delivers', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/flaky');
    script.set('/flaky', [
      { status: 500, body: 'boom' },
      { status: 503, body: 'later' },
    ]);
    await event(tenant, 'run.failed', { runId: 'r-flaky' });
    const [d] = await settled(tenant, ep.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200 });
    const log = await attempts(tenant, d.id);
    expect(log.map((a) => [a.status_code, a.response_excerpt])).toEqual([
      [500, 'boom'],
      [503, 'later'],
      [200, 'ok'],
    ]);
    // Equal jitter: each wait is at least half the exponential delay (40 ms, then 80 ms).
    expect(log[1].started_at.getTime() - log[0].started_at.getTime()).toBeGreaterThanOrEqual(20);
    expect(log[2].started_at.getTime() - log[1].started_at.getTime()).toBeGreaterThanOrEqual(40);
    const reqs = requestsTo('/flaky');
    expect(new Set(reqs.map((r) => r.headers['webhook-id']))).toEqual(new Set([d.id]));
    for (const r of reqs) expect(() => new Webhook(ep.secret).verify(r.body, headersOf(r))).not.toThrow();
  });

  it('fails a delivery once its attempts are used up', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/down');
    script.set('/down', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    await event(tenant);
    const [d] = await settled(tenant, ep.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 500, last_error: 'http.500' });
  });

  it('records a receiver that does not answer as a network failure, not a status', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/x');
    await h.query(tenant, `UPDATE webhook_endpoints SET url = 'http://127.0.0.1:1/closed' WHERE id = $1`, [
      ep.id,
    ]);
    await event(tenant);
    const [d] = await settled(tenant, ep.id);
    expect(d).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_status_code: null,
      last_error: 'net.connect_failed',
    });
  });

  it('disables the endpoint on 410 Gone, fails its other pending deliveries and audits the system', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/gone');
    script.set('/gone', [{ status: 410 }]);
    await event(tenant);
    const [d] = await settled(tenant, ep.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410 });
    const [row] = await h.query<{ enabled: boolean; disabled_reason: string }>(
      tenant,
      `SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = $1`,
      [ep.id],
    );
    expect(row).toEqual({ enabled: false, disabled_reason: 'gone' });
    const audit = await h.query(
      tenant,
      `SELECT actor_type, action, after FROM audit_log WHERE target_id = $1`,
      [ep.id],
    );
    expect(audit).toEqual([
      {
        actor_type: 'system',
        action: 'webhook_endpoint.updated',
        after: { enabled: false, disabledReason: 'gone', deliveryId: d.id },
      },
    ]);
    // A disabled endpoint gets no new deliveries.
    await event(tenant);
    expect(await deliveries(tenant, ep.id)).toHaveLength(1);
  });

  it('signs with both secrets while a rotation overlaps, and with the new one only after', async () => {
    const tenant = await h.tenant();
    const old = newSecret();
    const overlapping = await endpoint(tenant, '/rotating', {
      previous: { secret: old, expiresInMs: 60_000 },
    });
    const expired = await endpoint(tenant, '/rotated', { previous: { secret: old, expiresInMs: -1_000 } });
    await event(tenant);
    await settled(tenant, overlapping.id);
    await settled(tenant, expired.id);
    const [during] = requestsTo('/rotating');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(during.body, headersOf(during))).not.toThrow();
    expect(() => new Webhook(overlapping.secret).verify(during.body, headersOf(during))).not.toThrow();
    const [after] = requestsTo('/rotated');
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(old).verify(after.body, headersOf(after))).toThrow();
    expect(() => new Webhook(expired.secret).verify(after.body, headersOf(after))).not.toThrow();
  });

  it('sends a redelivered delivery again under the same webhook-id', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/again');
    await event(tenant);
    const [d] = await settled(tenant, ep.id);
    await h.query(
      tenant,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), leased_until = NULL WHERE id = $1`,
      [d.id],
    );
    await waitFor(async () => (await attempts(tenant, d.id)).length === 2, { what: 'the second attempt' });
    const reqs = requestsTo('/again');
    expect(reqs.map((r) => r.headers['webhook-id'])).toEqual([d.id, d.id]);
    expect((await deliveries(tenant, ep.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('sends every attempt exactly once while two workers poll at the same time', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/many');
    const n = 60;
    await h.query(
      tenant,
      `SELECT enqueue_tenant_event($1, 'run.succeeded', jsonb_build_object('i', i)) FROM generate_series(1, $2) i`,
      [tenant, n],
    );
    await settled(tenant, ep.id, n);
    const ids = requestsTo('/many').map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    const rows = await deliveries(tenant, ep.id);
    expect(rows.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('reports every status change into waiting, cancelled or succeeded once, capping a large output', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/changes');
    const flow = await h.publish(
      tenant,
      definitionOf([{ id: 'a', type: 'transform', config: { expression: '1' } }]),
    );
    const [waits, big] = [await h.insertRun(tenant, flow), await h.insertRun(tenant, flow)];
    const set = (runId: string, status: string, output: unknown = null) =>
      h.query(tenant, `UPDATE runs SET status = $2, output = $3::jsonb WHERE id = $1`, [
        runId,
        status,
        JSON.stringify(output),
      ]);
    await set(waits, 'running');
    await set(waits, 'waiting');
    await set(waits, 'waiting'); // no change of status: no event
    await set(waits, 'cancelled');
    await set(big, 'succeeded', { text: 'x'.repeat(20_000) });
    const rows = await settled(tenant, ep.id, 3);
    expect(rows.map((d) => (d as unknown as { event_type: string }).event_type)).toEqual([
      'run.waiting',
      'run.cancelled',
      'run.succeeded',
    ]);
    const bodies = requestsTo('/changes').map(
      (r) => JSON.parse(r.body) as { type: string; data: Record<string, any> },
    );
    const succeeded = bodies.find((b) => b.type === 'run.succeeded')!;
    expect(succeeded.data).toMatchObject({ runId: big, output: { $truncated: true } });
    expect(succeeded.data.output.bytes).toBeGreaterThan(20_000);
  });

  it('prunes settled deliveries past the tenant’s retention, keeping pending ones however old', async () => {
    const tenant = await h.tenant();
    const ep = await endpoint(tenant, '/retention');
    for (let i = 0; i < 3; i++) await event(tenant, 'run.succeeded', { i });
    const [oldDelivered, oldPending, recent] = await settled(tenant, ep.id, 3);
    await h.query(
      tenant,
      `UPDATE webhook_deliveries SET created_at = now() - interval '31 days' WHERE id = ANY($1)`,
      [[oldDelivered.id, oldPending.id]],
    );
    await h.query(
      tenant,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() + interval '1 day' WHERE id = $1`,
      [oldPending.id],
    );
    expect(await h.workers[0].get(DeliveryPoller).prune()).toBeGreaterThanOrEqual(1);
    expect((await deliveries(tenant, ep.id)).map((d) => d.id).sort()).toEqual(
      [oldPending.id, recent.id].sort(),
    );
    expect(await attempts(tenant, oldDelivered.id)).toEqual([]);
  });

  it('delivers only subscribed event types of enabled endpoints, never test runs', async () => {
    const tenant = await h.tenant();
    const failedOnly = await endpoint(tenant, '/failed-only', { eventTypes: ['run.failed'] });
    const off = await endpoint(tenant, '/off', { enabled: false });
    const all = await endpoint(tenant, '/all');
    const flow = await h.publish(
      tenant,
      definitionOf([{ id: 'a', type: 'transform', config: { expression: '1' } }]),
    );
    const test = await h.start(
      tenant,
      flow,
      {},
      { definition: definitionOf([{ id: 'a', type: 'transform', config: { expression: '1' } }]) },
    );
    await h.waitForStatus(tenant, test, ['succeeded']);
    await event(tenant, 'run.succeeded', { marker: true });
    await settled(tenant, all.id);
    expect(await deliveries(tenant, failedOnly.id)).toEqual([]);
    expect(await deliveries(tenant, off.id)).toEqual([]);
    expect(JSON.parse(requestsTo('/all')[0].body).data).toEqual({ marker: true });
  });
});
