import { createTestDatabase, createTestRedis } from '@stepline/server/testing';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import setupIntegration from '../tests/setup/int-global-setup.js';
import { report } from './harness.js';
import {
  builtWorker,
  EngineBenchDb,
  enqueueAll,
  hasBuiltWorker,
  runsQueue,
  sleep,
  startProcess,
  stopProcess,
} from './support/engine-bench.support.js';

// bench/foreach (issue 10): one run whose forEach iterates ITEMS items (a one-step transform body,
// concurrency 50) on the built worker (a child process, database and Redis prefix of its own).
// Measured: wall time from enqueue to the run's end, the worker's peak RSS (sampled every 100 ms)
// and its RSS before; every body step run is checkpointed (ITEMS step_runs rows under `loop[i]`).
// Targets (issue 10): ≤ 10 s and ≤ 300 MB. Needs `npm run build`. No timing is asserted; the run
// succeeding with every item in order is.

const ITEMS = Number(process.env.FOREACH_BENCH_ITEMS ?? 10_000);
const CONCURRENCY = Number(process.env.FOREACH_BENCH_CONCURRENCY ?? 50);

const loopFlow = {
  schemaVersion: 1,
  steps: [
    {
      id: 'loop',
      type: 'forEach',
      config: {
        items: 'input.items',
        concurrency: CONCURRENCY,
        body: {
          steps: [
            { id: 'double', type: 'transform', config: { expression: '{ "n": item.n * 2, "i": index }' } },
          ],
          edges: [],
          output: '{{ steps.double.output }}',
        },
      },
    },
  ],
  edges: [],
  output: '{{ $count(steps.loop.output) }}',
};

const rssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
};

describe('forEach benchmark', () => {
  it.skipIf(!hasBuiltWorker())(
    `runs a forEach over ${ITEMS} items (transform body, concurrency ${CONCURRENCY})`,
    async () => {
      const teardown = await setupIntegration();
      const db = await createTestDatabase();
      const redis = createTestRedis();
      const store = new EngineBenchDb(db.ownerUrl);
      const queue = runsQueue(redis.url, redis.prefix);
      let worker: ChildProcess | undefined;
      try {
        worker = await startProcess(
          [builtWorker],
          {
            NODE_ENV: 'test',
            LOG_LEVEL: 'warn',
            DATABASE_URL: db.appUrl,
            DATABASE_MIGRATION_URL: db.ownerUrl,
            REDIS_URL: redis.url,
            REDIS_PREFIX: redis.prefix,
            QUOTA_MAX_FOREACH_ITEMS: String(Math.max(ITEMS, 10_000)),
          },
          'worker started',
        );
        const pid = worker.pid ?? 0;
        const tenant = await store.tenant();
        const flow = await store.publish(tenant, loopFlow);
        const items = Array.from({ length: ITEMS }, (_, n) => ({ n }));
        const [runId] = await store.insertRuns(tenant, flow, 1, { items });
        const rssBefore = await rssMiB(pid);
        let peak = rssBefore;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await rssMiB(pid).catch(() => 0));
            await sleep(100);
          }
        })();
        const started = performance.now();
        await enqueueAll(queue, tenant, [runId as string]);
        const deadline = Date.now() + 600_000;
        while ((await store.countFinished(tenant, [runId as string])) < 1) {
          if (Date.now() > deadline) throw new Error('the forEach run did not finish');
          await sleep(50);
        }
        const wallMs = performance.now() - started;
        sampling = false;
        await sampler;
        const [run] = await store.inTenant(tenant, async (c) => {
          const { rows } = await c.query(`SELECT status, output, error FROM runs WHERE id = $1`, [runId]);
          return rows;
        });
        const bodyRows = await store.inTenant(tenant, async (c) => {
          const { rows } = await c.query(
            `SELECT count(*)::int AS n FROM step_runs WHERE run_id = $1 AND path <> ''`,
            [runId],
          );
          return rows[0].n as number;
        });
        expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
        expect(run.output).toBe(ITEMS);
        expect(bodyRows).toBe(ITEMS);
        const figures = {
          items: ITEMS,
          concurrency: CONCURRENCY,
          wallMs: Math.round(wallMs),
          itemsPerSecond: Math.round((ITEMS / wallMs) * 1000),
          workerRssBeforeMiB: rssBefore,
          workerRssPeakMiB: peak,
          targets: { wallMs: 10_000, rssMiB: 300 },
        };
        console.table(figures);
        await report(
          'foreach',
          [
            {
              name: `forEach ${ITEMS} items, concurrency ${CONCURRENCY}`,
              iterations: 1,
              medianMs: wallMs,
              p95Ms: wallMs,
              minMs: wallMs,
              maxMs: wallMs,
              meanMs: wallMs,
            },
          ],
          figures,
        );
      } finally {
        if (worker) await stopProcess(worker);
        await queue.close();
        await store.close();
        await db.drop();
        await redis.cleanup();
        await teardown();
      }
    },
    900_000,
  );
});
