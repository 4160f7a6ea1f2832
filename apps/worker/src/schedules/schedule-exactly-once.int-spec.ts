import { waitFor } from '@stepline/server/testing';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { hasBuiltWorker, startWorkerProcess, stopWorker, workerEnv } from '../testing/worker-process.js';

const INTERVAL_SECONDS = 2;
const SLOTS = 5;

describe.skipIf(!hasBuiltWorker())(
  'schedule firing across processes (needs the built worker: npm run build)',
  () => {
    let h: RunHarness | undefined;
    const children: ChildProcess[] = [];
    afterAll(async () => {
      await Promise.all(children.splice(0).map(stopWorker));
      await h?.close();
    });

    it('starts exactly one run per slot with three worker processes polling every 50 ms', async () => {
      h = await startRunHarness({ workers: 0, allowJobFailures: true });
      const env = workerEnv(h.config, {
        SCHEDULER_POLL_INTERVAL_MS: '50',
        SCHEDULE_MIN_INTERVAL_SECONDS: '1',
      });
      children.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(env)))));
      const tenant = await h.tenant();
      const flow = await h.publish(
        tenant,
        definitionOf([{ id: 'a', type: 'transform', config: { expression: 'input.scheduledFor' } }]),
      );
      const step = INTERVAL_SECONDS * 1000;
      const first = new Date((Math.floor(Date.now() / step) + 1) * step);
      const [trigger] = await h.query<{ id: string }>(
        tenant,
        `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, config, next_fire_at)
       VALUES ($1, $2, 'schedule', true, $3::jsonb, $4) RETURNING id`,
        [tenant, flow.flowId, JSON.stringify({ mode: 'interval', intervalSeconds: INTERVAL_SECONDS }), first],
      );
      const slotsFired = async () =>
        h!.query<{ slot: string; runs: number }>(
          tenant,
          `SELECT input->>'scheduledFor' AS slot, count(*)::int AS runs FROM runs
          WHERE input->>'triggerId' = $1 GROUP BY 1 ORDER BY 1`,
          [trigger!.id],
        );
      await waitFor(async () => (await slotsFired()).length >= SLOTS, {
        timeoutMs: (SLOTS + 10) * step,
        intervalMs: 100,
        what: `${SLOTS} slots to fire`,
      });
      // Stop the schedule before the last read, so no slot is half-way through a claim.
      await h.query(tenant, `UPDATE triggers SET enabled = false WHERE id = $1`, [trigger!.id]);
      const fired = await slotsFired();
      expect(fired.filter((s) => s.runs !== 1)).toEqual([]);
      for (const { slot } of fired) expect(Date.parse(slot) % step).toBe(0);
      expect(Date.parse(fired[0]!.slot)).toBe(first.getTime());
      const [row] = await h.query<{ runs: number; schedule: number }>(
        tenant,
        `SELECT count(*)::int AS runs, count(*) FILTER (WHERE "trigger" = 'schedule')::int AS schedule
         FROM runs WHERE input->>'triggerId' = $1`,
        [trigger!.id],
      );
      expect(row).toEqual({ runs: fired.length, schedule: fired.length });
    }, 90_000);
  },
);
