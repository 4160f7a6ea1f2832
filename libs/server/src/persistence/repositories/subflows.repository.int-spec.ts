import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { appDataSource, createPublishedFlow, createRun, createTenant } from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { findRun } from './runs.repository.js';
import { checkpointStepRuns } from './step-runs.repository.js';
import { cancelChildRuns, findSubflowWaitpoint, runDepth } from './subflows.repository.js';
import { createWaitpoint, listWaitpointsOfRun } from './waitpoints.repository.js';

/** Child runs: depth of the parent chain, the parent's wait for a child, cancelling descendants. */
describe('subflows repository', () => {
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

  it('counts the parent runs above a run, up to the asked bound', async () => {
    const flow = await createPublishedFlow(app, await createTenant(app));
    const top = await createRun(app, flow);
    const child = await createRun(app, flow, { parentRunId: top.id, trigger: 'subflow' });
    const grandchild = await createRun(app, flow, { parentRunId: child.id, trigger: 'subflow' });
    await inTenant(app, flow.tenantId, async (m) => {
      expect(await runDepth(m, top.id, 10)).toBe(0);
      expect(await runDepth(m, grandchild.id, 10)).toBe(2);
      expect(await runDepth(m, grandchild.id, 1)).toBe(1);
    });
  });

  it('finds the open subflow wait of a parent for one child only', async () => {
    const flow = await createPublishedFlow(app, await createTenant(app));
    const parent = await createRun(app, flow, { status: 'running' });
    const child = await createRun(app, flow, { parentRunId: parent.id, trigger: 'subflow' });
    await inTenant(app, flow.tenantId, async (m) => {
      const wait = await createWaitpoint(m, {
        tenantId: flow.tenantId,
        runId: parent.id,
        stepId: 'book',
        attempt: 1,
        kind: 'subflow',
        details: { childRunId: child.id },
      });
      expect(await findSubflowWaitpoint(m, parent.id, child.id)).toBe(wait.id);
      expect(await findSubflowWaitpoint(m, parent.id, parent.id)).toBeNull();
    });
  });

  it('cancels queued and waiting descendants at once, requests it of running ones, and leaves others alone', async () => {
    const flow = await createPublishedFlow(app, await createTenant(app));
    const parent = await createRun(app, flow, { status: 'running' });
    const queued = await createRun(app, flow, { parentRunId: parent.id, trigger: 'subflow' });
    const running = await createRun(app, flow, {
      parentRunId: parent.id,
      trigger: 'subflow',
      status: 'running',
    });
    const waiting = await createRun(app, flow, {
      parentRunId: running.id,
      trigger: 'subflow',
      status: 'waiting',
    });
    const done = await createRun(app, flow, {
      parentRunId: parent.id,
      trigger: 'subflow',
      status: 'succeeded',
    });
    const unrelated = await createRun(app, flow);
    await inTenant(app, flow.tenantId, (m) =>
      createWaitpoint(m, {
        tenantId: flow.tenantId,
        runId: waiting.id,
        stepId: 'w',
        attempt: 1,
        kind: 'event',
        eventName: 'x',
      }),
    );
    const result = await inTenant(app, flow.tenantId, (m) => cancelChildRuns(m, parent.id));
    expect(result.stopped.sort()).toEqual([queued.id, waiting.id].sort());
    expect(result.requested).toEqual([running.id]);
    await inTenant(app, flow.tenantId, async (m) => {
      const status = async (id: string) => (await findRun(m, flow.tenantId, id))?.status;
      expect(await status(queued.id)).toBe('cancelled');
      expect(await status(waiting.id)).toBe('cancelled');
      expect(await status(done.id)).toBe('succeeded');
      expect(await status(unrelated.id)).toBe('queued');
      expect((await findRun(m, flow.tenantId, running.id))?.cancelRequestedAt).not.toBeNull();
      expect((await listWaitpointsOfRun(m, waiting.id)).map((w) => w.status)).toEqual(['cancelled']);
    });
  });

  it('for a parent that failed, cancels the children it awaited and their descendants, not those handed off', async () => {
    const flow = await createPublishedFlow(app, await createTenant(app));
    const parent = await createRun(app, flow, { status: 'running' });
    const child = (status: 'queued' | 'running' | 'waiting', parentRunId = parent.id) =>
      createRun(app, flow, { parentRunId, trigger: 'subflow', status });
    const awaited = await child('waiting');
    const grandchild = await child('running', awaited.id);
    const handedOff = await child('waiting');
    const orphaned = await child('queued'); // its step was aborted before it recorded anything
    await checkpointStepRuns(app, [
      {
        tenantId: flow.tenantId,
        runId: parent.id,
        stepId: 'fire',
        attempt: 1,
        status: 'succeeded',
        output: { runId: handedOff.id },
      },
      {
        tenantId: flow.tenantId,
        runId: parent.id,
        stepId: 'book',
        attempt: 1,
        status: 'waiting',
        output: null,
      },
    ]);
    const result = await inTenant(app, flow.tenantId, (m) => cancelChildRuns(m, parent.id, 'failed'));
    expect(result.stopped.sort()).toEqual([awaited.id, orphaned.id].sort());
    expect(result.requested).toEqual([grandchild.id]);
    await inTenant(app, flow.tenantId, async (m) => {
      expect(await findRun(m, flow.tenantId, awaited.id)).toMatchObject({
        status: 'cancelled',
        error: { code: 'run.cancelled', message: 'Its parent run failed while waiting for it' },
      });
      expect((await findRun(m, flow.tenantId, handedOff.id))?.status).toBe('waiting');
    });
    // Cancelled, the parent takes the handed-off child too.
    const cancelled = await inTenant(app, flow.tenantId, (m) => cancelChildRuns(m, parent.id));
    expect(cancelled.stopped).toEqual([handedOff.id]);
  });

  it('never reaches another tenant’s runs', async () => {
    const mine = await createPublishedFlow(app, await createTenant(app));
    const theirs = await createPublishedFlow(app, await createTenant(app));
    const parent = await createRun(app, theirs, { status: 'running' });
    await createRun(app, theirs, { parentRunId: parent.id, trigger: 'subflow' });
    const result = await inTenant(app, mine.tenantId, (m) => cancelChildRuns(m, parent.id));
    expect(result).toEqual({ stopped: [], requested: [] });
    await inTenant(app, mine.tenantId, async (m) => expect(await runDepth(m, parent.id, 5)).toBe(0));
  });
});
