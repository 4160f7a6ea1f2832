import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitPending } from '../../runs/admission.js';
import { insertQueuedRun } from '../../runs/insert-queued-run.js';
import { createTestDatabase, waitFor, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { admissionCounts, lockSlots, tenantsPendingAdmission } from './admission.repository.js';
import { runsToRecover } from './runs-maintenance.repository.js';
import { transitionRun } from './runs.repository.js';

/** Fair admission in Postgres (docs/adr/0007): slots counted under the tenant's lock, released by the trigger. */
describe('fair admission', () => {
  let db: TestDatabase;
  let app: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const flowWithCap = async (cap: number) =>
    createPublishedFlow(app, await createTenant(app, { maxConcurrentRuns: cap }));
  const start = (flow: PublishedFlow) =>
    inTenant(app, flow.tenantId, (m) =>
      insertQueuedRun(m, {
        tenantId: flow.tenantId,
        flowId: flow.flowId,
        ref: 'published',
        input: {},
        trigger: 'api',
      }),
    );
  const counts = (flow: PublishedFlow) =>
    inTenant(app, flow.tenantId, (m) => admissionCounts(m, flow.tenantId));

  it('gives concurrent starts at most the cap of slots; the rest wait, oldest first', async () => {
    const flow = await flowWithCap(3);
    const runs = await Promise.all(Array.from({ length: 10 }, () => start(flow)));
    expect(runs.filter((r) => r?.admission === 'held')).toHaveLength(3);
    expect(await counts(flow)).toEqual({ held: 3, pending: 7 });
    expect(await tenantsPendingAdmission(app, 100)).toContain(flow.tenantId);
  });

  it('admits exactly the freed slots however many admitters pass at once', async () => {
    const flow = await flowWithCap(3);
    const runs = await Promise.all(Array.from({ length: 10 }, () => start(flow)));
    const held = runs.filter((r) => r?.admission === 'held').map((r) => r!.id);
    // Two of the three end: their slots come back in the same statement.
    for (const id of held.slice(0, 2)) {
      await inTenant(app, flow.tenantId, (m) => transitionRun(m, id, ['queued'], 'succeeded'));
    }
    expect(await counts(flow)).toEqual({ held: 1, pending: 7 });
    const passes = await Promise.all(
      Array.from({ length: 5 }, () => inTenant(app, flow.tenantId, (m) => admitPending(m, flow.tenantId))),
    );
    expect(passes.flat()).toHaveLength(2);
    expect(new Set(passes.flat()).size).toBe(2);
    expect(await counts(flow)).toEqual({ held: 3, pending: 5 });
  });

  it('takes a cancelled pending run out of the line without a slot', async () => {
    const flow = await flowWithCap(1);
    await start(flow);
    const pending = await start(flow);
    expect(pending?.admission).toBe('pending');
    await inTenant(app, flow.tenantId, (m) => transitionRun(m, pending!.id, ['queued'], 'cancelled'));
    expect(await counts(flow)).toEqual({ held: 1, pending: 0 });
  });

  it('keeps pending runs away from the sweeper, which re-enqueues held ones', async () => {
    const flow = await flowWithCap(1);
    const held = await start(flow);
    const pending = await start(flow);
    const recovered = (await runsToRecover(app, { staleAfterMs: 0, max: 10_000 })).map((r) => r.runId);
    expect(recovered).toContain(held!.id);
    expect(recovered).not.toContain(pending!.id);
  });

  it('counts, once its lock is granted, the runs that the lock’s previous holder committed', async () => {
    // The lock and the count are one statement (lock_admission_slots): its count must take its
    // snapshot after the lock, or a start would not see the run that took the last slot.
    const flow = await flowWithCap(5);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const first = inTenant(app, flow.tenantId, async (m) => {
      expect((await lockSlots(m, flow.tenantId)).held).toBe(0);
      await m.query(
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", admission)
         VALUES ($1, $2, $3, $4, 'queued', 'api', 'held')`,
        [flow.tenantId, flow.flowId, flow.versionId, flow.versionNumber],
      );
      holding();
      await released;
    });
    await held;
    const second = inTenant(app, flow.tenantId, (m) => lockSlots(m, flow.tenantId));
    // The second waits for the first's advisory lock, then the first commits.
    await waitFor(
      async () =>
        (
          (await app.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
          )) as Array<{
            n: number;
          }>
        )[0].n > 0,
      { what: 'the second admission waiting for the lock' },
    );
    release();
    await first;
    expect(await second).toMatchObject({ held: 1, pending: false });
  });

  it('counts only the tenant’s own runs', async () => {
    const acme = await flowWithCap(1);
    const globex = await flowWithCap(1);
    await start(acme);
    expect((await start(acme))?.admission).toBe('pending');
    expect((await start(globex))?.admission).toBe('held');
  });
});
