import { randomUUID } from 'node:crypto';
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
import { inTenant } from '../tenant-transaction.js';
import { findRunWithSteps } from './run-detail.repository.js';
import { findRun, transitionRun } from './runs.repository.js';
import {
  checkpointStepRuns,
  latestSucceededOutputs,
  listStepRuns,
  listStepRunsAfterSeq,
  type NewStepRun,
} from './step-runs.repository.js';

describe('step runs repository (the checkpoint log)', () => {
  let db: TestDatabase;
  let app: DataSource;
  let a: PublishedFlow;
  let b: PublishedFlow;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    a = await createPublishedFlow(app, await createTenant(app));
    b = await createPublishedFlow(app, await createTenant(app));
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const step = (
    flow: PublishedFlow,
    runId: string,
    stepId: string,
    extra: Partial<NewStepRun> = {},
  ): NewStepRun => ({
    tenantId: flow.tenantId,
    runId,
    stepId,
    attempt: 1,
    status: 'succeeded',
    output: { from: stepId },
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: '2026-01-01T00:00:00.250Z',
    durationMs: 250,
    ...extra,
  });

  it("writes the checkpoints of several tenants' runs in one call and reads them back in order", async () => {
    const runA = await createRun(app, a);
    const runB = await createRun(app, b);
    const written = await checkpointStepRuns(app, [
      step(a, runA.id, 'fetch', { logs: [{ level: 'info', message: 'hi', at: '2026-01-01T00:00:00Z' }] }),
      step(b, runB.id, 'fetch'),
      step(a, runA.id, 'map', { path: 'loop[3]', port: 'true', input: [1, 2], outputTruncated: true }),
    ]);
    expect(written).toHaveLength(3);
    expect(written.every((w) => w.inserted && typeof w.seq === 'number')).toBe(true);

    const rows = await inTenant(app, a.tenantId, (m) => listStepRuns(m, runA.id));
    expect(rows.map((r) => [r.stepId, r.path])).toEqual([
      ['fetch', ''],
      ['map', 'loop[3]'],
    ]);
    expect(rows[0].seq).toBeLessThan(rows[1].seq);
    expect(rows[0]).toMatchObject({
      tenantId: a.tenantId,
      attempt: 1,
      status: 'succeeded',
      port: null,
      input: null,
      output: { from: 'fetch' },
      error: null,
      logs: [{ level: 'info', message: 'hi', at: '2026-01-01T00:00:00Z' }],
      outputTruncated: false,
      startedAt: new Date('2026-01-01T00:00:00Z'),
      finishedAt: new Date('2026-01-01T00:00:00.250Z'),
      durationMs: 250,
    });
    expect(rows[1]).toMatchObject({ port: 'true', input: [1, 2], outputTruncated: true });
    // Tenant B's step is B's only.
    expect(await inTenant(app, a.tenantId, (m) => listStepRuns(m, runB.id))).toEqual([]);
    expect((await inTenant(app, b.tenantId, (m) => listStepRuns(m, runB.id))).map((r) => r.stepId)).toEqual([
      'fetch',
    ]);
  });

  it('writes nothing on a second write of the same (run, path, step, attempt), and says so', async () => {
    const run = await createRun(app, a);
    const [first] = await checkpointStepRuns(app, [step(a, run.id, 'x')]);
    const again = await checkpointStepRuns(app, [
      step(a, run.id, 'x', { status: 'failed', output: { other: true } }),
      step(a, run.id, 'x', { attempt: 2, status: 'failed' }),
    ]);
    expect(again).toEqual(
      expect.arrayContaining([
        { runId: run.id, path: '', stepId: 'x', attempt: 1, seq: first.seq, inserted: false },
        expect.objectContaining({ attempt: 2, inserted: true }),
      ]),
    );
    const rows = await inTenant(app, a.tenantId, (m) => listStepRuns(m, run.id));
    expect(rows.map((r) => [r.attempt, r.status, r.output])).toEqual([
      [1, 'succeeded', { from: 'x' }],
      [2, 'failed', { from: 'x' }],
    ]);
  });

  it('keeps one row when the same checkpoint appears twice in one batch', async () => {
    const run = await createRun(app, a);
    const written = await checkpointStepRuns(app, [step(a, run.id, 'dup'), step(a, run.id, 'dup')]);
    expect(written).toEqual([expect.objectContaining({ stepId: 'dup', inserted: true })]);
    expect(await inTenant(app, a.tenantId, (m) => listStepRuns(m, run.id))).toHaveLength(1);
  });

  it("refuses a checkpoint whose tenant is not its run's, and one for a run that does not exist", async () => {
    const runB = await createRun(app, b);
    const written = await checkpointStepRuns(app, [
      step(a, runB.id, 'forged'),
      step(a, randomUUID(), 'ghost'),
      step(b, runB.id, 'honest'),
    ]);
    expect(written.map((w) => w.stepId)).toEqual(['honest']);
    const rows = await inTenant(app, b.tenantId, (m) => listStepRuns(m, runB.id));
    expect(rows.map((r) => [r.stepId, r.tenantId])).toEqual([['honest', b.tenantId]]);
  });

  it('replays the step runs after a seq, in order', async () => {
    const run = await createRun(app, a);
    const written = await checkpointStepRuns(
      app,
      ['s1', 's2', 's3'].map((id) => step(a, run.id, id)),
    );
    const seqs = written.map((w) => w.seq!).sort((x, y) => x - y);
    const after = await inTenant(app, a.tenantId, (m) => listStepRunsAfterSeq(m, run.id, seqs[0]));
    expect(after.map((r) => r.seq)).toEqual(seqs.slice(1));
    expect(await inTenant(app, a.tenantId, (m) => listStepRunsAfterSeq(m, run.id, seqs[2]))).toEqual([]);
    expect(await inTenant(app, a.tenantId, (m) => listStepRunsAfterSeq(m, run.id, 0, 1))).toHaveLength(1);
  });

  it('answers the latest succeeded attempt of each step and path for a resume', async () => {
    const run = await createRun(app, a);
    await checkpointStepRuns(app, [
      step(a, run.id, 'fetch', { attempt: 1, status: 'failed', output: null }),
      step(a, run.id, 'fetch', { attempt: 2, output: { n: 2 } }),
      step(a, run.id, 'item', { path: 'loop[0]', output: { i: 0 } }),
      step(a, run.id, 'item', { path: 'loop[1]', output: { i: 1 } }),
      step(a, run.id, 'send', { status: 'failed', output: null }),
      step(a, run.id, 'skip', { status: 'skipped', output: null }),
    ]);
    const outputs = await inTenant(app, a.tenantId, (m) => latestSucceededOutputs(m, run.id));
    expect(outputs.map((r) => [r.path, r.stepId, r.attempt, r.output])).toEqual([
      ['', 'fetch', 2, { n: 2 }],
      ['loop[0]', 'item', 1, { i: 0 }],
      ['loop[1]', 'item', 1, { i: 1 }],
    ]);
  });

  it('is append-only for the application role: no update, no delete', async () => {
    const run = await createRun(app, a);
    await checkpointStepRuns(app, [step(a, run.id, 'frozen')]);
    for (const sql of [
      `UPDATE step_runs SET status = 'failed' WHERE run_id = $1`,
      `DELETE FROM step_runs WHERE run_id = $1`,
    ]) {
      await expect(inTenant(app, a.tenantId, (m) => m.query(sql, [run.id]))).rejects.toMatchObject({
        driverError: { code: '42501' },
      });
    }
  });

  it('accepts direct inserts within the tenant and refuses them across tenants', async () => {
    const run = await createRun(app, a);
    const insert = (tenantId: string) =>
      inTenant(app, a.tenantId, (m) =>
        m.query(
          `INSERT INTO step_runs (tenant_id, run_id, step_id, attempt, status) VALUES ($1, $2, 'd', 1, 'running')`,
          [tenantId, run.id],
        ),
      );
    await expect(insert(a.tenantId)).resolves.toBeDefined();
    await expect(insert(b.tenantId)).rejects.toMatchObject({ driverError: { code: '42501' } });
  });

  describe('findRunWithSteps (a run and its steps in one statement)', () => {
    it('answers exactly what the transaction read answers (run fields, times, steps in order)', async () => {
      const run = await createRun(app, a, { input: { order: 7 }, idempotencyKey: 'k-1', requestHash: 'h' });
      await checkpointStepRuns(app, [
        {
          tenantId: a.tenantId,
          runId: run.id,
          stepId: 'fetch',
          attempt: 1,
          status: 'failed',
          input: { url: 'https://example.com' },
          error: { code: 'step.http_status', message: '503' },
          logs: [{ level: 'info', message: 'retrying', at: '2026-01-01T00:00:00.125Z' }],
          startedAt: new Date('2026-01-01T00:00:00.001Z'),
          finishedAt: new Date('2026-01-01T00:00:00.251Z'),
          durationMs: 250,
        },
        {
          tenantId: a.tenantId,
          runId: run.id,
          stepId: 'fetch',
          attempt: 2,
          status: 'succeeded',
          port: 'main',
          output: { big: 'x'.repeat(10_000), n: 1.5, nested: [null, true] },
          outputTruncated: true,
          startedAt: new Date('2026-01-01T00:00:01Z'),
          finishedAt: new Date('2026-01-01T00:00:01.5Z'),
          durationMs: 500,
        },
      ]);
      await inTenant(app, a.tenantId, (m) =>
        transitionRun(m, run.id, ['queued'], 'failed', {
          error: { code: 'step.http_status', message: '503', stepId: 'fetch' },
        }),
      );
      const expected = await inTenant(app, a.tenantId, async (m) => ({
        run: await findRun(m, a.tenantId, run.id),
        steps: await listStepRuns(m, run.id),
      }));
      const found = await findRunWithSteps(app, a.tenantId, run.id);
      expect(found).toEqual(expected);
      expect(found?.steps.map((s) => s.attempt)).toEqual([1, 2]);
    });

    it("answers null for another tenant's run, and for a run that does not exist", async () => {
      const run = await createRun(app, a);
      expect(await findRunWithSteps(app, b.tenantId, run.id)).toBeNull();
      expect(await findRunWithSteps(app, a.tenantId, '00000000-0000-4000-8000-000000000000')).toBeNull();
      // The scope ends with the statement: the pooled connection carries no tenant.
      const [{ t }] = await app.query(`SELECT current_setting('app.tenant_id', true) AS t`);
      expect(t ?? '').toBe('');
    });
  });
});
