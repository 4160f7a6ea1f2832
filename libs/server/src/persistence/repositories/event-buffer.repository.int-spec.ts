import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, waitFor, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createRun,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { bufferEvent, openEventWaitpoint, pruneEventBuffer } from './event-buffer.repository.js';
import { transitionRun } from './runs.repository.js';

const WINDOW = 60_000;

/** The event buffer (docs/adr/0008-event-buffer.md) against the real Postgres. */
describe('event buffer repository', () => {
  let db: TestDatabase;
  let app: DataSource;
  let flow: PublishedFlow;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    flow = await createPublishedFlow(app, await createTenant(app));
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const publish = (key: string | null, eventId: string, name = 'reply') =>
    inTenant(app, flow.tenantId, (m) =>
      bufferEvent(m, { tenantId: flow.tenantId, eventId, name, key, payload: { eventId } }),
    );
  const running = async () => {
    const run = await createRun(app, flow);
    await inTenant(app, flow.tenantId, (m) => transitionRun(m, run.id, ['queued'], 'running'));
    return run;
  };
  const open = (runId: string, stepId: string, key: string | null, windowMs = WINDOW) =>
    inTenant(app, flow.tenantId, (m) =>
      openEventWaitpoint(
        m,
        {
          tenantId: flow.tenantId,
          runId,
          stepId,
          attempt: 1,
          kind: 'event',
          eventName: 'reply',
          correlationKey: key,
        },
        windowMs,
      ),
    );
  const rows = () =>
    inTenant(app, flow.tenantId, (m) =>
      m.query(`SELECT name, key, event_id FROM event_buffer ORDER BY name, key`),
    ) as Promise<Array<{ name: string; key: string; event_id: string }>>;

  it('keeps the newest event per name and key, and matches a wait that opens later once per run', async () => {
    const run = await running();
    await publish('k1', 'e1');
    await publish('k1', 'e2');
    await publish(null, 'e3');
    expect((await rows()).filter((r) => r.key === 'k1')).toEqual([
      { name: 'reply', key: 'k1', event_id: 'e2' },
    ]);

    const first = await open(run.id, 'a', 'k1');
    expect(first).toMatchObject({ status: 'resolved', resolvedBy: 'event:e2', result: { eventId: 'e2' } });
    // The same event does not resume a second step of the run.
    expect(await open(run.id, 'b', 'k1')).toMatchObject({ status: 'waiting' });
    // Nor does another key's; a wait without a key takes any key's newest one it has not used.
    expect(await open(run.id, 'c', 'k2')).toMatchObject({ status: 'waiting' });
    expect(await open(run.id, 'd', null)).toMatchObject({ status: 'resolved', resolvedBy: 'event:e3' });
  });

  it('never matches an event older than the run, or one outside the window', async () => {
    await publish('k3', 'old');
    const run = await running();
    expect(await open(run.id, 'a', 'k3')).toMatchObject({ status: 'waiting' });
    await publish('k4', 'new');
    expect(await open(run.id, 'b', 'k4', 0)).toMatchObject({ status: 'waiting' });
  });

  it('makes a wait opening behind an uncommitted publish of its key see that event', async () => {
    const run = await running();
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let buffered!: () => void;
    const inBuffer = new Promise<void>((resolve) => (buffered = resolve));
    // The publish holds its (name, key) lock in an open transaction…
    const publishing = inTenant(app, flow.tenantId, async (m) => {
      await bufferEvent(m, {
        tenantId: flow.tenantId,
        eventId: 'race',
        name: 'reply',
        key: 'k5',
        payload: 1,
      });
      buffered();
      await committed;
    });
    await inBuffer;
    // …so the wait opening now waits for its commit, then finds the event.
    const opening = open(run.id, 'a', 'k5');
    await waitFor(
      async () =>
        (
          await app.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`,
          )
        )[0].n > 0,
      { what: 'the wait opening to wait for the publish’s lock' },
    );
    commit();
    await publishing;
    expect(await opening).toMatchObject({ status: 'resolved', resolvedBy: 'event:race' });
  });

  it('prunes events older than the window in batches, across tenants', async () => {
    const other = await createPublishedFlow(app, await createTenant(app));
    await inTenant(app, other.tenantId, (m) =>
      bufferEvent(m, { tenantId: other.tenantId, eventId: 'x', name: 'reply', key: 'old', payload: null }),
    );
    for (const key of ['p1', 'p2', 'p3']) await publish(key, key);
    const age = (tenantId: string) =>
      inTenant(app, tenantId, (m) =>
        m.query(
          `UPDATE event_buffer SET published_at = now() - interval '2 minutes' WHERE key IN ('old', 'p1', 'p2', 'p3')`,
        ),
      );
    await age(flow.tenantId);
    await age(other.tenantId);
    await publish('fresh', 'fresh');
    expect(await pruneEventBuffer(app, WINDOW, 2)).toBe(2);
    expect(await pruneEventBuffer(app, WINDOW, 100)).toBeGreaterThanOrEqual(2);
    expect((await rows()).map((r) => r.key)).not.toEqual(expect.arrayContaining(['p1']));
    expect((await rows()).map((r) => r.key)).toContain('fresh');
    const left = await inTenant(app, other.tenantId, (m) => m.query(`SELECT key FROM event_buffer`));
    expect(left).toEqual([]);
  });
});
