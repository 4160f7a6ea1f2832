import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../../crypto/tokens.js';
import { createWebhookTenants, type WebhookTenants } from '../../testing/webhook-trigger-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { insertWebhookDedup } from './triggers.repository.js';
import {
  acceptWebhookRuns,
  findRunnableTargets,
  findWebhookDedups,
  findWebhookTriggersByTokenHashes,
} from './webhook-accept.repository.js';

describe('webhook accept repository', () => {
  let fx: WebhookTenants;

  beforeAll(async () => {
    fx = await createWebhookTenants();
  });
  afterAll(() => fx?.close());

  it('finds the triggers of several tenants by their token hashes outside any tenant, and only those', async () => {
    const unknown = hashToken(`whk_${randomToken()}`);
    const found = await fx.app.transaction((m) =>
      findWebhookTriggersByTokenHashes(m, [hashToken(fx.tokens.acme), hashToken(fx.tokens.globex), unknown]),
    );
    expect([...found.keys()].sort()).toEqual([hashToken(fx.tokens.acme), hashToken(fx.tokens.globex)].sort());
    expect(found.get(hashToken(fx.tokens.acme))).toMatchObject({
      id: fx.ids.acme,
      tenantId: fx.acme.tenantId,
    });
    expect(found.get(hashToken(fx.tokens.globex))).toMatchObject({
      id: fx.ids.globex,
      tenantId: fx.globex.tenantId,
    });
    // The function opened the cross-tenant policy only while it ran.
    const visible = await fx.app.transaction((m) => m.query(`SELECT id FROM triggers`));
    expect(visible).toEqual([]);
  });

  it('reads a flow’s published version without its definition, and none for another tenant’s flow', async () => {
    const targets = await findRunnableTargets(fx.app, fx.acme.tenantId, [
      { flowId: fx.acme.flowId, versionNumber: null },
      { flowId: fx.acme.flowId, versionNumber: 9 },
      { flowId: fx.globex.flowId, versionNumber: null },
    ]);
    expect(targets).toHaveLength(2);
    expect(targets.find((t) => t.versionNumber === null)).toMatchObject({
      flowId: fx.acme.flowId,
      archived: false,
      versionId: fx.acme.versionId,
      number: 1,
      status: 'published',
      respondSteps: [],
    });
    expect(targets.find((t) => t.versionNumber === 9)).toMatchObject({ versionId: null });
    // Globex's scope sees none of Acme's flows.
    expect(
      await findRunnableTargets(fx.app, fx.globex.tenantId, [
        { flowId: fx.acme.flowId, versionNumber: null },
      ]),
    ).toEqual([]);
    // The scope ended with the statement: the pooled connection carries no tenant on.
    expect(await fx.app.query(`SELECT current_setting('app.tenant_id', true) AS t`)).toEqual([{ t: '' }]);
  });

  const newRuns = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      flowId: fx.acme.flowId,
      versionId: fx.acme.versionId,
      versionNumber: 1,
      input: { n: i },
    }));
  const runRows = (ids: string[]) =>
    inTenant(fx.app, fx.acme.tenantId, (m) =>
      m.query(
        `SELECT id, tenant_id AS "tenantId", status, "trigger", input, admission FROM runs
          WHERE id = ANY($1::uuid[]) ORDER BY input->>'n'`,
        [ids],
      ),
    );

  const response = { status: 202, body: null };
  /** Another delivery's dedup key, committed already. */
  const rememberKey = (key: string, runId: string) =>
    inTenant(fx.app, fx.acme.tenantId, (m) =>
      insertWebhookDedup(m, { tenantId: fx.acme.tenantId, triggerId: fx.ids.acme, key, runId, response }),
    );

  it('admits in arrival order into the free slots, inserts the runs and only the dedup keys not taken', async () => {
    const runs = newRuns(3);
    await rememberKey('taken', runs[0].id);
    const admissions = await acceptWebhookRuns(fx.app, {
      tenantId: fx.acme.tenantId,
      maxConcurrentRuns: 2,
      unflushedCommit: false,
      runs,
      dedups: [{ triggerId: fx.ids.acme, key: 'free', runId: runs[1].id, response }],
    });
    expect(runs.map((r) => admissions.get(r.id))).toEqual(['held', 'held', 'pending']);
    expect(await runRows(runs.map((r) => r.id))).toEqual(
      runs.map((r, n) => ({
        id: r.id,
        tenantId: fx.acme.tenantId,
        status: 'queued',
        trigger: 'webhook',
        input: { n },
        admission: n < 2 ? 'held' : 'pending',
      })),
    );
    const seen = await findWebhookDedups(fx.app, fx.acme.tenantId, [
      { triggerId: fx.ids.acme, key: 'taken' },
      { triggerId: fx.ids.acme, key: 'free' },
      { triggerId: fx.ids.acme, key: 'never' },
    ]);
    expect(seen.get(`${fx.ids.acme}\ntaken`)?.runId).toBe(runs[0].id);
    expect(seen.get(`${fx.ids.acme}\nfree`)?.runId).toBe(runs[1].id);
    expect(seen.size).toBe(2);
    // Another tenant's scope sees neither the runs nor the keys.
    expect(
      await findWebhookDedups(fx.app, fx.globex.tenantId, [{ triggerId: fx.ids.acme, key: 'free' }]),
    ).toEqual(new Map());
    expect(
      await inTenant(fx.app, fx.globex.tenantId, (m) =>
        m.query(`SELECT id FROM runs WHERE id = ANY($1::uuid[])`, [runs.map((r) => r.id)]),
      ),
    ).toEqual([]);

    // A tenant with runs pending: a new run waits behind them, whatever slots are free.
    const later = newRuns(1);
    const next = await acceptWebhookRuns(fx.app, {
      tenantId: fx.acme.tenantId,
      maxConcurrentRuns: 100,
      unflushedCommit: true,
      runs: later,
      dedups: [],
    });
    expect(next.get(later[0].id)).toBe('pending');
  });

  it('leaves the unflushed commit (and only when asked) and its scope in force until the commit', async () => {
    const settingsAfter = (unflushedCommit: boolean) =>
      fx.app.transaction(async (m) => {
        await acceptWebhookRuns(m, {
          tenantId: fx.acme.tenantId,
          maxConcurrentRuns: 100,
          unflushedCommit,
          runs: newRuns(1),
          dedups: [],
        });
        return (
          await m.query(
            `SELECT current_setting('synchronous_commit') AS sync, current_setting('app.tenant_id') AS tenant`,
          )
        )[0];
      });
    expect(await settingsAfter(true)).toEqual({ sync: 'off', tenant: fx.acme.tenantId });
    expect(await settingsAfter(false)).toEqual({ sync: 'on', tenant: fx.acme.tenantId });
  });

  it('writes nothing when another delivery committed one of its dedup keys first', async () => {
    const runs = newRuns(2);
    await rememberKey('raced', randomUUID());
    await expect(
      acceptWebhookRuns(fx.app, {
        tenantId: fx.acme.tenantId,
        maxConcurrentRuns: 100,
        unflushedCommit: false,
        runs,
        dedups: [
          { triggerId: fx.ids.acme, key: 'fresh', runId: runs[0].id, response },
          { triggerId: fx.ids.acme, key: 'raced', runId: runs[1].id, response },
        ],
      }),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(await runRows(runs.map((r) => r.id))).toEqual([]);
    expect(
      (await findWebhookDedups(fx.app, fx.acme.tenantId, [{ triggerId: fx.ids.acme, key: 'fresh' }])).size,
    ).toBe(0);
  });
});
