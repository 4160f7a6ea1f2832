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
import {
  beginRuns,
  finishRuns,
  loadRuns,
  pruneExpiredRuns,
  runsToRecover,
  touchRuns,
  writeRunBatch,
} from './runs-maintenance.repository.js';
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

  it('begins a batch of runs of several tenants in one statement, with their checkpoints', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const queued = await createRun(app, x, { status: 'queued' });
    const running = await createRun(app, y, { status: 'running' });
    const done = await createRun(app, y, { status: 'succeeded' });
    await checkpointStepRuns(app, [
      { tenantId: y.tenantId, runId: running.id, stepId: 'a', attempt: 1, status: 'succeeded', output: 1 },
    ]);
    const begun = await beginRuns(app, [
      { tenantId: x.tenantId, runId: queued.id },
      { tenantId: y.tenantId, runId: running.id },
      { tenantId: y.tenantId, runId: done.id },
      // A job naming the wrong tenant gets nothing.
      { tenantId: y.tenantId, runId: queued.id },
    ]);
    const byId = new Map(begun.map((b) => [b.run.id, b]));
    expect([...byId.keys()].sort()).toEqual([queued.id, running.id].sort());
    expect(byId.get(queued.id)?.run).toMatchObject({
      status: 'running',
      tenantId: x.tenantId,
      startedAt: expect.any(Date),
    });
    expect(byId.get(running.id)?.steps.map((s) => [s.stepId, s.output])).toEqual([['a', 1]]);
    expect(begun).toHaveLength(2);
  });

  it('finishes runs of several tenants in one statement, only from unfinished statuses and the right tenant', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const a = await createRun(app, x, { status: 'running' });
    const b = await createRun(app, y, { status: 'running' });
    const cancelled = await createRun(app, y, { status: 'cancelled' });
    const finished = await finishRuns(app, [
      { tenantId: x.tenantId, runId: a.id, status: 'succeeded', output: { ok: true } },
      {
        tenantId: y.tenantId,
        runId: b.id,
        status: 'failed',
        error: { code: 'step.failed', message: 'x', stepId: 's' },
      },
      { tenantId: y.tenantId, runId: cancelled.id, status: 'succeeded', output: 1 },
      { tenantId: y.tenantId, runId: a.id, status: 'failed' },
    ]);
    expect(finished.sort()).toEqual([a.id, b.id].sort());
    const [runA, runB, runC] = await Promise.all([
      inTenant(app, x.tenantId, (m) => findRun(m, x.tenantId, a.id)),
      inTenant(app, y.tenantId, (m) => findRun(m, y.tenantId, b.id)),
      inTenant(app, y.tenantId, (m) => findRun(m, y.tenantId, cancelled.id)),
    ]);
    expect(runA).toMatchObject({ status: 'succeeded', output: { ok: true }, finishedAt: expect.any(Date) });
    expect(runB).toMatchObject({
      status: 'failed',
      error: { code: 'step.failed', stepId: 's' },
      output: null,
    });
    expect(runC?.status).toBe('cancelled');
  });

  it('writes starts, checkpoints and finishes of several tenants in one statement, any of them absent', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const toBegin = await createRun(app, x, { status: 'queued' });
    const toCheckpoint = await createRun(app, y, { status: 'running' });
    const toFinish = await createRun(app, y, { status: 'running' });
    const written = await writeRunBatch(app, {
      begins: [{ tenantId: x.tenantId, runId: toBegin.id }],
      checkpoints: [
        {
          tenantId: y.tenantId,
          runId: toCheckpoint.id,
          stepId: 'a',
          attempt: 1,
          status: 'succeeded',
          output: 7,
        },
        // The wrong tenant for its run: not written, not answered.
        { tenantId: x.tenantId, runId: toCheckpoint.id, stepId: 'b', attempt: 1, status: 'succeeded' },
      ],
      finishes: [{ tenantId: y.tenantId, runId: toFinish.id, status: 'succeeded', output: { ok: 1 } }],
    });
    expect(written.begun.map((b) => [b.run.id, b.run.status])).toEqual([[toBegin.id, 'running']]);
    expect(written.checkpointed).toEqual([
      { runId: toCheckpoint.id, path: '', stepId: 'a', attempt: 1, seq: expect.any(Number), inserted: true },
    ]);
    expect(written.finished).toEqual([toFinish.id]);
    const steps = await inTenant(app, y.tenantId, (m) => listStepRuns(m, toCheckpoint.id));
    expect(steps.map((s) => [s.stepId, s.output, s.seq])).toEqual([['a', 7, written.checkpointed[0]?.seq]]);

    // Each part alone, and a checkpoint written again: answered as recorded, not inserted.
    const again = await writeRunBatch(app, {
      begins: [],
      checkpoints: [
        {
          tenantId: y.tenantId,
          runId: toCheckpoint.id,
          stepId: 'a',
          attempt: 1,
          status: 'succeeded',
          output: 8,
        },
      ],
      finishes: [],
    });
    expect(again).toEqual({
      begun: [],
      checkpointed: [
        expect.objectContaining({ stepId: 'a', seq: written.checkpointed[0]?.seq, inserted: false }),
      ],
      finished: [],
    });
    const onlyFinish = await writeRunBatch(app, {
      begins: [],
      checkpoints: [],
      finishes: [{ tenantId: x.tenantId, runId: toBegin.id, status: 'failed' }],
    });
    expect(onlyFinish).toEqual({ begun: [], checkpointed: [], finished: [toBegin.id] });
    const onlyBegin = await writeRunBatch(app, {
      begins: [{ tenantId: y.tenantId, runId: toCheckpoint.id }],
      checkpoints: [],
      finishes: [],
    });
    expect(onlyBegin.begun.map((b) => b.steps.map((s) => s.stepId))).toEqual([['a']]);
    await expect(writeRunBatch(app, { begins: [], checkpoints: [], finishes: [] })).resolves.toEqual({
      begun: [],
      checkpointed: [],
      finished: [],
    });
  });
  it('loads queued and running runs with their checkpoints without changing them (a read)', async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const queued = await createRun(app, x, { status: 'queued' });
    const running = await createRun(app, y, { status: 'running' });
    const waiting = await createRun(app, y, { status: 'waiting' });
    const done = await createRun(app, y, { status: 'succeeded' });
    await checkpointStepRuns(app, [
      { tenantId: y.tenantId, runId: running.id, stepId: 'a', attempt: 1, status: 'succeeded', output: 1 },
    ]);
    const loaded = await loadRuns(app, [
      { tenantId: x.tenantId, runId: queued.id },
      { tenantId: y.tenantId, runId: running.id },
      { tenantId: y.tenantId, runId: waiting.id },
      { tenantId: y.tenantId, runId: done.id },
      // A job naming the wrong tenant gets nothing.
      { tenantId: y.tenantId, runId: queued.id },
    ]);
    const byId = new Map(loaded.map((b) => [b.run.id, b]));
    expect([...byId.keys()].sort()).toEqual([queued.id, running.id].sort());
    expect(byId.get(queued.id)?.run).toMatchObject({ status: 'queued', startedAt: null });
    expect(byId.get(running.id)?.steps.map((s) => [s.stepId, s.output])).toEqual([['a', 1]]);
    const after = await inTenant(app, x.tenantId, (m) => findRun(m, x.tenantId, queued.id));
    expect(after).toMatchObject({ status: 'queued', startedAt: null });
  });

  it("starts loaded runs with the runner's start time, but not a run cancelled meanwhile; a finish records the start of a run never started", async () => {
    const [x, y] = [await flowOf(), await flowOf()];
    const queued = await createRun(app, x, { status: 'queued' });
    const cancelled = await createRun(app, y, { status: 'cancelled' });
    const oneCommit = await createRun(app, y, { status: 'queued' });
    const startedAt = new Date(Date.now() - 5_000);
    const written = await writeRunBatch(app, {
      begins: [],
      starts: [
        { tenantId: x.tenantId, runId: queued.id, startedAt },
        { tenantId: y.tenantId, runId: cancelled.id, startedAt },
        // The wrong tenant: not started.
        { tenantId: y.tenantId, runId: queued.id, startedAt },
      ],
      checkpoints: [
        { tenantId: x.tenantId, runId: queued.id, stepId: 'a', attempt: 1, status: 'succeeded', output: 2 },
      ],
      finishes: [{ tenantId: y.tenantId, runId: oneCommit.id, status: 'succeeded', output: 3, startedAt }],
    });
    expect(written.started).toEqual([queued.id]);
    expect(written.checkpointed.map((c) => c.inserted)).toEqual([true]);
    expect(written.finished).toEqual([oneCommit.id]);
    const [started, stillCancelled, finished] = await Promise.all([
      inTenant(app, x.tenantId, (m) => findRun(m, x.tenantId, queued.id)),
      inTenant(app, y.tenantId, (m) => findRun(m, y.tenantId, cancelled.id)),
      inTenant(app, y.tenantId, (m) => findRun(m, y.tenantId, oneCommit.id)),
    ]);
    expect(started).toMatchObject({ status: 'running', startedAt });
    expect(stillCancelled?.status).toBe('cancelled');
    expect(finished).toMatchObject({
      status: 'succeeded',
      output: 3,
      startedAt,
      finishedAt: expect.any(Date),
    });
  });
});
