import { waitFor } from '@stepline/server/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdTenantTransaction } from '../../testing/held-transaction.js';
import { HttpClient } from '../../testing/http-client.js';
import { setRunStartsPerMinute } from '../../testing/run-starts-quota.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { publishedFlow } from '../flows/testing/flow.fixtures.js';
import { WebhookReceiverService, type WebhookRequest } from './webhook-receiver.service.js';

const STARTS_PER_MINUTE = 3;

/**
 * A transaction of another delivery that holds a dedup key uncommitted: a batch inserting the same
 * key waits for it, and loses the race when it commits (the batch rolls back: every request of it
 * takes the single path).
 */
async function holdDedupKey(ownerUrl: string, tenantId: string, triggerId: string, key: string) {
  const runId = randomUUID();
  const held = await holdTenantTransaction(ownerUrl, tenantId, (client) =>
    client.query(
      `INSERT INTO webhook_deliveries_dedup (tenant_id, trigger_id, dedup_key, run_id, response)
       VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [tenantId, triggerId, key, runId, JSON.stringify({ status: 202, body: { runId, status: 'queued' } })],
    ),
  );
  return { ...held, runId };
}

describe('webhook accepts and the run-starts quota', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let hook: { token: string; triggerId: string };

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    const flowId = (await publishedFlow(http, acme.owner.accessToken)).id;
    const res = await http.post(`/v1/flows/${flowId}/triggers`, {}, { token: acme.owner.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    hook = { token: res.body.token, triggerId: res.body.id };
    await setRunStartsPerMinute(api, acme.id, STARTS_PER_MINUTE);
  });
  afterAll(() => api?.close());

  const request = (n: number, key?: string): WebhookRequest => ({
    token: hook.token,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    query: {},
    body: Buffer.from(JSON.stringify({ n })),
  });

  it('takes one start per request when a failed batch sends its requests down the single path', async () => {
    const held = await holdDedupKey(api.db.ownerUrl, acme.id, hook.triggerId, 'race-1');
    const receiver = api.app.get(WebhookReceiverService);
    // Both in one tick: one batch. It takes a start for each, then waits on the held key.
    const answers = Promise.all([receiver.receive(request(1, 'race-1')), receiver.receive(request(2))]);
    await waitFor(() => held.waitedOn(), { timeoutMs: 15_000, what: 'the batch to wait on the held key' });
    await held.commit();
    const [replayed, started] = await answers;
    // The key's owner answers the first (a replay starts nothing); the second starts its run once.
    expect(replayed).toMatchObject({ status: 202, replayed: true, body: { runId: held.runId } });
    expect(started).toMatchObject({ status: 202, body: { runId: expect.any(String) } });
    // One start used of three: two more runs start, the next is refused.
    for (const n of [3, 4]) {
      const res = await http.post(`/hooks/${hook.token}`, { n });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const refused = await http.post(`/hooks/${hook.token}`, { n: 5 });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('quota.run_starts_exceeded');
  });
});
