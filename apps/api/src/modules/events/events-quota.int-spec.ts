import { waitFor } from '@stepline/server/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdTenantTransaction } from '../../testing/held-transaction.js';
import { HttpClient } from '../../testing/http-client.js';
import { expectProblem } from '../../testing/problem-assertions.js';
import { setRunStartsPerMinute } from '../../testing/run-starts-quota.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { canonicalJson } from '../runs/idempotency.js';
import { runnableFlow } from '../runs/testing/run.fixtures.js';
import { echoDefinition, insertEventTrigger, publish, runsOfFlow } from './testing/event.fixtures.js';

/**
 * Another publish of the same event id, its claim held uncommitted: a publish of the id waits on
 * it and, when it commits, answers its (empty) result.
 */
async function holdEventClaim(ownerUrl: string, tenantId: string, body: { id: string; name: string }) {
  const hash = createHash('sha256')
    .update(canonicalJson({ name: body.name, key: null, payload: null }))
    .digest('hex');
  return holdTenantTransaction(ownerUrl, tenantId, (client) =>
    client.query(
      `INSERT INTO events (tenant_id, event_id, name, key, request_hash, payload_bytes, result)
       VALUES ($1, $2, $3, NULL, $4, 4, '{"resumed":[],"started":[]}'::jsonb)`,
      [tenantId, body.id, body.name, hash],
    ),
  );
}

/** Events take run starts only for the runs they start (product.md §5: run starts per minute). */
describe('events and the run-starts quota', () => {
  let api: TestApi;
  let http: HttpClient;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
  });
  afterAll(() => api?.close());

  /** A fresh tenant allowed `perMinute` run starts per minute. */
  const tenantWithStarts = async (perMinute: number, name: string): Promise<TestTenant> => {
    const tenant = await createTestTenant(http, api.db.ownerUrl, name);
    await setRunStartsPerMinute(api, tenant.id, perMinute);
    return tenant;
  };
  /** Starts runs of `flowId` over the API: answers the statuses. */
  const startRuns = async (tenant: TestTenant, flowId: string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await http.post(
        `/v1/flows/${flowId}/runs`,
        { input: {} },
        { token: tenant.owner.accessToken },
      );
      statuses.push(res.status);
    }
    return statuses;
  };

  it('takes nothing for a skipped trigger, a filter that does not match, a repeat or a lost claim race', async () => {
    const tenant = await tenantWithStarts(2, 'skips');
    const token = tenant.owner.accessToken;
    const strict = await runnableFlow(http, token, {
      ...echoDefinition('strict'),
      inputSchema: { type: 'object', required: ['email'] },
    });
    const fine = await runnableFlow(http, token, echoDefinition('fine'));
    await insertEventTrigger(api.db.ownerUrl, tenant.id, strict, { event: 'quota.skip' });
    await insertEventTrigger(api.db.ownerUrl, tenant.id, fine, { event: 'quota.skip', filter: 'false' });
    await insertEventTrigger(api.db.ownerUrl, tenant.id, fine, { event: 'quota.race' });

    const skipped = await publish(http, token, { id: 'skip-1', name: 'quota.skip', payload: { n: 1 } });
    expect(skipped.body).toMatchObject({ started: [] });
    expect((await publish(http, token, { id: 'skip-1', name: 'quota.skip', payload: { n: 1 } })).status).toBe(
      202,
    );

    // The claim race: another publish of the id holds it; this one waits, then answers that result.
    const held = await holdEventClaim(api.db.ownerUrl, tenant.id, { id: 'race-1', name: 'quota.race' });
    const racing = publish(http, token, { id: 'race-1', name: 'quota.race' });
    await waitFor(() => held.waitedOn(), { timeoutMs: 15_000, what: 'the publish to wait on the claim' });
    await held.commit();
    const lost = await racing;
    expect(lost.status, JSON.stringify(lost.body)).toBe(202);
    expect(lost.body).toEqual({ eventId: 'race-1', resumed: [], started: [] });
    expect(await runsOfFlow(api.db.ownerUrl, tenant.id, fine)).toHaveLength(0);

    // Nothing was used: both starts of the minute are still there, and no third.
    expect(await startRuns(tenant, fine, 3)).toEqual([202, 202, 429]);
  });

  it('refused with 429 part-way, leaves the event unclaimed and gives back the starts it took', async () => {
    const tenant = await tenantWithStarts(2, 'partial');
    const token = tenant.owner.accessToken;
    const flows = [];
    for (const label of ['a', 'b', 'c']) {
      const flowId = await runnableFlow(http, token, echoDefinition(label));
      await insertEventTrigger(api.db.ownerUrl, tenant.id, flowId, { event: 'quota.three' });
      flows.push(flowId);
    }
    const res = await publish(http, token, { id: 'three-1', name: 'quota.three' });
    expectProblem(res, 429, 'quota.run_starts_exceeded');
    for (const flowId of flows) expect(await runsOfFlow(api.db.ownerUrl, tenant.id, flowId)).toHaveLength(0);
    const events = await tenantQuery(api.db.ownerUrl, tenant.id, `SELECT event_id FROM events`);
    expect(events).toEqual([]);
    // The two starts taken for the first two triggers came back.
    expect(await startRuns(tenant, flows[0]!, 3)).toEqual([202, 202, 429]);
  });
});
