import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { Client, type Notification } from 'pg';
import { indexBlocksRead, stopAutovacuum } from '../../testing/index-reads.js';
import { createTestDatabase, waitFor, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { lockSlots } from './admission.repository.js';
import { finishRuns } from './runs-maintenance.repository.js';

// "Does the tenant have runs pending admission?" — asked by every finishing run that held a slot
// (the release trigger, which then notifies the admitter) and by every admission (`lockSlots`) —
// reads the newest pending run first. Under a backlog the oldest end of the partial index of
// pending runs is dead entries of runs admitted since the last vacuum; an EXISTS walked them all.
const ADMITTED = 20_000;
const STILL_PENDING = 5;
/** A backward scan finds a live pending run on the first leaf (root and leaf, or a few more). */
const MAX_PENDING_INDEX_BLOCKS = 6;

describe('the pending-admission check under a backlog', () => {
  let db: TestDatabase;
  let app: DataSource;
  let flow: PublishedFlow;
  let held: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    flow = await createPublishedFlow(app, await createTenant(app));
    // Dead entries stay in the index until vacuum: none runs during this test.
    await stopAutovacuum(db.ownerUrl, 'runs');
    held = await inTenant(app, flow.tenantId, async (m) => {
      const ids = (
        (await m.query(
          `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", admission,
                             created_at)
           SELECT $1, $2, $3, $4, 'queued', 'api', 'pending', now() + i * interval '1 ms'
             FROM generate_series(1, ${ADMITTED + STILL_PENDING}) AS i
           RETURNING id`,
          [flow.tenantId, flow.flowId, flow.versionId, flow.versionNumber],
        )) as Array<{ id: string }>
      ).map((r) => r.id);
      // Oldest first, as the admitter does: all but the newest few now hold a slot.
      await m.query(`UPDATE runs SET admission = 'held' WHERE id = ANY ($1::uuid[])`, [
        ids.slice(0, ADMITTED),
      ]);
      return ids.slice(0, ADMITTED);
    });
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  /** Blocks of the pending index read by `work`, in one transaction. */
  const pendingIndexReads = (tenantId: string, work: (m: EntityManager) => Promise<unknown>) =>
    inTenant(app, tenantId, (m) =>
      indexBlocksRead(m, { indexes: ['IDX_runs_admission_pending'] }, () => work(m)),
    );

  it('reads the slots (held count and pending) from the newest pending run', async () => {
    let slots: Awaited<ReturnType<typeof lockSlots>> | undefined;
    const reads = await pendingIndexReads(
      flow.tenantId,
      async (m) => (slots = await lockSlots(m, flow.tenantId)),
    );
    expect(slots).toMatchObject({ held: ADMITTED, pending: true });
    expect(reads).toBeLessThanOrEqual(MAX_PENDING_INDEX_BLOCKS);
  });

  it("with nothing pending, a finishing run does not walk the indexes of its tenant's runs", async () => {
    // Another tenant: 20,000 finished runs and one held run, nothing pending. A backward scan of
    // the tenant's runs for a pending one would walk them all.
    const quiet = await createPublishedFlow(app, await createTenant(app));
    const [last] = await inTenant(app, quiet.tenantId, async (m) => {
      await m.query(
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", created_at)
         SELECT $1, $2, $3, $4, 'succeeded', 'api', now() - i * interval '1 ms'
           FROM generate_series(1, ${ADMITTED}) AS i`,
        [quiet.tenantId, quiet.flowId, quiet.versionId, quiet.versionNumber],
      );
      return (await m.query(
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", admission)
         VALUES ($1, $2, $3, $4, 'running', 'api', 'held') RETURNING id`,
        [quiet.tenantId, quiet.flowId, quiet.versionId, quiet.versionNumber],
      )) as Array<{ id: string }>;
    });
    const reads = await inTenant(app, quiet.tenantId, (m) =>
      indexBlocksRead(
        m,
        {
          indexes: [
            'IDX_runs_tenant_created',
            'IDX_runs_tenant_status_created',
            'IDX_runs_admission_pending',
          ],
        },
        async () =>
          expect(
            await finishRuns(m, [{ tenantId: quiet.tenantId, runId: last.id, status: 'succeeded' }]),
          ).toEqual([last.id]),
      ),
    );
    // The update's own entries in the two tenant indexes, and the (empty) pending check.
    expect(reads).toBeLessThanOrEqual(3 * MAX_PENDING_INDEX_BLOCKS);
  });

  it('a finishing run that held a slot checks for pending runs from the newest, and notifies the admitter', async () => {
    const listener = new Client({ connectionString: db.appUrl });
    await listener.connect();
    const heard: Notification[] = [];
    listener.on('notification', (n) => heard.push(n));
    await listener.query('LISTEN run_admission');
    try {
      const reads = await pendingIndexReads(flow.tenantId, async (m) => {
        const finished = await finishRuns(m, [
          { tenantId: flow.tenantId, runId: held[0], status: 'succeeded' },
        ]);
        expect(finished).toEqual([held[0]]);
      });
      expect(reads).toBeLessThanOrEqual(MAX_PENDING_INDEX_BLOCKS);
      await waitFor(() => heard.length > 0, { timeoutMs: 5_000 });
      expect(heard[0]).toMatchObject({ channel: 'run_admission', payload: flow.tenantId });
    } finally {
      await listener.end();
    }
  });
});
