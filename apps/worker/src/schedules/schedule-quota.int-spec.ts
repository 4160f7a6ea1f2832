import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { ScheduleFirer } from './schedule-firer.js';

const ECHO = definitionOf([{ id: 'echo', type: 'transform', config: { expression: 'input' } }]);

/** A tenant out of run starts: its due slots are skipped and logged, the schedule moves on. */
describe('schedules under the run-starts quota', () => {
  let h: RunHarness;
  let firer: ScheduleFirer;

  beforeAll(async () => {
    h = await startRunHarness({ workers: 1, env: { SCHEDULER_POLL_INTERVAL_MS: '60000' } });
    firer = h.workers[0]!.get(ScheduleFirer);
  });
  afterAll(() => h?.close());

  it('skips a slot past the tenant’s run starts per minute with the quota code, without a crash loop', async () => {
    const tenant = await h.tenant();
    await h.query(tenant, `UPDATE tenants SET settings = '{"runStartsPerMinute": 1}'::jsonb WHERE id = $1`, [
      tenant,
    ]);
    const flow = await h.publish(tenant, ECHO);
    const due = async () =>
      (
        await h.query<{ id: string }>(
          tenant,
          `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, config, next_fire_at)
           VALUES ($1, $2, 'schedule', true, '{"mode":"interval","intervalSeconds":3600}'::jsonb, date_trunc('second', now()) - interval '1 second')
           RETURNING id`,
          [tenant, flow.flowId],
        )
      )[0]!.id;
    const first = await due();
    const second = await due();
    const fired = (await firer.tick()).filter((f) => f.triggerId === first || f.triggerId === second);
    expect(fired).toHaveLength(2);
    expect(fired.filter((f) => f.runId !== null)).toHaveLength(1);
    expect(fired.find((f) => f.runId === null)).toMatchObject({ skipped: 'quota.run_starts_exceeded' });
    // Both schedules moved on to their next slot: nothing is retried in a loop.
    const next = await h.query<{ n: number }>(
      tenant,
      `SELECT count(*)::int AS n FROM triggers WHERE id = ANY($1::uuid[]) AND next_fire_at > now()`,
      [[first, second]],
    );
    expect(next[0]!.n).toBe(2);
    expect(await firer.tick()).toEqual([]);
  });
});
