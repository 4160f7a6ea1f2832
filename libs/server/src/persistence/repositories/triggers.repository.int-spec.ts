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
import { inScope, inTenant } from '../tenant-transaction.js';
import {
  findTriggerByTokenHash,
  findWebhookDedup,
  insertTrigger,
  insertWebhookDedup,
  pruneWebhookDedup,
} from './triggers.repository.js';

describe('triggers repository', () => {
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

  it('finds a trigger by its token hash with no tenant, and sees nothing else in that scope', async () => {
    const tokenHash = hashToken(tokens.globex);
    await inScope(app, { tokenHash }, async (m) => {
      expect(await findTriggerByTokenHash(m, tokenHash)).toMatchObject({
        id: ids.globex,
        tenantId: globex.tenantId,
        secret: null,
      });
      const visible: Array<{ id: string }> = await m.query(`SELECT id FROM triggers`);
      expect(visible.map((r) => r.id)).toEqual([ids.globex]);
    });
    const unknown = hashToken(`whk_${randomToken()}`);
    await inScope(app, { tokenHash: unknown }, async (m) => {
      expect(await findTriggerByTokenHash(m, unknown)).toBeNull();
      expect(await m.query(`SELECT id FROM triggers`)).toEqual([]);
    });
  });

  it('cannot insert a trigger into another tenant from a token scope', async () => {
    await expect(
      inScope(app, { tokenHash: hashToken(tokens.acme) }, (m) =>
        insertTrigger(m, {
          id: randomUUID(),
          tenantId: acme.tenantId,
          flowId: acme.flowId,
          kind: 'webhook',
          enabled: true,
          versionNumber: null,
          config: {},
          tokenHash: hashToken(`whk_${randomToken()}`),
          tokenPrefix: 'whk_x',
          secret: null,
          createdBy: null,
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('remembers a dedup key once, replaces it after 24 h, and prunes expired entries', async () => {
    const entry = (runId: string) => ({
      tenantId: acme.tenantId,
      triggerId: ids.acme,
      key: 'evt_1',
      runId,
      response: { status: 202, body: { runId } },
    });
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await inTenant(app, acme.tenantId, async (m) => {
      expect(await insertWebhookDedup(m, entry(first))).toBe(true);
      expect(await insertWebhookDedup(m, entry(second))).toBe(false);
      expect((await findWebhookDedup(m, ids.acme, 'evt_1'))?.runId).toBe(first);
      await m.query(`UPDATE webhook_deliveries_dedup SET created_at = now() - interval '25 hours'`);
      expect(await findWebhookDedup(m, ids.acme, 'evt_1')).toBeNull();
      expect(await insertWebhookDedup(m, entry(third))).toBe(true);
      expect((await findWebhookDedup(m, ids.acme, 'evt_1'))?.runId).toBe(third);
      await m.query(`UPDATE webhook_deliveries_dedup SET created_at = now() - interval '25 hours'`);
      await pruneWebhookDedup(m, ids.acme);
      expect(await m.query(`SELECT 1 FROM webhook_deliveries_dedup`)).toEqual([]);
    });
  });
});
