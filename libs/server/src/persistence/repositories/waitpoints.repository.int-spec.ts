import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeWaitpoint } from '../../runs/resume-run.js';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createRun,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { findRun, transitionRun } from './runs.repository.js';
import {
  cancelWaitpointsOfRun,
  createWaitpoint,
  findWaitingForEvent,
  listWaitingOfKind,
  listWaitpointsOfRun,
  parkRun,
  resolveWaitpoint,
  wakeDueWaitpoints,
  wakeWaitingRun,
  type NewWaitpoint,
} from './waitpoints.repository.js';

describe('waitpoints repository', () => {
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

  const inT = <T>(f: PublishedFlow, work: Parameters<typeof inTenant<T>>[2]) =>
    inTenant(app, f.tenantId, work);
  /** A run moved to `running` with one open wait of `spec`. */
  const runWaitingOn = async (f: PublishedFlow, spec: Partial<NewWaitpoint> = {}) => {
    const run = await createRun(app, f);
    await inT(f, (m) => transitionRun(m, run.id, ['queued'], 'running'));
    const wait = await inT(f, (m) =>
      createWaitpoint(m, {
        tenantId: f.tenantId,
        runId: run.id,
        stepId: 's',
        attempt: 1,
        kind: 'delay',
        ...spec,
      }),
    );
    return { run, wait };
  };
  const statusOf = async (f: PublishedFlow, runId: string) =>
    (await inT(f, (m) => findRun(m, f.tenantId, runId)))?.status;

  it('creates one waitpoint per step attempt: a second create answers the first row', async () => {
    const { run, wait } = await runWaitingOn(flow, {
      resumeAt: new Date('2030-01-01T00:00:00Z'),
      details: { a: 1 },
    });
    const again = await inT(flow, (m) =>
      createWaitpoint(m, { tenantId: flow.tenantId, runId: run.id, stepId: 's', attempt: 1, kind: 'delay' }),
    );
    expect(again).toEqual(wait);
    expect(wait).toMatchObject({ status: 'waiting', kind: 'delay', details: { a: 1 }, path: '' });
    expect(await inT(flow, (m) => listWaitpointsOfRun(m, run.id))).toEqual([wait]);
  });

  it('resolves by compare-and-set: of two resolutions the second gets nothing', async () => {
    const { wait } = await runWaitingOn(flow);
    const [a, b] = await Promise.all([
      inT(flow, (m) =>
        resolveWaitpoint(m, wait.id, { status: 'resolved', result: { n: 1 }, resolvedBy: 'event:1' }),
      ),
      inT(flow, (m) =>
        resolveWaitpoint(m, wait.id, { status: 'resolved', result: { n: 2 }, resolvedBy: 'event:2' }),
      ),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(a ?? b).toMatchObject({ status: 'resolved', resolvedAt: expect.any(Date) });
  });

  it('finds the waits an event resumes: its key or no key, its name, its tenant, unfinished runs only', async () => {
    const event = (key: string | null) => ({
      kind: 'event' as const,
      eventName: 'chat.reply',
      correlationKey: key,
    });
    const keyed = await runWaitingOn(flow, event('+1'));
    const anyKey = await runWaitingOn(flow, event(null));
    await runWaitingOn(flow, event('+2'));
    await runWaitingOn(otherFlow, event('+1'));
    const ended = await runWaitingOn(flow, event('+1'));
    await inT(flow, (m) => transitionRun(m, ended.run.id, ['running'], 'failed'));

    const found = await inT(flow, (m) => findWaitingForEvent(m, flow.tenantId, 'chat.reply', '+1'));
    expect(found.map((w) => w.id).sort()).toEqual([keyed.wait.id, anyKey.wait.id].sort());
    const keyless = await inT(flow, (m) => findWaitingForEvent(m, flow.tenantId, 'chat.reply', null));
    expect(keyless.map((w) => w.id)).toEqual([anyKey.wait.id]);
    expect(await inT(flow, (m) => findWaitingForEvent(m, flow.tenantId, 'other', '+1'))).toEqual([]);
    // Another tenant's rows are invisible even when asked for by its tenant id.
    expect(await inT(flow, (m) => findWaitingForEvent(m, otherFlow.tenantId, 'chat.reply', '+1'))).toEqual(
      [],
    );
  });

  it('lists a tenant’s open waits of a kind, newest first', async () => {
    const first = await runWaitingOn(flow, { kind: 'approval' });
    const second = await runWaitingOn(flow, { kind: 'approval' });
    const listed = await inT(flow, (m) => listWaitingOfKind(m, flow.tenantId, 'approval'));
    expect(listed.map((w) => w.id).slice(0, 2)).toEqual([second.wait.id, first.wait.id]);
    expect(await inT(otherFlow, (m) => listWaitingOfKind(m, otherFlow.tenantId, 'approval'))).toEqual([]);
  });

  it('parks a running run unless one of its waits was resolved meanwhile', async () => {
    const parked = await runWaitingOn(flow);
    expect(await inT(flow, (m) => parkRun(m, parked.run.id, [parked.wait.id]))).toBe('parked');
    expect(await statusOf(flow, parked.run.id)).toBe('waiting');

    const raced = await runWaitingOn(flow);
    await inT(flow, (m) => resolveWaitpoint(m, raced.wait.id, { status: 'resolved', resolvedBy: 'event:x' }));
    expect(await inT(flow, (m) => parkRun(m, raced.run.id, [raced.wait.id]))).toBe('resumed');
    expect(await statusOf(flow, raced.run.id)).toBe('running');
  });

  it('keeps the deadline a run parked with first, and sets one on a run that had none', async () => {
    const deadlineOf = async (runId: string) =>
      (
        await inT(flow, (m) =>
          m.query<Array<{ deadline_at: Date | null }>>(`SELECT deadline_at FROM runs WHERE id = $1`, [runId]),
        )
      )[0]?.deadline_at;
    const first = new Date(Date.now() + 60_000);
    const { run, wait } = await runWaitingOn(flow);
    expect(await inT(flow, (m) => parkRun(m, run.id, [wait.id], first))).toBe('parked');
    expect(await deadlineOf(run.id)).toEqual(first);
    await inT(flow, (m) => transitionRun(m, run.id, ['waiting'], 'running'));
    expect(await inT(flow, (m) => parkRun(m, run.id, [wait.id], new Date(Date.now() + 120_000)))).toBe(
      'parked',
    );
    expect(await deadlineOf(run.id)).toEqual(first);
    const none = await runWaitingOn(flow);
    await inT(flow, (m) => parkRun(m, none.run.id, [none.wait.id]));
    expect(await deadlineOf(none.run.id)).toBeNull();
  });

  it('resumes a parked run exactly once, moving it back to running', async () => {
    const { run, wait } = await runWaitingOn(flow);
    await inT(flow, (m) => parkRun(m, run.id, [wait.id]));
    const outcomes = await Promise.all(
      [1, 2, 3].map((n) =>
        inT(flow, (m) =>
          resumeWaitpoint(m, {
            tenantId: flow.tenantId,
            waitpointId: wait.id,
            result: { n },
            resolvedBy: `event:${n}`,
          }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already', 'already', 'resumed']);
    expect(outcomes.find((o) => o.kind === 'resumed')).toMatchObject({ runWoke: true });
    expect(await statusOf(flow, run.id)).toBe('running');
    // Another tenant cannot resume it, even knowing its id.
    expect(
      await inT(otherFlow, (m) =>
        resumeWaitpoint(m, { tenantId: otherFlow.tenantId, waitpointId: wait.id, resolvedBy: 'event:x' }),
      ),
    ).toEqual({ kind: 'not_found' });
  });

  it('wakes a waiting run whose wait is due, and tells when to look again otherwise', async () => {
    const due = await runWaitingOn(flow, { resumeAt: new Date(Date.now() - 1_000) });
    await inT(flow, (m) => parkRun(m, due.run.id, [due.wait.id]));
    expect(await inT(flow, (m) => wakeWaitingRun(m, due.run.id))).toEqual({ woke: true });
    expect(await statusOf(flow, due.run.id)).toBe('running');
    expect((await inT(flow, (m) => listWaitpointsOfRun(m, due.run.id)))[0]).toMatchObject({
      status: 'timed_out',
      resolvedBy: 'timeout',
    });

    const later = new Date(Date.now() + 3_600_000);
    const notYet = await runWaitingOn(flow, { resumeAt: later });
    await inT(flow, (m) => parkRun(m, notYet.run.id, [notYet.wait.id]));
    expect(await inT(flow, (m) => wakeWaitingRun(m, notYet.run.id))).toEqual({ woke: false, nextAt: later });
    expect(await inT(flow, (m) => wakeWaitingRun(m, due.run.id))).toBeNull();
  });

  it('the sweeper times out due waits of parked runs of every tenant, and cancels those of ended runs', async () => {
    const past = new Date(Date.now() - 60_000);
    const mine = await runWaitingOn(flow, { resumeAt: past });
    const theirs = await runWaitingOn(otherFlow, { resumeAt: past });
    const orphan = await runWaitingOn(flow, { resumeAt: past });
    for (const [f, r] of [
      [flow, mine],
      [otherFlow, theirs],
    ] as const)
      await inT(f, (m) => parkRun(m, r.run.id, [r.wait.id]));
    await inT(flow, (m) => transitionRun(m, orphan.run.id, ['running'], 'failed'));

    const woken = await wakeDueWaitpoints(app, { graceMs: 1_000, max: 100 });
    expect(woken).toEqual(
      expect.arrayContaining([
        { tenantId: flow.tenantId, runId: mine.run.id },
        { tenantId: otherFlow.tenantId, runId: theirs.run.id },
      ]),
    );
    expect(woken.map((w) => w.runId)).not.toContain(orphan.run.id);
    expect(await statusOf(flow, mine.run.id)).toBe('running');
    expect((await inT(flow, (m) => listWaitpointsOfRun(m, orphan.run.id)))[0]!.status).toBe('cancelled');
    expect(await wakeDueWaitpoints(app, { graceMs: 1_000, max: 100 })).toEqual([]);
  });

  it('cancels the open waits of a run', async () => {
    const { run } = await runWaitingOn(flow, { kind: 'event', eventName: 'e' });
    expect(await inT(flow, (m) => cancelWaitpointsOfRun(m, run.id))).toBe(1);
    expect((await inT(flow, (m) => listWaitpointsOfRun(m, run.id)))[0]).toMatchObject({
      status: 'cancelled',
      resolvedBy: 'cancel',
    });
  });
});
