import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookTenants, type WebhookTenants } from '../../testing/webhook-trigger-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import { listUsageDays, refreshUsageDaily } from './usage.repository.js';

const utcDay = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

describe('usage aggregation (refresh_usage_daily)', () => {
  let fx: WebhookTenants;

  beforeAll(async () => {
    fx = await createWebhookTenants();
  });
  afterAll(() => fx?.close());

  /** A finished run of Acme created `createdAgoMs` ago, with steps (status, ms) finished now. */
  const run = (createdAgoMs: number, steps: Array<[string, number]>) =>
    inTenant(fx.app, fx.acme.tenantId, async (m) => {
      const id = randomUUID();
      await m.query(
        `INSERT INTO runs (id, tenant_id, flow_id, version_id, version_number, status, "trigger", created_at, finished_at)
         VALUES ($1, $2, $3, $4, 1, 'succeeded', 'api', now() - ($5 || ' milliseconds')::interval, now())`,
        [id, fx.acme.tenantId, fx.acme.flowId, fx.acme.versionId, String(createdAgoMs)],
      );
      for (const [i, [status, ms]] of steps.entries())
        await m.query(
          `INSERT INTO step_runs (tenant_id, run_id, step_id, attempt, status, started_at, finished_at, duration_ms)
           VALUES ($1, $2, $3, 1, $4, now(), CASE WHEN $4 = 'waiting' THEN NULL ELSE now() END, $5)`,
          [fx.acme.tenantId, id, `s${i}`, status, ms],
        );
    });

  it('counts runs on the day they were created and step attempts on the day they finished', async () => {
    const today = utcDay(0);
    // Created three days ago, a step finished today: the step counts today, the run on its own day.
    await run(3 * 86_400_000, [['succeeded', 1500]]);
    // Created now: two settled attempts; skipped and waiting ones are not step usage.
    await run(0, [
      ['succeeded', 250],
      ['failed', 250],
      ['skipped', 0],
      ['waiting', 0],
    ]);
    await refreshUsageDaily(fx.app, utcDay(86_400_000));
    const days = await inTenant(fx.app, fx.acme.tenantId, (m) =>
      listUsageDays(m, fx.acme.tenantId, utcDay(5 * 86_400_000), today),
    );
    expect(days).toEqual([{ day: today, runs: 1, steps: 3, stepSeconds: 2 }]);
    // Globex recorded nothing.
    const theirs = await inTenant(fx.app, fx.globex.tenantId, (m) =>
      listUsageDays(m, fx.globex.tenantId, utcDay(5 * 86_400_000), today),
    );
    expect(theirs).toEqual([]);
  });
});
