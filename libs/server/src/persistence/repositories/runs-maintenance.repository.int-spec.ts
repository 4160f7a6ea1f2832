import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createRun,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import type { TenantSettings } from '../entities/tenant.entity.js';
import { inTenant } from '../tenant-transaction.js';
import { pruneExpiredRuns, runsToRecover, touchRuns } from './runs-maintenance.repository.js';
import { findRun } from './runs.repository.js';
import { checkpointStepRuns, listStepRuns } from './step-runs.repository.js';
import type { RunStatus } from '@stepline/domain';

/** The worker's cross-tenant jobs: one statement each, as the application role, across tenants. */
describe('runs maintenance (sweeper, heartbeat, retention)', () => {
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

  const flowOf = async (settings: TenantSettings = {}) =>
    createPublishedFlow(app, await createTenant(app, settings));

  /** A run with the given status whose created_at and updated_at lie `ageMs` in the past. */
  async function agedRun(flow: PublishedFlow, status: RunStatus, ageMs: number, extra = {}) {
    const run = await createRun(app, flow, { status, ...extra });
    await inTenant(app, flow.tenantId, (m) =>
      m.query(
        `UPDATE runs SET created_at = now() - make_interval(secs => $2::float8 / 1000), updated_at = now() - make_interval(secs => $2::float8 / 1000) WHERE id = $1`,
        [run.id, ageMs],
      ),
    );
    return run;
  }

  const MINUTE = 60_000;
  const DAY = 86_400_000;

  it('finds queued and running runs of every tenant nothing touched lately, oldest first', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const oldQueued = await agedRun(x, 'queued', 10 * MINUTE);
    const olderRunning = await agedRun(y, 'running', 20 * MINUTE);
    await agedRun(x, 'running', 10_000); // fresh
    await agedRun(y, 'waiting', 30 * MINUTE); // resumed by its waitpoint, not the sweeper
    await agedRun(y, 'succeeded', 30 * MINUTE);
    const found = await runsToRecover(app, { staleAfterMs: 5 * MINUTE, max: 100 });
    expect(found).toEqual([
      { tenantId: y.tenantId, runId: olderRunning.id, status: 'running' },
      { tenantId: x.tenantId, runId: oldQueued.id, status: 'queued' },
    ]);
    expect(await runsToRecover(app, { staleAfterMs: 5 * MINUTE, max: 1 })).toHaveLength(1);
  });

  it('keeps runs out of the sweeper with a heartbeat, unfinished ones only', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const running = await agedRun(x, 'running', 10 * MINUTE);
    const queued = await agedRun(y, 'queued', 10 * MINUTE);
    const done = await agedRun(y, 'failed', 10 * MINUTE);
    expect(await touchRuns(app, [running.id, queued.id, done.id])).toBe(2);
    const stale = (await runsToRecover(app, { staleAfterMs: 5 * MINUTE, max: 100 })).map((r) => r.runId);
    expect(stale).not.toContain(running.id);
    expect(stale).not.toContain(queued.id);
    expect(await touchRuns(app, [])).toBe(0);
  });

  it("prunes finished runs past their tenant's retention, in batches, with their step runs", async () => {
    const week = await flowOf({ retentionDays: 7 });
    const usual = await flowOf(); // 30 days
    const expiredWeek = await agedRun(week, 'succeeded', 10 * DAY);
    const keptWeek = await agedRun(week, 'failed', 3 * DAY);
    const unfinished = await agedRun(week, 'running', 60 * DAY);
    const keptUsual = await agedRun(usual, 'succeeded', 10 * DAY);
    const expiredUsual = await agedRun(usual, 'cancelled', 40 * DAY);
    const child = await createRun(app, usual, { parentRunId: expiredUsual.id, trigger: 'subflow' });
    await checkpointStepRuns(app, [
      { tenantId: week.tenantId, runId: expiredWeek.id, stepId: 'a', attempt: 1, status: 'succeeded' },
      { tenantId: week.tenantId, runId: keptWeek.id, stepId: 'a', attempt: 1, status: 'succeeded' },
    ]);

    expect(await pruneExpiredRuns(app, 1)).toBe(1);
    expect(await pruneExpiredRuns(app, 1)).toBe(1);
    expect(await pruneExpiredRuns(app, 1)).toBe(0);

    const exists = async (flow: PublishedFlow, id: string) =>
      (await inTenant(app, flow.tenantId, (m) => findRun(m, flow.tenantId, id))) !== null;
    expect(await exists(week, expiredWeek.id)).toBe(false);
    expect(await exists(usual, expiredUsual.id)).toBe(false);
    expect(await exists(week, keptWeek.id)).toBe(true);
    expect(await exists(week, unfinished.id)).toBe(true);
    expect(await exists(usual, keptUsual.id)).toBe(true);
    expect(await inTenant(app, week.tenantId, (m) => listStepRuns(m, expiredWeek.id))).toEqual([]);
    expect(await inTenant(app, week.tenantId, (m) => listStepRuns(m, keptWeek.id))).toHaveLength(1);
    expect(
      (await inTenant(app, usual.tenantId, (m) => findRun(m, usual.tenantId, child.id)))?.parentRunId,
    ).toBeNull();
  });

  it('does not let the application role open the cross-tenant policies itself', async () => {
    const x = await flowOf();
    await createRun(app, x);
    const seen = await app.transaction(async (m) => {
      await m.query(`SELECT set_config('app.cross_tenant', 'on', true)`);
      return m.query(`SELECT count(*)::int AS n FROM runs`);
    });
    expect(seen).toEqual([{ n: 0 }]);
  });
});
