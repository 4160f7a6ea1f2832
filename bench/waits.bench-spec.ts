import { createTestDatabase, createTestRedis } from '@stepline/server/testing';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import setupIntegration from '../tests/setup/int-global-setup.js';
import {
  builtWorker,
  EngineBenchDb,
  enqueueAll,
  hasBuiltWorker,
  percentile,
  runsQueue,
  sleep,
  startProcess,
  stopProcess,
} from './support/engine-bench.support.js';
import { BenchApi, builtApi, hasBuiltApi, load1 } from './support/webhooks-bench.support.js';

// bench/waits (issue 10): RUNS runs parked on `waitForEvent`, then resumed by as many events.
// The built API and worker run as child processes on a database and Redis prefix of their own.
// 1. Park: RUNS queued runs of a flow `reply` (waitForEvent, key = input.k) → `done` (transform)
//    are enqueued at once; measured: runs parked per second, the worker's RSS before, at the peak
//    and once all are parked, its V8 heap after a full GC while they are parked (compared with the
//    same worker idle once every run finished), and what Redis holds for them (no job per run).
// 2. Resume: POST /v1/events { name, key: k } for each run, PUBLISHERS at a time; measured:
//    events answered per second (each resumes its run in the API's transaction), end-to-end
//    resumes per second (first publish → last run finished), publish latency p50/p99.
// Needs `npm run build`. No timing is asserted; every run parking, resuming once and succeeding is.

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = env('WAITS_BENCH_RUNS', 10_000);
const PUBLISHERS = env('WAITS_BENCH_PUBLISHERS', 32);
const EVENT = 'bench.reply';

const waitingFlow = {
  schemaVersion: 1,
  steps: [
    { id: 'reply', type: 'waitForEvent', config: { event: EVENT, correlationKey: '{{ input.k }}' } },
    { id: 'done', type: 'transform', config: { expression: '{ "k": input.k, "got": steps.reply.output }' } },
  ],
  edges: [{ from: 'reply', to: 'done' }],
};

/** Resident set size of a process in MiB, from /proc (Linux). */
const rssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
};

/**
 * The worker's V8 heap in use right after a full garbage collection, in MiB: SIGWINCH makes it
 * write a heap snapshot (`--heapsnapshot-signal`; not SIGUSR2, on which Nest shuts down), which collects garbage first; the heap figure
 * is then read from its Prometheus metrics. RSS alone cannot say whether parked runs hold memory:
 * V8 keeps the pages it grew into while busy.
 */
const heapAfterGcMiB = async (pid: number, metricsUrl: string, snapshotDir: string): Promise<number> => {
  const before = (await readdir(snapshotDir)).length;
  process.kill(pid, 'SIGWINCH');
  const deadline = Date.now() + 120_000;
  // The snapshot is written synchronously; once the file is there and the process answers, read.
  while ((await readdir(snapshotDir)).length === before) {
    if (Date.now() > deadline) throw new Error('no heap snapshot written');
    await sleep(200);
  }
  await sleep(1_000);
  for (const file of await readdir(snapshotDir)) await rm(join(snapshotDir, file), { force: true });
  const text = await (await fetch(metricsUrl)).text();
  const used = Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? NaN);
  return Math.round((used / 1024 / 1024) * 10) / 10;
};

/** Samples a process's RSS every 250 ms until stopped; answers the peak. */
const sampleRss = (pid: number) => {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await rssMiB(pid).catch(() => 0));
      await sleep(250);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peak;
  };
};

