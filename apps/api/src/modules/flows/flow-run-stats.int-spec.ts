import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlOk } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { publishedFlow } from './testing/flow.fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

describe('flow run stats', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let other: TestTenant;
  let token: string;
  let busy: string;
  let quiet: string;
  let lastRunId: string;

  /** Inserts a run directly (no worker involved), created `daysAgo` days ago. */
  const insertRun = async (
    tenant: TestTenant,
    flowId: string,
    status: string,
    daysAgo: number,
    test = false,
  ) => {
    const [row] = await tenantQuery<{ id: string }>(
      api.db.ownerUrl,
      tenant.id,
      `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, is_test, definition, status, "trigger", created_at)
       SELECT $1, $2, v.id, v.number, $5, CASE WHEN $5 THEN '{}'::jsonb END, $3, 'api', $4
         FROM flow_versions v WHERE v.flow_id = $2 ORDER BY v.number LIMIT 1
       RETURNING id`,
      [tenant.id, flowId, status, new Date(Date.now() - daysAgo * DAY), test],
    );
    return row!.id;
  };

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    other = await createTestTenant(http, api.db.ownerUrl, 'other');
    token = acme.users.viewer.accessToken;
    const editor = acme.users.editor.accessToken;
    busy = (await publishedFlow(http, editor, { name: 'Busy', tags: ['stats'] })).id;
    quiet = (await publishedFlow(http, editor, { name: 'Quiet', tags: ['stats'] })).id;
    await insertRun(acme, busy, 'succeeded', 45); // before the window
    await insertRun(acme, busy, 'succeeded', 12);
    await insertRun(acme, busy, 'succeeded', 11);
    await insertRun(acme, busy, 'succeeded', 10);
    await insertRun(acme, busy, 'failed', 9);
    await insertRun(acme, busy, 'running', 3);
    lastRunId = await insertRun(acme, busy, 'failed', 2);
    await insertRun(acme, busy, 'succeeded', 1, true); // a test run: never counted
    const foreignFlow = (await publishedFlow(http, other.users.editor.accessToken)).id;
    await insertRun(other, foreignFlow, 'failed', 0);
  });
  afterAll(() => api?.close());

  it('lists each flow with its run count, success rate and last run over REST', async () => {
    const res = await http.get('/v1/flows?tag=stats', { token });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.data.map((flow: any) => [flow.id, flow.runStats]));
    expect(byId.get(busy)).toEqual({
      since: expect.any(String),
      runCount: 6,
      succeeded: 3,
      finished: 5,
      successRate: 0.6,
      lastRun: { id: lastRunId, status: 'failed', createdAt: expect.any(String) },
    });
    expect(byId.get(quiet)).toEqual({
      since: expect.any(String),
      runCount: 0,
      succeeded: 0,
      finished: 0,
      successRate: null,
      lastRun: null,
    });
    const since = Date.parse((byId.get(busy) as any).since);
    expect(Math.abs(Date.now() - 30 * DAY - since)).toBeLessThan(60_000);
  });

  it('answers the same stats on the GraphQL Flow, listed and read alone', async () => {
    const stats = 'stats { runCount succeeded finished successRate lastRun { id status } }';
    const listed = await http.gql(
      `{ flows(filter: { tag: "stats" }, limit: 10) { data { id ${stats} } } }`,
      {},
      token,
    );
    expectGqlOk(listed);
    const rows = new Map(listed.data.flows.data.map((flow: any) => [flow.id, flow.stats]));
    const expected = {
      runCount: 6,
      succeeded: 3,
      finished: 5,
      successRate: 0.6,
      lastRun: { id: lastRunId, status: 'failed' },
    };
    expect(rows.get(busy)).toEqual(expected);
    expect(rows.get(quiet)).toEqual({
      runCount: 0,
      succeeded: 0,
      finished: 0,
      successRate: null,
      lastRun: null,
    });
    const alone = await http.gql(`query($id: ID!) { flow(id: $id) { ${stats} } }`, { id: busy }, token);
    expectGqlOk(alone);
    expect(alone.data.flow.stats).toEqual(expected);
  });

  it('answers zeros on a flow just created', async () => {
    const created = await http.gql(
      `mutation { createFlow(input: { name: "New" }) { stats { runCount successRate lastRun { id } } } }`,
      {},
      acme.users.editor.accessToken,
    );
    expectGqlOk(created);
    expect(created.data.createFlow.stats).toEqual({ runCount: 0, successRate: null, lastRun: null });
  });

  it("never counts another tenant's runs", async () => {
    const res = await http.get('/v1/flows', { token: other.users.viewer.accessToken });
    expect(res.body.data.map((flow: any) => flow.runStats.runCount)).toEqual([1]);
    const mine = await http.get('/v1/flows?tag=stats', { token });
    const total = mine.body.data.reduce((sum: number, flow: any) => sum + flow.runStats.runCount, 0);
    expect(total).toBe(6);
  });
});
