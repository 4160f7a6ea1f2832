import { AppError } from '@stepline/domain';
import { hashToken } from '@stepline/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { publishedFlow } from '../flows/testing/flow.fixtures.js';
import { WebhookAcceptBatcher, type AcceptItem, type AcceptOutcome } from './webhook-accept-batcher.js';

// The group commit of webhook accepts, driven directly: items submitted in one tick share a flush.
describe('webhook accept batcher', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;
  let batcher: WebhookAcceptBatcher;
  const hooks: Record<'acme' | 'victim', { token: string; flowId: string; triggerId: string }> = {} as never;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
    for (const [name, tenant] of [
      ['acme', acme],
      ['victim', victim],
    ] as const) {
      const flowId = (await publishedFlow(http, tenant.owner.accessToken)).id;
      const res = await http.post(`/v1/flows/${flowId}/triggers`, {}, { token: tenant.owner.accessToken });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      hooks[name] = { token: res.body.token, flowId, triggerId: res.body.id };
    }
    batcher = api.app.get(WebhookAcceptBatcher);
  });
  afterAll(() => api?.close());

  const item = (name: 'acme' | 'victim', input: unknown, key?: string): AcceptItem => ({
    tokenHash: hashToken(hooks[name].token),
    admit: () => ({ input, key }),
  });
  /** Submitted in one tick: one flush takes them all. */
  const together = (items: AcceptItem[]) => Promise.all(items.map((i) => batcher.accept(i)));
  const runId = (o: AcceptOutcome) => {
    if (!('ok' in o) || !('run' in o.ok.accepted)) throw new Error(`not a new run: ${JSON.stringify(o)}`);
    return o.ok.accepted.run.id;
  };
  const runsOf = (tenant: TestTenant, ids: string[]) =>
    tenantQuery(
      api.db.ownerUrl,
      tenant.id,
      `SELECT id, tenant_id, flow_id, status, "trigger", input, admission FROM runs WHERE id = ANY($1::uuid[])`,
      [ids],
    );

  it('accepts the requests of two tenants in one batch, each run in its own trigger’s tenant', async () => {
    const outcomes = await together([
      item('acme', { n: 1 }),
      item('victim', { n: 2 }),
      item('acme', { n: 3 }),
      item('victim', { n: 4 }),
    ]);
    const ids = outcomes.map(runId);
    expect(new Set(ids).size).toBe(4);
    for (const o of outcomes) expect(o).toMatchObject({ ok: { enqueued: true } });
    const acmeRuns = await runsOf(acme, ids);
    const victimRuns = await runsOf(victim, ids);
    expect(acmeRuns.map((r) => r.input).sort((a, b) => a.n - b.n)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(victimRuns.map((r) => r.input).sort((a, b) => a.n - b.n)).toEqual([{ n: 2 }, { n: 4 }]);
    for (const r of acmeRuns) expect(r).toMatchObject({ tenant_id: acme.id, flow_id: hooks.acme.flowId });
    for (const r of victimRuns)
      expect(r).toMatchObject({ tenant_id: victim.id, flow_id: hooks.victim.flowId });
    for (const r of [...acmeRuns, ...victimRuns]) expect(r).toMatchObject({ trigger: 'webhook' });
  });

  it('fails only the requests whose own checks fail; the others in the batch start their runs', async () => {
    const refused = new AppError('auth.unauthenticated', 'The webhook signature does not match');
    const outcomes = await together([
      item('acme', { n: 10 }),
      {
        tokenHash: hashToken(hooks.acme.token),
        admit: () => {
          throw refused;
        },
      },
      { tokenHash: hashToken('whk_unknown'), admit: () => ({ input: {}, key: undefined }) },
      item('victim', { n: 11 }),
    ]);
    expect(outcomes[1]).toEqual({ error: refused });
    expect(outcomes[2]).toMatchObject({ error: { code: 'resource.not_found' } });
    expect(await runsOf(acme, [runId(outcomes[0])])).toHaveLength(1);
    expect(await runsOf(victim, [runId(outcomes[3])])).toHaveLength(1);
  });

  it('replays a remembered dedup key and leaves a key repeated within one batch to the single path', async () => {
    const [first] = await together([item('acme', { n: 20 }, 'evt-1')]);
    const original = runId(first);
    const outcomes = await together([
      item('acme', { n: 21 }, 'evt-1'),
      item('acme', { n: 22 }, 'evt-2'),
      item('acme', { n: 23 }, 'evt-2'),
    ]);
    expect(outcomes[0]).toMatchObject({
      ok: { key: 'evt-1', accepted: { replay: { status: 202, body: { runId: original } } } },
    });
    runId(outcomes[1]);
    expect(outcomes[2]).toEqual({ fallback: true });
    const rows = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT dedup_key, run_id FROM webhook_deliveries_dedup WHERE trigger_id = $1 ORDER BY dedup_key`,
      [hooks.acme.triggerId],
    );
    expect(rows).toEqual([
      { dedup_key: 'evt-1', run_id: original },
      { dedup_key: 'evt-2', run_id: runId(outcomes[1]) },
    ]);
  });

  it('answers concurrent HTTP deliveries of two tenants each with its own run', async () => {
    const send = (name: 'acme' | 'victim', n: number) => http.post(`/hooks/${hooks[name].token}`, { n });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) => send(n % 2 ? 'victim' : 'acme', 100 + n)),
    );
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(202);
    const ids = answers.map((a) => a.body.runId as string);
    expect(new Set(ids).size).toBe(30);
    const acmeRuns = await runsOf(acme, ids);
    expect(acmeRuns.map((r) => r.input.body.n).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => 100 + 2 * i).sort(),
    );
    expect(await runsOf(victim, ids)).toHaveLength(15);
  });
});

describe('webhook accepts with group commit off (WEBHOOK_ACCEPT_BATCH_MAX=0)', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000', WEBHOOK_ACCEPT_BATCH_MAX: '0' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  it('sends every request down the single path, which still starts runs and replays duplicates', async () => {
    const token = acme.owner.accessToken;
    const flowId = (await publishedFlow(http, token)).id;
    const trigger = await http.post(`/v1/flows/${flowId}/triggers`, {}, { token });
    const batcher = api.app.get(WebhookAcceptBatcher);
    expect(
      await batcher.accept({
        tokenHash: hashToken(trigger.body.token),
        admit: () => ({ input: {}, key: undefined }),
      }),
    ).toEqual({ fallback: true });
    const send = () =>
      http.post(`/hooks/${trigger.body.token}`, { n: 1 }, { headers: { 'idempotency-key': 'single-1' } });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(202);
    expect(again.body.runId).toBe(first.body.runId);
    expect(again.headers.get('webhook-replayed')).toBe('true');
  });
});
