import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import {
  advanceScheduleSlot,
  claimScheduleSlot,
  dueScheduleTriggers,
  insertTrigger,
} from './triggers.repository.js';

describe('schedule triggers in the repository', () => {
  let db: TestDatabase;
  let app: DataSource;
  let acme: PublishedFlow;
  let globex: PublishedFlow;
  const past = () => new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);

  const schedule = (flow: PublishedFlow, nextFireAt: Date | null, enabled = true) =>
    inTenant(app, flow.tenantId, (m) =>
      insertTrigger(m, {
        id: randomUUID(),
        tenantId: flow.tenantId,
        flowId: flow.flowId,
        kind: 'schedule',
        enabled,
        versionNumber: null,
        config: { mode: 'interval', intervalSeconds: 60 },
        tokenHash: null,
        tokenPrefix: null,
        secret: null,
        nextFireAt,
        createdBy: null,
      }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    acme = await createPublishedFlow(app, await createTenant(app));
    globex = await createPublishedFlow(app, await createTenant(app));
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it('lists due enabled schedules of every tenant, ids and slots only, to the application role', async () => {
    const a = await schedule(acme, past());
    const g = await schedule(globex, past());
    const future = await schedule(acme, new Date(Date.now() + 3_600_000));
    const disabled = await schedule(acme, past(), false);
    const due = await dueScheduleTriggers(app, 100);
    expect(due.map((d) => d.triggerId).sort()).toEqual([a.id, g.id].sort());
    expect(Object.keys(due[0]!).sort()).toEqual(['nextFireAt', 'tenantId', 'triggerId']);
    expect(due.map((d) => d.triggerId)).not.toContain(future.id);
    expect(due.map((d) => d.triggerId)).not.toContain(disabled.id);
  });

  it('opens nothing else across tenants: the application role setting app.cross_tenant still sees none', async () => {
    const rows = await app.transaction(async (m) => {
      await m.query(`SELECT set_config('app.cross_tenant', 'on', true)`);
      return m.query(`SELECT id FROM triggers`);
    });
    expect(rows).toEqual([]);
  });

  it('claims a slot once: a second claim of the same slot after the advance finds nothing', async () => {
    const slot = past();
    const t = await schedule(acme, slot);
    const next = new Date(slot.getTime() + 60_000);
    const first = await inTenant(app, acme.tenantId, async (m) => {
      const claimed = await claimScheduleSlot(m, acme.tenantId, t.id, slot);
      expect(claimed?.id).toBe(t.id);
      return advanceScheduleSlot(m, acme.tenantId, t.id, slot, next, true);
    });
    expect(first).toBe(true);
    const again = await inTenant(app, acme.tenantId, async (m) => ({
      claim: await claimScheduleSlot(m, acme.tenantId, t.id, slot),
      advance: await advanceScheduleSlot(m, acme.tenantId, t.id, slot, next, true),
    }));
    expect(again).toEqual({ claim: null, advance: false });
  });

  it('skips a slot another transaction holds (SKIP LOCKED) instead of waiting for it', async () => {
    const slot = past();
    const t = await schedule(acme, slot);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimedFirst: () => void = () => undefined;
    const claimed = new Promise<void>((resolve) => (claimedFirst = resolve));
    const holder = inTenant(app, acme.tenantId, async (m) => {
      await claimScheduleSlot(m, acme.tenantId, t.id, slot);
      claimedFirst();
      await held;
    });
    await claimed;
    const second = await inTenant(app, acme.tenantId, (m) => claimScheduleSlot(m, acme.tenantId, t.id, slot));
    release();
    await holder;
    expect(second).toBeNull();
  });

  it("never claims another tenant's trigger", async () => {
    const slot = past();
    const t = await schedule(globex, slot);
    const claim = await inTenant(app, acme.tenantId, (m) => claimScheduleSlot(m, acme.tenantId, t.id, slot));
    expect(claim).toBeNull();
    const sneaky = await inTenant(app, acme.tenantId, (m) =>
      claimScheduleSlot(m, globex.tenantId, t.id, slot),
    );
    expect(sneaky).toBeNull();
  });
});