/** Polls a count until it reaches `target` (deadline: 10 minutes). */
const until = async (what: string, count: () => Promise<number>, target: number) => {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const n = await count();
    if (n >= target) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${n} of ${target}`);
    await sleep(200);
  }
};

describe('waits benchmark', () => {
  it.skipIf(!hasBuiltWorker() || !hasBuiltApi())(
    'parks runs on waitForEvent holding no worker memory, then resumes them by events',
    async () => {
      const teardown = await setupIntegration();
      const db = await createTestDatabase();
      const redis = createTestRedis();
      const processEnv = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.appUrl,
        DATABASE_MIGRATION_URL: db.ownerUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        WORKER_CONCURRENCY: process.env.WAITS_BENCH_CONCURRENCY ?? '100',
      };
      const store = new EngineBenchDb(db.ownerUrl);
      const queue = runsQueue(redis.url, redis.prefix);
      const children: ChildProcess[] = [];
      try {
        const port = 40000 + Math.floor(Math.random() * 20000);
        const metricsPort = port + 1;
        const snapshotDir = await mkdtemp(join(tmpdir(), 'waits-bench-'));
        const worker = await startProcess(
          ['--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${snapshotDir}`, builtWorker],
          { ...processEnv, WORKER_METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' },
          'worker started',
        );
        children.push(worker);
        const workerPid = worker.pid ?? 0;
        let tail = '';
        worker.stderr?.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-3000)));
        worker.stdout?.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-3000)));
        worker.on('exit', (code, signal) => {
          if (signal !== 'SIGTERM') console.log('worker exited', code, signal, tail);
        });
        children.push(
          await startProcess(
            [builtApi],
            { ...processEnv, PORT: String(port), HOST: '127.0.0.1' },
            'listening',
          ),
        );
        const api = await BenchApi.signUp(`http://127.0.0.1:${port}`);
        const flowId = await api.publishedFlow('waits bench', waitingFlow);
        const versionId = await store.inTenant(api.tenantId, async (c) => {
          const { rows } = await c.query(`SELECT id FROM flow_versions WHERE flow_id = $1`, [flowId]);
          return rows[0].id as string;
        });
        const count = (status: string) =>
          store.inTenant(api.tenantId, async (c) => {
            const { rows } = await c.query(
              `SELECT count(*)::int AS n FROM runs WHERE flow_id = $1 AND status = $2`,
              [flowId, status],
            );
            return rows[0].n as number;
          });
        const insert = (n: number, from: number) =>
          store.inTenant(api.tenantId, async (c) => {
            const { rows } = await c.query(
              `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", input)
               SELECT $1, $2, $3, 1, 'queued', 'api', jsonb_build_object('k', 'k-' || i)
                 FROM generate_series($4::int, $5::int) AS i RETURNING id`,
              [api.tenantId, flowId, versionId, from, from + n - 1],
            );
            return rows.map((r: { id: string }) => r.id);
          });
        const publish = async (key: string) => {
          const started = performance.now();
          const answer = await api.post<{ resumed: string[] }>('/v1/events', {
            name: EVENT,
            key,
            payload: { ok: true },
          });
          return { ms: performance.now() - started, resumed: answer.resumed.length };
        };

        // Warm-up (JIT, pools, caches): 200 runs parked and resumed, not counted.
        const WARM = 200;
        await enqueueAll(queue, api.tenantId, await insert(WARM, RUNS + 1));
        await until('warm-up parked', () => count('waiting'), WARM);
        for (let i = RUNS + 1; i <= RUNS + WARM; i++) await publish(`k-${i}`);
        await until('warm-up finished', () => count('succeeded'), WARM);
        await sleep(2_000);
        const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
        const rssBefore = await rssMiB(workerPid);

        // 1. Park.
        const ids = await insert(RUNS, 1);
        const stopSampling = sampleRss(workerPid);
        const parkStart = performance.now();
        await enqueueAll(queue, api.tenantId, ids);
        await until('parked', () => count('waiting'), RUNS);
        const parkS = (performance.now() - parkStart) / 1000;
        const rssPeakWhileParking = await stopSampling();
        await sleep(5_000);
        const rssParked = await rssMiB(workerPid);
        // After the RSS figures: a heap snapshot leaves its own pages resident.
        const heapParked = await heapAfterGcMiB(workerPid, metricsUrl, snapshotDir);
        const jobs = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
        const waitpoints = await store.inTenant(api.tenantId, async (c) => {
          const { rows } = await c.query(
            `SELECT count(*)::int AS n FROM waitpoints WHERE status = 'waiting' AND kind = 'event'`,
          );
          return rows[0].n as number;
        });
        expect(waitpoints).toBe(RUNS);

        // 2. Resume by events.
        const latencies: number[] = [];
        let resumed = 0;
        let next = 1;
        const resumeStart = performance.now();
        await Promise.all(
          Array.from({ length: PUBLISHERS }, async () => {
            while (next <= RUNS) {
              const key = `k-${next++}`;
              const r = await publish(key);
              latencies.push(r.ms);
              resumed += r.resumed;
            }
          }),
        );
        const publishS = (performance.now() - resumeStart) / 1000;
        const publishLoad = load1();
        await until('finished', () => count('succeeded'), RUNS + WARM);
        const endToEndS = (performance.now() - resumeStart) / 1000;
        expect(resumed).toBe(RUNS);
        expect(await count('waiting')).toBe(0);
        // The same worker idle, every run finished: what parked runs add is heapParked − heapIdle.
        await sleep(2_000);
        const heapIdle = await heapAfterGcMiB(workerPid, metricsUrl, snapshotDir);
        await rm(snapshotDir, { recursive: true, force: true });

        const summary = {
          setup: {
            runs: RUNS,
            publishers: PUBLISHERS,
            workerConcurrency: Number(processEnv.WORKER_CONCURRENCY),
          },
          parkedPerSecond: Math.round(RUNS / parkS),
          parkSeconds: Math.round(parkS * 10) / 10,
          workerRssMiB: { before: rssBefore, peakWhileParking: rssPeakWhileParking, parked: rssParked },
          workerHeapAfterGcMiB: { parked: heapParked, idleAfterAllFinished: heapIdle },
          redisJobsWhileParked: jobs,
          eventsPerSecond: Math.round(RUNS / publishS),
          resumesPerSecondEndToEnd: Math.round(RUNS / endToEndS),
          publishP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
          publishP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
          load1WhilePublishing: publishLoad,
        };
        console.table({
          park: {
            runs: RUNS,
            'per s': summary.parkedPerSecond,
            'worker RSS before (MiB)': rssBefore,
            'peak (MiB)': rssPeakWhileParking,
            'parked (MiB)': rssParked,
            'heap after GC parked (MiB)': heapParked,
            'heap after GC idle (MiB)': heapIdle,
          },
          resume: {
            runs: RUNS,
            'events/s': summary.eventsPerSecond,
            'resumes/s end to end': summary.resumesPerSecondEndToEnd,
            'publish p50 ms': summary.publishP50Ms,
            'publish p99 ms': summary.publishP99Ms,
          },
        });
        console.log('redis jobs while parked', jobs);
        const directory = new URL('./results/', import.meta.url);
        await mkdir(directory, { recursive: true });
        await writeFile(
          new URL('waits.json', directory),
          `${JSON.stringify({ suite: 'waits', date: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}`, ...summary }, null, 2)}\n`,
        );
      } finally {
        for (const child of children.reverse()) await stopProcess(child);
        await queue.close();
        await store.close();
        await db.drop();
        await redis.cleanup();
        await teardown();
      }
    },
  );
});
