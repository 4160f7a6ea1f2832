import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { indexBlocksRead, stopAutovacuum } from '../../testing/index-reads.js';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  type PublishedFlow,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { findRunWithSteps } from './run-detail.repository.js';
import { finishRuns, loadRuns, writeRunBatch } from './runs-maintenance.repository.js';
import { findRun, findRunForUpdate } from './runs.repository.js';

// The worker's group functions (load_runs, begin_runs, start_runs, checkpoint_step_runs,
// finish_runs) and the API's reads of one run must reach each run by its primary key whatever the planner's statistics. While
// `runs` fills up faster than autovacuum analyses it (a fresh database under load, as in
// bench/webhooks), the planner chose `IDX_runs_tenant_created (tenant_id, created_at, id)` for a
// `tenant_id = x.tenant_id AND id = x.run_id` join: a walk over every run of the tenant per row,
// 0.5 ms each at 30k runs, the largest cost of a webhook run in Postgres. The figure checked is the
// index blocks of `runs` each call reads (`pg_stat_get_xact_blocks_fetched`, exact within a
// transaction). A key lookup reads 2–3 blocks and each (never HOT) status update about 2 per index
// of `runs`, ~15 per run in all; the walk over 20,000 runs of the tenant reads ~130 more per run.
const TENANT_RUNS = 20_000;
const BATCH = 20;
/** Runs still queued, for the calls below (five batches). */
const QUEUED = 5 * BATCH;
const MAX_INDEX_BLOCKS_PER_RUN = 25;

describe('run key lookups of the worker group functions', () => {
  let db: TestDatabase;
  let app: DataSource;
  let flow: PublishedFlow;
  let ids: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    flow = await createPublishedFlow(app, await createTenant(app));
    // As in a database that fills up faster than autovacuum analyses it: statistics of an empty
    // table, then many runs, nearly all finished, their old entries still in the partial index of
    // unfinished runs.
    await stopAutovacuum(db.ownerUrl, 'runs');
    const insert = (m: EntityManager, n: number) =>
      m.query(
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger")
         SELECT $1, $2, $3, $4, 'queued', 'api' FROM generate_series(1, ${n}) RETURNING id`,
        [flow.tenantId, flow.flowId, flow.versionId, flow.versionNumber],
      ) as Promise<Array<{ id: string }>>;
    ids = await inTenant(app, flow.tenantId, async (m) => {
      const all = (await insert(m, TENANT_RUNS)).map((r) => r.id);
      await m.query(
        `UPDATE runs SET status = 'succeeded', finished_at = now() WHERE id <> ALL ($1::uuid[])`,
        [all.slice(-QUEUED)],
      );
      return all.slice(-QUEUED);
    });
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  /** Index blocks of `runs` read by `work`, in one transaction. */
  const runsIndexReads = (work: (m: EntityManager) => Promise<unknown>) =>
    app.transaction((m) => indexBlocksRead(m, { table: 'runs' }, () => work(m)));

  const runs = (from: number) =>
    ids.slice(from, from + BATCH).map((runId) => ({ tenantId: flow.tenantId, runId }));
  const budget = BATCH * MAX_INDEX_BLOCKS_PER_RUN;

  it('loads runs by their keys', async () => {
    const loads = runs(0);
    expect(await runsIndexReads((m) => loadRuns(m, loads))).toBeLessThanOrEqual(budget);
  });

  it('begins runs by their keys', async () => {
    const begins = runs(BATCH);
    expect(
      await runsIndexReads((m) => writeRunBatch(m, { begins, checkpoints: [], finishes: [] })),
    ).toBeLessThanOrEqual(budget);
  });

  it('starts runs and checkpoints their steps by their keys', async () => {
    const started = runs(2 * BATCH);
    const startedAt = new Date();
    const reads = await runsIndexReads((m) =>
      writeRunBatch(m, {
        begins: [],
        starts: started.map((r) => ({ ...r, startedAt })),
        checkpoints: started.map((r) => ({ ...r, stepId: 'a', attempt: 1, status: 'succeeded', output: 1 })),
        finishes: [],
      }),
    );
    expect(reads).toBeLessThanOrEqual(budget);
  });

  it('finishes runs by their keys', async () => {
    const finished = runs(3 * BATCH);
    const reads = await runsIndexReads(async (m) => {
      expect(
        await finishRuns(
          m,
          finished.map((r) => ({ ...r, status: 'succeeded' as const })),
        ),
      ).toHaveLength(BATCH);
    });
    expect(reads).toBeLessThanOrEqual(budget);
  });

  it("reads one run (the API's detail, read and lock) by its key", async () => {
    const [one] = runs(4 * BATCH);
    const reads = await runsIndexReads(async (m) => {
      for (let i = 0; i < BATCH; i++) {
        expect(await findRunWithSteps(m, one.tenantId, one.runId)).not.toBeNull();
        await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [one.tenantId]);
        expect(await findRun(m, one.tenantId, one.runId)).not.toBeNull();
        expect(await findRunForUpdate(m, one.tenantId, one.runId)).not.toBeNull();
      }
    });
    expect(reads).toBeLessThanOrEqual(budget);
  });
});
