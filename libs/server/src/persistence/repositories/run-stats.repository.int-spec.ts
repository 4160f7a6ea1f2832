import { randomUUID } from 'node:crypto';
import type { RunStatus } from '@stepline/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createRun,
  createTenant,
  TINY_DEFINITION,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { runStatsOfFlows } from './run-stats.repository.js';

const DAY = 24 * 60 * 60 * 1000;

describe('runStatsOfFlows', () => {
  let db: TestDatabase;
  let app: DataSource;
  let flow: PublishedFlow;
  let quiet: PublishedFlow;
  let foreign: PublishedFlow;
  const since = new Date(Date.now() - 30 * DAY);

  /** A run of `of` created `daysAgo` days ago. */
  const runAt = async (of: PublishedFlow, status: RunStatus, daysAgo: number, test = false) => {
    const run = await createRun(app, of, { status, ...(test ? { definition: TINY_DEFINITION } : {}) });
    const at = new Date(Date.now() - daysAgo * DAY);
    await inTenant(app, of.tenantId, (m) =>
      m.query(`UPDATE runs SET created_at = $2 WHERE id = $1`, [run.id, at]),
    );
    return { ...run, createdAt: at };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    const tenantId = await createTenant(app);
    flow = await createPublishedFlow(app, tenantId);
    quiet = await createPublishedFlow(app, tenantId);
    foreign = await createPublishedFlow(app, await createTenant(app));
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const statsOf = (ids: string[], tenantId = flow.tenantId) =>
    inTenant(app, tenantId, (m) => runStatsOfFlows(m, tenantId, ids, since));

  it('answers zeros and no last run for a flow that never ran, and nothing for no flows', async () => {
    expect((await statsOf([quiet.flowId])).get(quiet.flowId)).toEqual({
      runCount: 0,
      succeeded: 0,
      finished: 0,
      lastRun: null,
    });
    expect((await statsOf([])).size).toBe(0);
  });

  it('counts the real runs of the window per flow, succeeded and finished apart, and names the newest', async () => {
    await runAt(flow, 'succeeded', 40); // before the window: not counted
    await runAt(flow, 'succeeded', 10);
    await runAt(flow, 'succeeded', 9);
    await runAt(flow, 'failed', 8);
    await runAt(flow, 'cancelled', 7);
    await runAt(flow, 'timed_out', 6);
    await runAt(flow, 'running', 5); // counted, not finished
    const newest = await runAt(flow, 'waiting', 2);
    await runAt(flow, 'failed', 1, true); // a test run of the draft: never counted, never the last run
    await runAt(foreign, 'failed', 0); // another tenant's
    const stats = await statsOf([flow.flowId, quiet.flowId]);
    expect(stats.get(flow.flowId)).toEqual({
      runCount: 7,
      succeeded: 2,
      finished: 5,
      lastRun: { id: newest.id, status: 'waiting', createdAt: newest.createdAt },
    });
    expect(stats.get(quiet.flowId)?.runCount).toBe(0);
  });

  it('keeps the last run when it is older than the window', async () => {
    const old = await runAt(quiet, 'failed', 45);
    const stats = await statsOf([quiet.flowId]);
    expect(stats.get(quiet.flowId)).toEqual({
      runCount: 0,
      succeeded: 0,
      finished: 0,
      lastRun: { id: old.id, status: 'failed', createdAt: old.createdAt },
    });
  });

  it("never counts another tenant's runs, even when asked for that tenant's flow id", async () => {
    const stats = await statsOf([foreign.flowId, randomUUID()]);
    for (const entry of stats.values())
      expect(entry).toEqual({ runCount: 0, succeeded: 0, finished: 0, lastRun: null });
    expect((await statsOf([foreign.flowId], foreign.tenantId)).get(foreign.flowId)?.runCount).toBe(1);
  });
});
