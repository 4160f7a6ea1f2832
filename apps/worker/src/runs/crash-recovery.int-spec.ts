import type { FlowDefinition } from '@stepline/domain';
import { waitFor } from '@stepline/server/testing';
import { Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import {
  hasBuiltWorker,
  killWorker,
  startWorkerProcess,
  stopWorker,
  workerEnv,
} from '../testing/worker-process.js';

const RUNS = 200;
const STEPS = 5;

/** 5 steps per run, each an HTTP call to a local server that takes a few ms, so a kill lands mid-run. */
const flowOf = (origin: string): FlowDefinition => ({
  schemaVersion: 1,
  steps: Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`,
    type: 'http',
    config: { method: 'POST', url: `${origin}/step`, body: { run: '{{ run.id }}', step: i } },
  })),
  edges: Array.from({ length: STEPS - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
});

async function checkpointsOf(h: RunHarness, tenant: string, ids: string[]) {
  return h.query<{ run_id: string; step_id: string; succeeded: number }>(
    tenant,
    `SELECT run_id, step_id, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
       FROM step_runs WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, step_id`,
    [ids],
  );
}

async function expectEveryRunSucceededOnce(h: RunHarness, tenant: string, ids: string[]) {
  await waitFor(
    async () => {
      const [row] = await h.query<{ n: number }>(
        tenant,
        `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
        [ids],
      );
      return row!.n === ids.length;
    },
    { timeoutMs: 90_000, intervalMs: 200, what: 'every run to succeed' },
  );
  const rows = await checkpointsOf(h, tenant, ids);
  expect(rows).toHaveLength(RUNS * STEPS);
  expect(rows.filter((r) => r.succeeded !== 1)).toEqual([]);
}

describe.skipIf(!hasBuiltWorker())('crash recovery (needs the built worker: npm run build)', () => {
  let server: FakeHttpServer;
  let h: RunHarness;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    server = await startFakeHttpServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 5));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    return async () => server.close();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stopWorker));
    await h?.close();
  });

  it('loses no run when the worker is SIGKILLed mid-way: a new worker finishes all, each step succeeded once', async () => {
    h = await startRunHarness({
      workers: 0,
      allowJobFailures: true,
      env: { WORKER_LOCK_DURATION_MS: '2000' },
    });
    const env = workerEnv(h.config, {
      OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
      WORKER_LOCK_DURATION_MS: '2000',
    });
    const tenant = await h.tenant();
    const flow = await h.publish(tenant, flowOf(server.origin));
    const first = await startWorkerProcess(env);
    children.push(first);
    const ids = await Promise.all(Array.from({ length: RUNS }, () => h.start(tenant, flow)));
    await waitFor(
      async () => {
        const [row] = await h.query<{ n: number }>(
          tenant,
          `SELECT count(*)::int AS n FROM step_runs WHERE run_id = ANY($1::uuid[])`,
          [ids],
        );
        return row!.n >= (RUNS * STEPS) / 4;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: 'a quarter of the steps to be checkpointed' },
    );
    await killWorker(first);
    const [mid] = await h.query<{ n: number }>(
      tenant,
      `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
      [ids],
    );
    expect(mid!.n).toBeLessThan(RUNS);
    children.push(await startWorkerProcess(env));
    await expectEveryRunSucceededOnce(h, tenant, ids);
  }, 150_000);

  it('loses no run when Redis is emptied mid-way: the sweeper re-enqueues what Postgres holds', async () => {
    h = await startRunHarness({
      workers: 0,
      allowJobFailures: true,
      env: { RUN_SWEEP_INTERVAL_MS: '250', RUN_SWEEP_STALE_AFTER_MS: '1000' },
    });
    const env = workerEnv(h.config, {
      OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
      RUN_SWEEP_INTERVAL_MS: '250',
      RUN_SWEEP_STALE_AFTER_MS: '1000',
      WORKER_CONCURRENCY: '10',
    });
    const tenant = await h.tenant();
    const flow = await h.publish(tenant, flowOf(server.origin));
    children.push(await startWorkerProcess(env));
    const ids = await Promise.all(Array.from({ length: RUNS }, () => h.start(tenant, flow)));
    await waitFor(
      async () => {
        const [row] = await h.query<{ n: number }>(
          tenant,
          `SELECT count(*)::int AS n FROM step_runs WHERE run_id = ANY($1::uuid[])`,
          [ids],
        );
        return row!.n >= (RUNS * STEPS) / 5;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: 'a fifth of the steps to be checkpointed' },
    );
    // What a Redis restart without persistence does to this instance: every key of its prefix gone.
    const redis = new Redis(h.config.redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${h.config.redisPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    const [mid] = await h.query<{ n: number }>(
      tenant,
      `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
      [ids],
    );
    expect(mid!.n).toBeLessThan(RUNS);
    await expectEveryRunSucceededOnce(h, tenant, ids);
  }, 150_000);
});
