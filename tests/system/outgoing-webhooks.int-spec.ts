import { createStepline } from '@stepline/sdk';
import { waitFor } from '@stepline/server/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import {
  startFakeHttpServer,
  type FakeHttpServer,
  type RecordedRequest,
} from '../../apps/worker/src/testing/fake-http-server.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const SECRET_VALUE = 'tok-5d1e-outgoing-webhook-must-not-leak';

/**
 * Outgoing webhooks end to end: an admin registers an endpoint through the API (SDK), runs finish
 * in the real worker, and a local receiver gets deliveries it verifies with the `standardwebhooks`
 * package; the delivery log and redeliver work through the API.
 */
describe('outgoing webhooks', () => {
  let system: TestSystem;
  let receiver: FakeHttpServer;

  beforeAll(async () => {
    system = await startTestSystem({
      env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32', WEBHOOK_POLL_INTERVAL_MS: '20' },
    });
    receiver = await startFakeHttpServer((_req, res) => res.writeHead(204).end());
  });
  afterAll(async () => {
    await system?.close();
    await receiver?.close();
  });

  const headersOf = (r: RecordedRequest) => ({
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });
  /** Polls the run rather than relying on the API's `wait`, so only the outcome matters here. */
  const finished = async (token: string, runId: string) =>
    waitFor(
      async () => {
        const res = await system.http.get(`/v1/runs/${runId}`, { token });
        return ['succeeded', 'failed', 'cancelled', 'timed_out'].includes(res.body.status) && res.body;
      },
      { timeoutMs: 20_000, what: `run ${runId} to finish` },
    );
  const received = (path: string, n: number) =>
    waitFor(
      () => {
        const got = receiver.requests.filter((r) => r.path === path);
        return got.length >= n && got;
      },
      { what: `${n} deliveries to ${path}` },
    );

  it('a finished run produces a signed delivery, logged and redeliverable through the API', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    const sdk = createStepline({ baseUrl: system.baseUrl, token });
    await sdk.secrets.create({ name: 'API_TOKEN', value: SECRET_VALUE });
    const { endpoint, secret } = await sdk.webhookEndpoints.create({
      url: `${receiver.origin}/runs`,
      eventTypes: ['run.succeeded', 'run.failed'],
    });

    const flowId = await runnableFlow(system.http, token, {
      schemaVersion: 1,
      steps: [
        { id: 'echo', type: 'transform', config: { expression: '{"n": input.n, "key": secrets.API_TOKEN}' } },
      ],
      edges: [],
      output: '{{ steps.echo.output }}',
    });
    const started = await startRun(system.http, token, flowId, { input: { n: 7 } });
    const run = { body: await finished(token, started.body.id) };
    expect(run.body.status, JSON.stringify(run.body)).toBe('succeeded');

    const [req] = await received('/runs', 1);
    const payload = new Webhook(secret).verify(req.body, headersOf(req)) as Record<string, any>;
    expect(payload).toMatchObject({
      type: 'run.succeeded',
      data: { runId: run.body.id, flowId, status: 'succeeded', output: { n: 7 } },
    });
    // Outputs are masked before they are recorded, so the payload carries the mask, never the value.
    expect(req.body).not.toContain(SECRET_VALUE);
    expect(payload.data.output.key).toBe('***');

    // The worker records the delivery once the receiver has answered: a moment after it got it.
    await waitFor(
      async () => (await sdk.webhookEndpoints.deliveries(endpoint.id)).data[0]?.status === 'delivered',
      { what: 'the delivery recorded as delivered' },
    );
    const page = await sdk.webhookEndpoints.deliveries(endpoint.id);
    expect(page.data).toHaveLength(1);
    const delivery = page.data[0];
    expect(delivery).toMatchObject({
      id: req.headers['webhook-id'],
      status: 'delivered',
      lastStatusCode: 204,
    });
    const detail = await sdk.webhookEndpoints.delivery(delivery.id);
    expect(detail.attemptLog).toMatchObject([{ attempt: 1, statusCode: 204, error: null }]);

    await sdk.webhookEndpoints.redeliver(delivery.id);
    const [, again] = await received('/runs', 2);
    expect(again.headers['webhook-id']).toBe(delivery.id);
    expect(() => new Webhook(secret).verify(again.body, headersOf(again))).not.toThrow();
    await waitFor(async () => (await sdk.webhookEndpoints.delivery(delivery.id)).attemptLog.length === 2, {
      what: 'the redelivery in the log',
    });
  });

  it('a failing run is reported as run.failed with its error, to subscribed endpoints only', async () => {
    const tenant = await system.tenant();
    const token = tenant.owner.accessToken;
    const sdk = createStepline({ baseUrl: system.baseUrl, token });
    const failures = await sdk.webhookEndpoints.create({
      url: `${receiver.origin}/failures`,
      eventTypes: ['run.failed'],
    });
    await sdk.webhookEndpoints.create({ url: `${receiver.origin}/successes`, eventTypes: ['run.succeeded'] });
    const flowId = await runnableFlow(system.http, token, {
      schemaVersion: 1,
      steps: [{ id: 'boom', type: 'fail', config: { message: 'nope' } }],
      edges: [],
    });
    const started = await startRun(system.http, token, flowId, { input: {} });
    const run = { body: await finished(token, started.body.id) };
    expect(run.body.status, JSON.stringify(run.body)).toBe('failed');
    const [req] = await received('/failures', 1);
    const payload = new Webhook(failures.secret).verify(req.body, headersOf(req)) as Record<string, any>;
    expect(payload).toMatchObject({ type: 'run.failed', data: { runId: run.body.id, status: 'failed' } });
    expect(payload.data.error).toBeTruthy();
    expect(receiver.requests.filter((r) => r.path === '/successes')).toEqual([]);
  });
});
