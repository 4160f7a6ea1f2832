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
import { checkpointStepRuns, listStepRuns } from './step-runs.repository.js';

describe('findRunWithSteps (a run and its steps in one statement)', () => {
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
