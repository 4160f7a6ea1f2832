import type { FlowDefinition } from '@stepline/domain';
import { waitFor } from '@stepline/server/testing';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { chainOf, definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { openAppDataSource, resolveEventWait } from '../testing/wait-fixtures.js';
import { WorkerChildren } from '../testing/worker-children.js';
import { hasBuiltWorker, killWorker, workerEnv } from '../testing/worker-process.js';

const PER_KIND = 5;

const flows: Record<string, FlowDefinition> = {
  event: definitionOf(
    [
      {
        id: 'wait',
        type: 'waitForEvent',
        config: { event: 'message.received', correlationKey: '{{ input.key }}' },
      },
      { id: 'after', type: 'transform', config: { expression: 'steps.wait.output.text' } },
    ],
    chainOf(['wait', 'after']),
  ),
  delay: definitionOf(
    [
      { id: 'wait', type: 'delay', config: { mode: 'duration', durationMs: 2_000 } },
      { id: 'after', type: 'transform', config: { expression: '"slept"' } },
    ],
    chainOf(['wait', 'after']),
  ),
  timeout: definitionOf(
    [
      { id: 'wait', type: 'waitForEvent', config: { event: 'never.sent', timeoutMs: 2_000 } },
      { id: 'after', type: 'transform', config: { expression: '"timed out"' } },
    ],
    [{ from: 'wait', to: 'after', when: 'timeout' }],
  ),
};

/** What a Redis restart without persistence does to this instance: every key of its prefix gone. */
async function emptyRedis(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(!hasBuiltWorker())('waits survive restarts (needs the built worker: npm run build)', () => {
  let h: RunHarness;
  let db: DataSource;
  const children = new WorkerChildren();
  afterAll(async () => {
    await children.stopAll();
    await db?.destroy();
    await h?.close();
  });

  it('every wait survives a killed worker and an emptied Redis: a new worker resumes, times out and finishes them all', async () => {
    const sweep = { RUN_SWEEP_INTERVAL_MS: '250', RUN_SWEEP_STALE_AFTER_MS: '1000' };
    h = await startRunHarness({ workers: 0, allowJobFailures: true, env: sweep });
    db = await openAppDataSource(h.config);
    const env = workerEnv(h.config, sweep);
    const tenant = await h.tenant();
    const first = await children.start(env);

    const ids: Record<string, string[]> = { event: [], delay: [], timeout: [] };
    for (const [kind, definition] of Object.entries(flows)) {
      const flow = await h.publish(tenant, definition);
      for (let i = 0; i < PER_KIND; i++) ids[kind]!.push(await h.start(tenant, flow, { key: `k${i}` }));
    }
    const all = Object.values(ids).flat();
    const count = async (status: string) =>
      (
        await h.query<{ n: number }>(
          tenant,
          `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = $2`,
          [all, status],
        )
      )[0]!.n;
    await waitFor(async () => (await count('waiting')) === all.length, {
      timeoutMs: 30_000,
      what: 'every run to park',
    });

    // Every process that knew of the waits is gone, and so are the delayed jobs of the timed ones.
    await killWorker(first);
    await emptyRedis(h.config.redisUrl, h.config.redisPrefix);
    await children.start(env);

    for (let i = 0; i < PER_KIND; i++) {
      const outcome = await resolveEventWait(db, h.queue, tenant, {
        event: 'message.received',
        key: `k${i}`,
        result: { text: `reply ${i}` },
        resolvedBy: `event:e${i}`,
      });
      expect(outcome?.kind).toBe('resumed');
    }
    await waitFor(async () => (await count('succeeded')) === all.length, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'every run to succeed',
    });
    const outputs = await h.query<{ id: string; output: { after: string } }>(
      tenant,
      `SELECT id, output FROM runs WHERE id = ANY($1::uuid[])`,
      [all],
    );
    const outputOf = new Map(outputs.map((r) => [r.id, r.output.after]));
    expect(ids.event!.map((id) => outputOf.get(id))).toEqual(
      Array.from({ length: PER_KIND }, (_, i) => `reply ${i}`),
    );
    expect(ids.delay!.map((id) => outputOf.get(id))).toEqual(Array(PER_KIND).fill('slept'));
    expect(ids.timeout!.map((id) => outputOf.get(id))).toEqual(Array(PER_KIND).fill('timed out'));
    // Each wait recorded once waiting and once resolved: nothing ran twice.
    const rows = await h.query<{ run_id: string; statuses: string[] }>(
      tenant,
      `SELECT run_id, array_agg(status ORDER BY attempt) AS statuses FROM step_runs
        WHERE run_id = ANY($1::uuid[]) AND step_id = 'wait' GROUP BY run_id`,
      [all],
    );
    expect(rows).toHaveLength(all.length);
    expect(rows.filter((r) => r.statuses.join() !== 'waiting,succeeded')).toEqual([]);
  }, 150_000);
});
