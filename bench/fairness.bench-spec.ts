import { QUOTA_DEFAULTS } from '@stepline/domain';
import { awaitsAdmission, createDataSource, ENTITIES, inTenant, insertQueuedRun } from '@stepline/server';
import { createTestDatabase, createTestRedis } from '@stepline/server/testing';
import type { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import setupIntegration from '../tests/setup/int-global-setup.js';
import { report } from './harness.js';
import {
  builtWorker,
  EngineBenchDb,
  enqueueAll,
  hasBuiltWorker,
  linearTransformFlow,
  percentile,
  runsQueue,
  sleep,
  startProcess,
  stopProcess,
} from './support/engine-bench.support.js';

// bench/fairness (issue 10): tenant A starts 10,000 runs through the insertion path
// (`insertQueuedRun`: admission, pending runs wait in Postgres), then tenant B starts 10; B's
// completion latency (created → finished, Postgres clock) next to A's throughput with B present and
// alone. One built worker process (concurrency 50), a 3-step transform flow, the default cap (100).
// Needs the built worker (`npm run build`). No timing is asserted.

const A_RUNS = Number(process.env.FAIRNESS_BENCH_A_RUNS ?? 10_000);
const B_RUNS = 10;
/** Runs inserted per transaction (the admission lock is taken per run, inside it). */
const BATCH = 250;
const CAP = 100;

describe('fairness benchmark', () => {
  it.skipIf(!hasBuiltWorker())(
    'measures B’s latency behind A’s backlog and A’s throughput with and without B',
    async () => {
      const teardown = await setupIntegration();
      const db = await createTestDatabase();
      const redis = createTestRedis();
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.appUrl,
        DATABASE_MIGRATION_URL: db.ownerUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        WORKER_CONCURRENCY: '50',
        QUOTA_MAX_CONCURRENT_RUNS: String(CAP),
        ADMISSION_POLL_INTERVAL_MS: '500',
      };
      const store = new EngineBenchDb(db.ownerUrl);
      const app = await createDataSource({ url: db.appUrl, entities: ENTITIES, poolSize: 4 }).initialize();
      const queue: Queue = runsQueue(redis.url, redis.prefix);
      const worker = await startProcess([builtWorker], env, 'worker started');

      /** Starts `count` runs of the flow through the insertion path; enqueues the admitted ones. */
      const start = async (tenantId: string, flowId: string, count: number): Promise<{ ids: string[] }> => {
        const ids: string[] = [];
        for (let done = 0; done < count; done += BATCH) {
          const runs = await inTenant(app, tenantId, async (m) => {
            const out = [];
            for (let i = 0; i < Math.min(BATCH, count - done); i++) {
              const run = await insertQueuedRun(m, {
                tenantId,
                flowId,
                archived: false,
                ref: 'published',
                input: { n: i },
                trigger: 'api',
                quotas: { ...QUOTA_DEFAULTS, maxConcurrentRuns: CAP },
              });
              if (run) out.push(run);
            }
            return out;
          });
          ids.push(...runs.map((r) => r.id));
          const held = runs.filter((r) => !awaitsAdmission(r)).map((r) => r.id);
          if (held.length) await enqueueAll(queue, tenantId, held);
        }
        return { ids };
      };
      const finished = (tenantId: string) =>
        store.inTenant(tenantId, async (c) => {
          const { rows } = await c.query(
            `SELECT count(*)::int AS n FROM runs WHERE status IN ('succeeded','failed','cancelled','timed_out')`,
          );
          return rows[0].n as number;
        });
      const waitAll = async (tenantId: string, n: number) => {
        const deadline = Date.now() + 600_000;
        while ((await finished(tenantId)) < n) {
          if (Date.now() > deadline) throw new Error(`tenant ${tenantId}: not all ${n} runs finished`);
          await sleep(50);
        }
      };
      const now = async () => (await store.pool.query(`SELECT now() AS t`)).rows[0].t as Date;
      /**
       * Runs/s of the tenant once its backlog is in (`since`: its last insert committed) to its last
       * finish, Postgres clock: the engine and admission, not the bench's own insert loop.
       */
      const throughput = (tenantId: string, since: Date) =>
        store.inTenant(tenantId, async (c) => {
          const { rows } = await c.query(
            `SELECT count(*) FILTER (WHERE finished_at > $1)::int AS n,
                    extract(epoch FROM max(finished_at) - $1) AS s,
                    count(*) FILTER (WHERE status = 'succeeded')::int AS ok FROM runs`,
            [since],
          );
          return {
            runs: rows[0].n as number,
            ok: rows[0].ok as number,
            perSecond: rows[0].n / Number(rows[0].s),
          };
        });
      const insertSeconds: number[] = [];
      const latencies = (tenantId: string) =>
        store.inTenant(tenantId, async (c) => {
          const { rows } = await c.query(
            `SELECT extract(epoch FROM finished_at - created_at) * 1000 AS ms FROM runs WHERE status = 'succeeded'`,
          );
          return rows.map((r: { ms: string }) => Number(r.ms));
        });

      try {
        // Warm-up (JIT, pools, caches), not measured.
        const warm = await store.tenant();
        const warmFlow = await store.publish(warm, linearTransformFlow(3));
        await start(warm, warmFlow.flowId, 500);
        await waitAll(warm, 500);

        // 1. A alone.
        const alone = await store.tenant();
        const aloneFlow = await store.publish(alone, linearTransformFlow(3));
        let t0 = performance.now();
        await start(alone, aloneFlow.flowId, A_RUNS);
        insertSeconds.push((performance.now() - t0) / 1000);
        const aloneIn = await now();
        await waitAll(alone, A_RUNS);
        const aAlone = await throughput(alone, aloneIn);

        // 2. A's backlog, then B.
        const a = await store.tenant();
        const b = await store.tenant();
        const aFlow = await store.publish(a, linearTransformFlow(3));
        const bFlow = await store.publish(b, linearTransformFlow(3));
        t0 = performance.now();
        await start(a, aFlow.flowId, A_RUNS);
        insertSeconds.push((performance.now() - t0) / 1000);
        const aIn = await now();
        const pendingWhenBStarts = await store.inTenant(a, async (c) => {
          const { rows } = await c.query(`SELECT count(*)::int AS n FROM runs WHERE admission = 'pending'`);
          return rows[0].n as number;
        });
        await start(b, bFlow.flowId, B_RUNS);
        await waitAll(b, B_RUNS);
        const bLatency = await latencies(b);
        await waitAll(a, A_RUNS);
        const aWithB = await throughput(a, aIn);
        expect(aAlone.ok).toBe(A_RUNS);
        expect(aWithB.ok).toBe(A_RUNS);
        expect(bLatency).toHaveLength(B_RUNS);

        const figures = {
          aRuns: A_RUNS,
          bRuns: B_RUNS,
          cap: CAP,
          aPendingWhenBStarted: pendingWhenBStarts,
          aInsertRunsPerSecond: Math.round(A_RUNS / Math.max(...insertSeconds)),
          aAloneRunsAfterBacklog: aAlone.runs,
          aWithBRunsAfterBacklog: aWithB.runs,
          bLatencyP50Ms: Math.round(percentile(bLatency, 50)),
          bLatencyP99Ms: Math.round(percentile(bLatency, 99)),
          bLatencyMaxMs: Math.round(Math.max(...bLatency)),
          aAloneRunsPerSecond: Math.round(aAlone.perSecond),
          aWithBRunsPerSecond: Math.round(aWithB.perSecond),
          aWithBOverAlone: Math.round((aWithB.perSecond / aAlone.perSecond) * 1000) / 1000,
        };
        console.table(figures);
        await report('fairness', [], figures);
      } finally {
        await stopProcess(worker);
        await queue.close();
        await app.destroy();
        await store.close();
        await Promise.all([db.drop(), redis.cleanup()]);
        await teardown();
      }
    },
    1_200_000,
  );
});
