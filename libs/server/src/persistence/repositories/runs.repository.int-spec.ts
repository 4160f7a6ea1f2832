import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
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
import {
  findRun,
  findRunByIdempotencyKey,
  findRunForUpdate,
  incrementStepsDone,
  insertRun,
  listRuns,
  markCancelRequested,
  setRunResponse,
  transitionRun,
} from './runs.repository.js';

describe('runs repository', () => {
  let db: TestDatabase;
  let app: DataSource;
  let flow: PublishedFlow;
  let otherFlow: PublishedFlow;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    flow = await createPublishedFlow(app, await createTenant(app));
    otherFlow = await createPublishedFlow(app, await createTenant(app));
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const inFlowTenant = <T>(work: Parameters<typeof inTenant<T>>[2]) => inTenant(app, flow.tenantId, work);

  it('inserts a queued run and reads it back in camelCase', async () => {
    const run = await createRun(app, flow, { input: [1, 'two'], trigger: 'manual' });
    expect(run).toMatchObject({
      tenantId: flow.tenantId,
      flowId: flow.flowId,
      versionId: flow.versionId,
      versionNumber: 1,
      isTest: false,
      definition: null,
      status: 'queued',
      trigger: 'manual',
      input: [1, 'two'],
      output: null,
      stepsDone: 0,
      startedAt: null,
    });
    expect(run.createdAt).toBeInstanceOf(Date);
    expect(await inFlowTenant((m) => findRun(m, flow.tenantId, run.id))).toEqual(run);
  });

  it('marks a run with a draft snapshot as a test run', async () => {
    const run = await createRun(app, flow, { definition: { ...TINY_DEFINITION, draft: true } });
    expect(run).toMatchObject({ isTest: true, definition: { draft: true } });
  });

  it("keeps another tenant's run invisible, even by id", async () => {
    const foreign = await createRun(app, otherFlow);
    expect(await inFlowTenant((m) => findRun(m, otherFlow.tenantId, foreign.id))).toBeNull();
    expect(await inFlowTenant((m) => findRun(m, flow.tenantId, foreign.id))).toBeNull();
    expect(await inFlowTenant((m) => transitionRun(m, foreign.id, ['queued'], 'running'))).toBeNull();
    expect(await inFlowTenant((m) => markCancelRequested(m, foreign.id))).toBeNull();
    const page = await inFlowTenant((m) => listRuns(m, otherFlow.tenantId, { limit: 50 }));
    expect(page.rows).toEqual([]);
    expect(
      (await inTenant(app, otherFlow.tenantId, (m) => findRun(m, otherFlow.tenantId, foreign.id)))?.status,
    ).toBe('queued');
  });

  it('answers null for a taken idempotency key, and the first run by that key', async () => {
    const first = await createRun(app, flow, { idempotencyKey: 'k-1', requestHash: 'h1' });
    const again = await inFlowTenant((m) =>
      insertRun(m, {
        tenantId: flow.tenantId,
        flowId: flow.flowId,
        versionId: flow.versionId,
        versionNumber: 1,
        trigger: 'api',
        input: { other: true },
        idempotencyKey: 'k-1',
        requestHash: 'h2',
      }),
    );
    expect(again).toBeNull();
    const found = await inFlowTenant((m) => findRunByIdempotencyKey(m, flow.tenantId, flow.flowId, 'k-1'));
    expect(found).toMatchObject({ id: first.id, requestHash: 'h1' });
    // The same key in another tenant's flow is another key.
    await expect(createRun(app, otherFlow, { idempotencyKey: 'k-1' })).resolves.toBeTruthy();
  });

  it('moves the status only from an expected status, stamping start and finish times', async () => {
    const run = await createRun(app, flow);
    expect(await inFlowTenant((m) => transitionRun(m, run.id, ['running'], 'succeeded'))).toBeNull();
    const running = await inFlowTenant((m) => transitionRun(m, run.id, ['queued'], 'running'));
    expect(running).toMatchObject({ status: 'running', finishedAt: null });
    expect(running!.startedAt).toBeInstanceOf(Date);
    expect(running!.updatedAt.getTime()).toBeGreaterThanOrEqual(run.updatedAt.getTime());
    const done = await inFlowTenant((m) =>
      transitionRun(m, run.id, ['running'], 'failed', {
        error: { code: 'step.failed', message: 'boom', stepId: 'a' },
        output: null,
      }),
    );
    expect(done).toMatchObject({
      status: 'failed',
      error: { code: 'step.failed', message: 'boom', stepId: 'a' },
      startedAt: running!.startedAt,
    });
    expect(done!.finishedAt).toBeInstanceOf(Date);
    expect(
      await inFlowTenant((m) => transitionRun(m, run.id, ['queued', 'running'], 'cancelled')),
    ).toBeNull();
  });

  it('lets one of two racing transitions win', async () => {
    const run = await createRun(app, flow);
    const outcomes = await Promise.all(
      (['running', 'cancelled'] as const).map((to) =>
        inFlowTenant((m) => transitionRun(m, run.id, ['queued'], to)),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('stores jsonb patches as JSON, arrays included', async () => {
    const run = await createRun(app, flow);
    await inFlowTenant((m) => transitionRun(m, run.id, ['queued'], 'running'));
    const done = await inFlowTenant((m) =>
      transitionRun(m, run.id, ['running'], 'succeeded', { output: [1, { a: 'b' }] }),
    );
    expect(done?.output).toEqual([1, { a: 'b' }]);
  });

  it('records a cancel request once, and none on a finished run', async () => {
    const run = await createRun(app, flow);
    const first = await inFlowTenant((m) => markCancelRequested(m, run.id));
    const second = await inFlowTenant((m) => markCancelRequested(m, run.id));
    expect(first!.cancelRequestedAt).toBeInstanceOf(Date);
    expect(second!.cancelRequestedAt).toEqual(first!.cancelRequestedAt);
    await inFlowTenant((m) => transitionRun(m, run.id, ['queued'], 'cancelled'));
    expect(await inFlowTenant((m) => markCancelRequested(m, run.id))).toBeNull();
  });

  it('sets the response and counts steps while the run is unfinished', async () => {
    const run = await createRun(app, flow);
    expect(await inFlowTenant((m) => setRunResponse(m, run.id, { status: 201, body: { ok: true } }))).toBe(
      true,
    );
    expect(await inFlowTenant((m) => incrementStepsDone(m, run.id))).toBe(1);
    expect(await inFlowTenant((m) => incrementStepsDone(m, run.id, 3))).toBe(4);
    await inFlowTenant((m) => transitionRun(m, run.id, ['queued'], 'cancelled'));
    expect(await inFlowTenant((m) => setRunResponse(m, run.id, { status: 500 }))).toBe(false);
    expect(await inFlowTenant((m) => findRun(m, flow.tenantId, run.id))).toMatchObject({
      response: { status: 201, body: { ok: true } },
      stepsDone: 4,
    });
  });

  it('locks a run with findRunForUpdate until the transaction ends', async () => {
    const run = await createRun(app, flow);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = inFlowTenant(async (m) => {
      await findRunForUpdate(m, flow.tenantId, run.id);
      locked();
      await held;
      await transitionRun(m, run.id, ['queued'], 'running');
    });
    await isLocked;
    const waiter = inFlowTenant((m) => transitionRun(m, run.id, ['queued'], 'cancelled'));
    release();
    await holder;
    // The waiter re-checked the status after the lock was released: running is not queued.
    expect(await waiter).toBeNull();
  });

  it('refuses a test run without its draft snapshot, and a run deleted by the app role', async () => {
    const run = await createRun(app, flow);
    await expect(
      inFlowTenant((m) => m.query(`UPDATE runs SET is_test = true WHERE id = $1`, [run.id])),
    ).rejects.toMatchObject({ driverError: { code: '23514' } });
    await expect(
      inFlowTenant((m) => m.query(`DELETE FROM runs WHERE id = $1`, [run.id])),
    ).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
  });

  describe('listRuns', () => {
    let lister: PublishedFlow;
    let secondFlow: PublishedFlow;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      lister = await createPublishedFlow(app, await createTenant(app));
      secondFlow = await createPublishedFlow(app, lister.tenantId);
      const specs = [
        { name: 'a', flow: lister, trigger: 'api', status: 'queued' },
        { name: 'b', flow: lister, trigger: 'webhook', status: 'running' },
        { name: 'c', flow: secondFlow, trigger: 'api', status: 'succeeded' },
        { name: 'd', flow: lister, trigger: 'manual', status: 'succeeded', test: true },
        { name: 'e', flow: lister, trigger: 'api', status: 'failed' },
      ] as const;
      for (const spec of specs) {
        const run = await createRun(app, spec.flow, {
          trigger: spec.trigger,
          status: spec.status,
          definition: 'test' in spec ? TINY_DEFINITION : null,
        });
        ids[spec.name] = run.id;
      }
      // b, c and d share one creation time to the microsecond: the id breaks the tie.
      await inTenant(app, lister.tenantId, (m) =>
        m.query(
          `UPDATE runs SET created_at = '2026-01-01T00:00:00.000001Z'::timestamptz + (CASE id
              WHEN $1::uuid THEN 0 WHEN $2::uuid THEN 1 WHEN $3::uuid THEN 1 WHEN $4::uuid THEN 1 ELSE 2 END) * interval '1 microsecond'`,
          [ids.a, ids.b, ids.c, ids.d],
        ),
      );
    });

    const list = (query: Partial<Parameters<typeof listRuns>[2]> = {}) =>
      inTenant(app, lister.tenantId, (m) => listRuns(m, lister.tenantId, { limit: 50, ...query }));
    const names = (rows: Array<{ id: string }>) =>
      rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

    it('lists newest first and filters by flow, status, trigger and test runs', async () => {
      expect(names((await list()).rows)).toEqual([
        'e',
        ...names(
          [ids.b, ids.c, ids.d]
            .sort()
            .reverse()
            .map((id) => ({ id })),
        ),
        'a',
      ]);
      expect(names((await list({ flowId: secondFlow.flowId })).rows)).toEqual(['c']);
      expect(names((await list({ status: ['succeeded', 'failed'] })).rows).sort()).toEqual(['c', 'd', 'e']);
      expect(names((await list({ trigger: ['webhook', 'manual'] })).rows).sort()).toEqual(['b', 'd']);
      expect(names((await list({ isTest: true })).rows)).toEqual(['d']);
      expect((await list()).rows[0]).not.toHaveProperty('input');
    });

    it('filters by a time range: from inclusive, to exclusive', async () => {
      const rows = (await list({ from: '2026-01-01T00:00:00.000002Z', to: '2026-01-01T00:00:00.000003Z' }))
        .rows;
      expect(names(rows).sort()).toEqual(['b', 'c', 'd']);
    });

    it('pages with a microsecond key through rows created at the same instant, none twice or lost', async () => {
      const seen: string[] = [];
      let after = null;
      for (let page = 0; page < 10; page++) {
        const slice: Awaited<ReturnType<typeof list>> = await list({ limit: 2, after });
        seen.push(...slice.rows.map((r) => r.id));
        if (!slice.nextKey) break;
        expect(slice.nextKey.t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        after = slice.nextKey;
      }
      expect(seen).toEqual((await list()).rows.map((r) => r.id));
      expect(seen).toHaveLength(5);
    });
  });
});
