import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../../crypto/tokens.js';
import { createWebhookTenants, type WebhookTenants } from '../../testing/webhook-trigger-fixtures.js';
import { inScope, inTenant } from '../tenant-transaction.js';
import {
  findTriggerByTokenHash,
  findWebhookDedup,
  insertTrigger,
  insertWebhookDedup,
  pruneWebhookDedup,
} from './triggers.repository.js';

describe('triggers repository', () => {
  let fx: WebhookTenants;

  beforeAll(async () => {
    fx = await createWebhookTenants();
  });
  afterAll(() => fx?.close());

  it('finds a trigger by its token hash with no tenant, and sees nothing else in that scope', async () => {
    const tokenHash = hashToken(fx.tokens.globex);
    await inScope(fx.app, { tokenHash }, async (m) => {
      expect(await findTriggerByTokenHash(m, tokenHash)).toMatchObject({
        id: fx.ids.globex,
        tenantId: fx.globex.tenantId,
        secret: null,
      });
      const visible: Array<{ id: string }> = await m.query(`SELECT id FROM triggers`);
      expect(visible.map((r) => r.id)).toEqual([fx.ids.globex]);
    });
    const unknown = hashToken(`whk_${randomToken()}`);
    await inScope(fx.app, { tokenHash: unknown }, async (m) => {
      expect(await findTriggerByTokenHash(m, unknown)).toBeNull();
      expect(await m.query(`SELECT id FROM triggers`)).toEqual([]);
    });
  });

  it('cannot insert a trigger into another tenant from a token scope', async () => {
    await expect(
      inScope(fx.app, { tokenHash: hashToken(fx.tokens.acme) }, (m) =>
        insertTrigger(m, {
          id: randomUUID(),
          tenantId: fx.acme.tenantId,
          flowId: fx.acme.flowId,
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
      tenantId: fx.acme.tenantId,
      triggerId: fx.ids.acme,
      key: 'evt_1',
      runId,
      response: { status: 202, body: { runId } },
    });
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await inTenant(fx.app, fx.acme.tenantId, async (m) => {
      expect(await insertWebhookDedup(m, entry(first))).toBe(true);
      expect(await insertWebhookDedup(m, entry(second))).toBe(false);
      expect((await findWebhookDedup(m, fx.ids.acme, 'evt_1'))?.runId).toBe(first);
      await m.query(`UPDATE webhook_deliveries_dedup SET created_at = now() - interval '25 hours'`);
      expect(await findWebhookDedup(m, fx.ids.acme, 'evt_1')).toBeNull();
      expect(await insertWebhookDedup(m, entry(third))).toBe(true);
      expect((await findWebhookDedup(m, fx.ids.acme, 'evt_1'))?.runId).toBe(third);
      await m.query(`UPDATE webhook_deliveries_dedup SET created_at = now() - interval '25 hours'`);
      await pruneWebhookDedup(m, fx.ids.acme);
      expect(await m.query(`SELECT 1 FROM webhook_deliveries_dedup`)).toEqual([]);
    });
  });
});
