import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../../crypto/tokens.js';
import { createWebhookTenants, type WebhookTenants } from '../../testing/webhook-trigger-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { insertWebhookDedup } from './triggers.repository.js';
import {
  findRunnableTargets,
  findWebhookDedups,
  findWebhookTriggersByTokenHashes,
  insertWebhookDedups,
  insertWebhookRuns,
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
    const targets = await inTenant(fx.app, fx.acme.tenantId, (m) =>
      findRunnableTargets(m, [
        { flowId: fx.acme.flowId, versionNumber: null },
        { flowId: fx.acme.flowId, versionNumber: 9 },
        { flowId: fx.globex.flowId, versionNumber: null },
      ]),
    );
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
  });

  it('inserts runs in one statement and writes only the dedup keys not taken', async () => {
    const runs = [randomUUID(), randomUUID()];
    const written = await inTenant(fx.app, fx.acme.tenantId, async (m) => {
      await insertWebhookRuns(
        m,
        runs.map((id, n) => ({
          id,
          tenantId: fx.acme.tenantId,
          flowId: fx.acme.flowId,
          versionId: fx.acme.versionId,
          versionNumber: 1,
          input: { n },
          admission: 'held' as const,
        })),
      );
      const response = { status: 202, body: null };
      await insertWebhookDedup(m, {
        tenantId: fx.acme.tenantId,
        triggerId: fx.ids.acme,
        key: 'taken',
        runId: runs[0],
        response,
      });
      const count = await insertWebhookDedups(m, [
        { tenantId: fx.acme.tenantId, triggerId: fx.ids.acme, key: 'taken', runId: runs[1], response },
        { tenantId: fx.acme.tenantId, triggerId: fx.ids.acme, key: 'free', runId: runs[1], response },
      ]);
      const seen = await findWebhookDedups(m, [
        { triggerId: fx.ids.acme, key: 'taken' },
        { triggerId: fx.ids.acme, key: 'free' },
        { triggerId: fx.ids.acme, key: 'never' },
      ]);
      const rows: Array<{ id: string; status: string; trigger: string; input: unknown }> = await m.query(
        `SELECT id, status, "trigger", input FROM runs WHERE id = ANY($1::uuid[]) ORDER BY input->>'n'`,
        [runs],
      );
      return { count, seen, rows };
    });
    expect(written.count).toBe(1);
    expect(written.seen.get(`${fx.ids.acme}\ntaken`)?.runId).toBe(runs[0]);
    expect(written.seen.get(`${fx.ids.acme}\nfree`)?.runId).toBe(runs[1]);
    expect(written.seen.size).toBe(2);
    expect(written.rows).toEqual([
      { id: runs[0], status: 'queued', trigger: 'webhook', input: { n: 0 } },
      { id: runs[1], status: 'queued', trigger: 'webhook', input: { n: 1 } },
    ]);
  });

  it('cannot insert a run into another tenant from a tenant scope', async () => {
    await expect(
      inTenant(fx.app, fx.acme.tenantId, (m) =>
        insertWebhookRuns(m, [
          {
            id: randomUUID(),
            tenantId: fx.globex.tenantId,
            flowId: fx.globex.flowId,
            versionId: fx.globex.versionId,
            versionNumber: 1,
            input: {},
            admission: 'held',
          },
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
