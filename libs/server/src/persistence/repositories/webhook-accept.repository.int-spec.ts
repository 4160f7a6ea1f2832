import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../../crypto/tokens.js';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { insertTrigger, insertWebhookDedup } from './triggers.repository.js';
import {
  findRunnableTargets,
  findWebhookDedups,
  findWebhookTriggersByTokenHashes,
  insertWebhookDedups,
  insertWebhookRuns,
} from './webhook-accept.repository.js';

describe('webhook accept repository', () => {
  let db: TestDatabase;
  let app: DataSource;
  let acme: PublishedFlow;
  let globex: PublishedFlow;
  const tokens = { acme: `whk_${randomToken()}`, globex: `whk_${randomToken()}` };
  const ids = { acme: randomUUID(), globex: randomUUID() };

  const create = (flow: PublishedFlow, id: string, token: string) =>
    inTenant(app, flow.tenantId, (m) =>
      insertTrigger(m, {
        id,
        tenantId: flow.tenantId,
        flowId: flow.flowId,
        kind: 'webhook',
        enabled: true,
        versionNumber: null,
        config: { methods: ['POST'] },
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, 12),
        secret: null,
        createdBy: null,
      }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    acme = await createPublishedFlow(app, await createTenant(app));
    globex = await createPublishedFlow(app, await createTenant(app));
    await create(acme, ids.acme, tokens.acme);
    await create(globex, ids.globex, tokens.globex);
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it('finds the triggers of several tenants by their token hashes outside any tenant, and only those', async () => {
    const unknown = hashToken(`whk_${randomToken()}`);
    const found = await app.transaction((m) =>
      findWebhookTriggersByTokenHashes(m, [hashToken(tokens.acme), hashToken(tokens.globex), unknown]),
    );
    expect([...found.keys()].sort()).toEqual([hashToken(tokens.acme), hashToken(tokens.globex)].sort());
    expect(found.get(hashToken(tokens.acme))).toMatchObject({ id: ids.acme, tenantId: acme.tenantId });
    expect(found.get(hashToken(tokens.globex))).toMatchObject({ id: ids.globex, tenantId: globex.tenantId });
    // The function opened the cross-tenant policy only while it ran.
    const visible = await app.transaction((m) => m.query(`SELECT id FROM triggers`));
    expect(visible).toEqual([]);
  });

  it('reads a flow’s published version without its definition, and none for another tenant’s flow', async () => {
    const targets = await inTenant(app, acme.tenantId, (m) =>
      findRunnableTargets(m, [
        { flowId: acme.flowId, versionNumber: null },
        { flowId: acme.flowId, versionNumber: 9 },
        { flowId: globex.flowId, versionNumber: null },
      ]),
    );
    expect(targets).toHaveLength(2);
    expect(targets.find((t) => t.versionNumber === null)).toMatchObject({
      flowId: acme.flowId,
      archived: false,
      versionId: acme.versionId,
      number: 1,
      status: 'published',
      respondSteps: [],
    });
    expect(targets.find((t) => t.versionNumber === 9)).toMatchObject({ versionId: null });
  });

  it('inserts runs in one statement and writes only the dedup keys not taken', async () => {
    const runs = [randomUUID(), randomUUID()];
    const written = await inTenant(app, acme.tenantId, async (m) => {
      await insertWebhookRuns(
        m,
        runs.map((id, n) => ({
          id,
          tenantId: acme.tenantId,
          flowId: acme.flowId,
          versionId: acme.versionId,
          versionNumber: 1,
          input: { n },
          admission: 'held' as const,
        })),
      );
      const response = { status: 202, body: null };
      await insertWebhookDedup(m, {
        tenantId: acme.tenantId,
        triggerId: ids.acme,
        key: 'taken',
        runId: runs[0],
        response,
      });
      const count = await insertWebhookDedups(m, [
        { tenantId: acme.tenantId, triggerId: ids.acme, key: 'taken', runId: runs[1], response },
        { tenantId: acme.tenantId, triggerId: ids.acme, key: 'free', runId: runs[1], response },
      ]);
      const seen = await findWebhookDedups(m, [
        { triggerId: ids.acme, key: 'taken' },
        { triggerId: ids.acme, key: 'free' },
        { triggerId: ids.acme, key: 'never' },
      ]);
      const rows: Array<{ id: string; status: string; trigger: string; input: unknown }> = await m.query(
        `SELECT id, status, "trigger", input FROM runs WHERE id = ANY($1::uuid[]) ORDER BY input->>'n'`,
        [runs],
      );
      return { count, seen, rows };
    });
    expect(written.count).toBe(1);
    expect(written.seen.get(`${ids.acme}\ntaken`)?.runId).toBe(runs[0]);
    expect(written.seen.get(`${ids.acme}\nfree`)?.runId).toBe(runs[1]);
    expect(written.seen.size).toBe(2);
    expect(written.rows).toEqual([
      { id: runs[0], status: 'queued', trigger: 'webhook', input: { n: 0 } },
      { id: runs[1], status: 'queued', trigger: 'webhook', input: { n: 1 } },
    ]);
  });

  it('cannot insert a run into another tenant from a tenant scope', async () => {
    await expect(
      inTenant(app, acme.tenantId, (m) =>
        insertWebhookRuns(m, [
          {
            id: randomUUID(),
            tenantId: globex.tenantId,
            flowId: globex.flowId,
            versionId: globex.versionId,
            versionNumber: 1,
            input: {},
            admission: 'held',
          },
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
