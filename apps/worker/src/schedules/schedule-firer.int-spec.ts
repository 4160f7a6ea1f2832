import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { ScheduleFirer } from './schedule-firer.js';

const ECHO = definitionOf([{ id: 'echo', type: 'transform', config: { expression: 'input' } }]);
const HOURLY = { mode: 'interval', intervalSeconds: 3600 };

interface TriggerRow {
  next_fire_at: Date | null;
  last_fired_at: Date | null;
}

describe('the schedule firer', () => {
  let h: RunHarness;
  let firers: ScheduleFirer[];
  let tenant: string;
  let flow: { flowId: string; versionId: string };

  beforeAll(async () => {
    // The loop is slowed down so that the tests drive each pass themselves.
    h = await startRunHarness({ workers: 2, env: { SCHEDULER_POLL_INTERVAL_MS: '60000' } });
    firers = h.workers.map((w) => w.get(ScheduleFirer));
    tenant = await h.tenant();
    flow = await h.publish(tenant, ECHO);
  });
  afterAll(() => h?.close());

  /** A schedule trigger whose slot is `slotOffsetMs` from now (negative: due). */
  const schedule = async (
    slotOffsetMs: number,
    options: { enabled?: boolean; flowId?: string; version?: number; config?: object } = {},
  ) => {
    const [row] = await h.query<{ id: string; next_fire_at: Date }>(
      tenant,
      `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, version_number, config, next_fire_at)
       VALUES ($1, $2, 'schedule', $3, $4, $5::jsonb,
               date_trunc('second', now()) + make_interval(secs => $6::float8 / 1000))
       RETURNING id, next_fire_at`,
      [
        tenant,
        options.flowId ?? flow.flowId,
        options.enabled ?? true,
        options.version ?? null,
        JSON.stringify(options.config ?? HOURLY),
        slotOffsetMs,
      ],
    );
    return row!;
  };
  const runsOf = (triggerId: string) =>
    h.query<{ id: string; status: string; trigger: string; input: Record<string, string> }>(
      tenant,
      `SELECT id, status, "trigger", input FROM runs WHERE input->>'triggerId' = $1`,
      [triggerId],
    );
  const triggerRow = async (id: string) =>
    (
      await h.query<TriggerRow>(tenant, `SELECT next_fire_at, last_fired_at FROM triggers WHERE id = $1`, [
        id,
      ])
    )[0]!;

  it('fires a due slot once: one run with the slot in its input, and the schedule moves on', async () => {
    const trigger = await schedule(-500);
    const [first, second] = await Promise.all(firers.map((f) => f.tick()));
    const fired = [...first!, ...second!].filter((f) => f.triggerId === trigger.id);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ skipped: null, slot: trigger.next_fire_at });
    const runs = await runsOf(trigger.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: fired[0]!.runId, trigger: 'schedule' });
    expect(runs[0]!.input).toMatchObject({
      scheduledFor: trigger.next_fire_at.toISOString(),
      triggerId: trigger.id,
    });
    expect(Date.parse(runs[0]!.input.firedAt)).toBeGreaterThanOrEqual(trigger.next_fire_at.getTime());
    // Enqueued after the commit: a worker takes the run.
    await waitFor(async () => (await h.run(tenant, runs[0]!.id)).started_at !== null, {
      timeoutMs: 10_000,
      what: 'a worker to take the scheduled run',
    });
    const row = await triggerRow(trigger.id);
    expect(row.last_fired_at).not.toBeNull();
    expect(row.next_fire_at!.getTime() % 3_600_000).toBe(0);
    expect(row.next_fire_at!.getTime()).toBeGreaterThan(Date.now());
    // Nothing is due any more: another pass fires nothing.
    expect((await firers[0]!.tick()).filter((f) => f.triggerId === trigger.id)).toEqual([]);
    expect(await runsOf(trigger.id)).toHaveLength(1);
  });

  it('fires a near slot once it comes', async () => {
    const trigger = await schedule(1_000);
    expect((await firers[0]!.tick()).filter((f) => f.triggerId === trigger.id)).toEqual([]);
    await waitFor(
      async () => (await firers[0]!.tick()).some((f) => f.triggerId === trigger.id && f.runId !== null),
      { timeoutMs: 10_000, intervalMs: 100, what: 'the slot to fire' },
    );
    expect(await runsOf(trigger.id)).toHaveLength(1);
  });

  it('fires nothing for a disabled trigger nor a deleted one', async () => {
    const trigger = await schedule(-500, { enabled: false });
    const deleted = await schedule(-500);
    await h.query(tenant, `DELETE FROM triggers WHERE id = $1`, [deleted.id]);
    const fired = (await Promise.all(firers.map((f) => f.tick()))).flat();
    expect(fired.filter((f) => f.triggerId === trigger.id || f.triggerId === deleted.id)).toEqual([]);
    expect(await runsOf(trigger.id)).toEqual([]);
    expect(await runsOf(deleted.id)).toEqual([]);
    expect((await triggerRow(trigger.id)).last_fired_at).toBeNull();
  });

  it('skips a slot missed while no scheduler ran, and every slot since, without a run', async () => {
    const trigger = await schedule(-3 * 3_600_000);
    const fired = (await firers[0]!.tick()).filter((f) => f.triggerId === trigger.id);
    expect(fired).toMatchObject([{ skipped: 'missed', runId: null }]);
    expect(await runsOf(trigger.id)).toEqual([]);
    const row = await triggerRow(trigger.id);
    expect(row.next_fire_at!.getTime()).toBeGreaterThan(Date.now());
    expect(row.next_fire_at!.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(row.last_fired_at).toBeNull();
  });

  it('skips the slot of a flow without a published version and of a pinned version that is gone', async () => {
    const [draftOnly] = await h.query<{ id: string }>(
      tenant,
      `INSERT INTO flows (tenant_id, name) VALUES ($1, 'draft only') RETURNING id`,
      [tenant],
    );
    const unpublished = await schedule(-500, { flowId: draftOnly!.id });
    const pinned = await schedule(-500, { version: 7 });
    const fired = await firers[0]!.tick();
    expect(fired.find((f) => f.triggerId === unpublished.id)).toMatchObject({
      skipped: 'flow.not_published',
      runId: null,
    });
    expect(fired.find((f) => f.triggerId === pinned.id)).toMatchObject({
      skipped: 'resource.not_found',
      runId: null,
    });
    for (const id of [unpublished.id, pinned.id]) {
      expect((await triggerRow(id)).next_fire_at!.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('starts one run per slot when two firers race over many due triggers', async () => {
    const triggers = await Promise.all(Array.from({ length: 20 }, () => schedule(-200)));
    const fired = (await Promise.all([...firers, ...firers].map((f) => f.tick()))).flat();
    const ids = new Set(triggers.map((t) => t.id));
    const ours = fired.filter((f) => ids.has(f.triggerId));
    expect(ours).toHaveLength(20);
    const [counts] = await h.query<{ runs: number; triggers: number }>(
      tenant,
      `SELECT count(*)::int AS runs, count(DISTINCT input->>'triggerId')::int AS triggers
         FROM runs WHERE input->>'triggerId' = ANY($1::text[])`,
      [[...ids]],
    );
    expect(counts).toEqual({ runs: 20, triggers: 20 });
  });
});
