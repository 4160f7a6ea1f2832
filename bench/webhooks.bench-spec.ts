import { createTestDatabase, createTestRedis } from '@stepline/server/testing';
import { describe, expect, it } from 'vitest';
import setupIntegration from '../tests/setup/int-global-setup.js';
import {
  builtWorker,
  EngineBenchDb,
  hasBuiltWorker,
  median,
  sleep,
  startProcess,
  stopProcess,
} from './support/engine-bench.support.js';
import { measureBullmqNoop } from './support/bullmq-gauge.js';
import {
  BenchApi,
  builtApi,
  countRuns,
  cpuPerRun,
  cpuSnapshot,
  dbNow,
  drive,
  drivePaced,
  hasBuiltApi,
  load1,
  runStages,
  threeStepFlow,
  type LoadResult,
  type RunCounts,
  writeResults,
} from './support/webhooks-bench.support.js';

// bench/webhooks (issue 11): the built API and worker as child processes on a database and Redis
// prefix of their own; autocannon on loopback.
// 1. Async: POST /hooks/{token} (202 + run id) to a published 3-step transform flow as fast as the
//    API accepts, for DURATION_S; then wait until every accepted run has finished and check each
//    one succeeded. Reports accepted requests/s and completed runs/s end to end (runs ÷ time from
//    the first request to the last run's finished_at).
// 2. Sync: the same flow behind a sync trigger, one request at a time (the latency floor), then at a
//    fixed 200 requests/s (autocannon overallRate, which bursts each second's share), and at an even
//    200 requests/s (open loop): p50/p99 of the answer (the run's output, 200).
// Per phase it also reports CPU ms per run of the API, the worker and this database's Postgres
// backends (from /proc), and Postgres transactions per run: figures that hold on a shared machine
// where requests/s depend on what else runs.
// Needs `npm run build`. No timing is asserted; every run succeeding is.

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const WORKERS = env('WEBHOOK_BENCH_WORKERS', 1);
const CONNECTIONS = env('WEBHOOK_BENCH_CONNECTIONS', 50);
const DURATION_S = env('WEBHOOK_BENCH_DURATION', 10);
const ROUNDS = env('WEBHOOK_BENCH_ROUNDS', 3);
const SYNC_RATE = env('WEBHOOK_BENCH_SYNC_RATE', 200);
const SYNC_DURATION_S = env('WEBHOOK_BENCH_SYNC_DURATION', 15);
const LIGHT_RATE = 10;
// WEBHOOK_BENCH_PROFILE_DIR=/tmp/prof writes CPU profiles of the API and worker processes there.
const profileDir = process.env.WEBHOOK_BENCH_PROFILE_DIR;
const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];

/** Waits until every run counted since `since` has finished (deadline: a generous 3 minutes). */
const settle = async (
  db: EngineBenchDb,
  tenantId: string,
  flowId: string,
  since: string,
  expected: number,
): Promise<RunCounts> => {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const counts = await countRuns(db, tenantId, flowId, since);
    if (counts.total >= expected && counts.finished >= counts.total) return counts;
    if (Date.now() > deadline)
      throw new Error(`runs did not finish: ${JSON.stringify(counts)} of ${expected} accepted`);
    await sleep(100);
  }
};

interface AsyncRound {
  accepted: number;
  acceptedPerS: number;
  completedRuns: number;
  completedRunsPerS: number;
  lastFinishedAfterS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  load1: number;
  cpuMsPerRun: ReturnType<typeof cpuPerRun>;
  rejected: Record<string, number>;
}

describe('webhooks benchmark', () => {
  it.skipIf(!hasBuiltWorker() || !hasBuiltApi())(
    'measures async webhook runs/s end to end and sync-mode latency at a fixed rate',
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
        WORKER_CONCURRENCY: process.env.WEBHOOK_BENCH_CONCURRENCY ?? '100',
        // The default tenant quota (run starts per minute) would answer 429 long before the engine's
        // limit: the bench measures capacity, so its tenant may start up to the config's maximum.
        QUOTA_RUN_STARTS_PER_MINUTE: process.env.WEBHOOK_BENCH_RUN_STARTS_PER_MINUTE ?? '100000',
        // The tenant's execution slots (fair admission); unset: the config default (100).
        ...(process.env.WEBHOOK_BENCH_MAX_CONCURRENT_RUNS
          ? { QUOTA_MAX_CONCURRENT_RUNS: process.env.WEBHOOK_BENCH_MAX_CONCURRENT_RUNS }
          : {}),
        // 0 turns the API's group commit of webhook accepts off (the single path, for before/after).
        WEBHOOK_ACCEPT_BATCH_MAX: process.env.WEBHOOK_BENCH_ACCEPT_BATCH_MAX ?? '200',
        // Sync answers carry Server-Timing (where the API's time went); the paced phases report it.
        WEBHOOK_SERVER_TIMING: process.env.WEBHOOK_BENCH_SERVER_TIMING ?? 'true',
      };
      const store = new EngineBenchDb(db.ownerUrl);
      // Dropping the database at the end ends the pool's idle connections: not an error here.
      store.pool.on('error', () => undefined);
      const children = [];
      try {
        // The machine's speed right now (see measureBullmqNoop), before the stack starts: the figures
        // below compare across runs only next to it.
        const gauge = await measureBullmqNoop(redis, { rounds: 3, jobs: 10_000 });
        const gaugeJobsPerS = Math.round(median(gauge.rates));
        console.log('machine gauge: bare BullMQ no-op jobs/s', gauge.rates.map(Math.round));
        const port = 40000 + Math.floor(Math.random() * 20000);
        const workerPids: number[] = [];
        for (let i = 0; i < WORKERS; i++) {
          const worker = await startProcess([...prof, builtWorker], processEnv, 'worker started', 120_000);
          children.push(worker);
          workerPids.push(worker.pid ?? 0);
        }
        const apiProcess = await startProcess(
          [...prof, builtApi],
          { ...processEnv, PORT: String(port), HOST: '127.0.0.1' },
          'listening',
          120_000,
        );
        children.push(apiProcess);
        // WEBHOOK_BENCH_API_BEFORE=<another build's apps/api/dist/main.js>: a second API on the same
        // database, Redis and worker; the sync phases then compare the two in this one process.
        const beforeApi = process.env.WEBHOOK_BENCH_API_BEFORE;
        const beforePort = port + 1;
        if (beforeApi) {
          children.push(
            await startProcess(
              [...prof, beforeApi],
              { ...processEnv, PORT: String(beforePort), HOST: '127.0.0.1' },
              'listening',
              120_000,
            ),
          );
        }
        const cpu = () => cpuSnapshot(store, apiProcess.pid ?? 0, workerPids);
        const api = await BenchApi.signUp(`http://127.0.0.1:${port}`);
        const asyncFlow = await api.publishedFlow('webhook bench (async)', threeStepFlow);
        const syncFlow = await api.publishedFlow('webhook bench (sync)', threeStepFlow);
        const asyncUrl = await api.webhook(asyncFlow, { responseMode: 'async' });
        const syncUrl = await api.webhook(syncFlow, { responseMode: 'sync', timeoutSeconds: 10 });
        const beforeUrl = beforeApi ? syncUrl.replace(`:${port}/`, `:${beforePort}/`) : undefined;

        // Warm-up (JIT, pools, caches), not counted.
        const warmSince = await dbNow(store);
        const warm = await drive(asyncUrl, { connections: CONNECTIONS, durationS: 3 });
        await settle(store, api.tenantId, asyncFlow, warmSince, warm.ok);
        await drive(syncUrl, { connections: 20, durationS: 3, overallRate: SYNC_RATE });

        // 1. Async: accepted/s and completed runs/s end to end.
        const rounds: AsyncRound[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const since = await dbNow(store);
          const cpuBefore = await cpu();
          const load: LoadResult = await drive(asyncUrl, { connections: CONNECTIONS, durationS: DURATION_S });
          const counts = await settle(store, api.tenantId, asyncFlow, since, load.ok);
          const cpuMs = cpuPerRun(cpuBefore, await cpu(), counts.total);
          // Every accepted request started a run (requests still in flight when autocannon stops
          // may start one too without being counted as answered), and every run succeeded.
          expect(counts.total).toBeGreaterThanOrEqual(load.ok);
          expect(counts.succeeded).toBe(counts.total);
          const lastFinishedAfterS = counts.lastFinishedAfterS ?? 0;
          rounds.push({
            accepted: load.ok,
            acceptedPerS: Math.round(load.ok / load.durationS),
            completedRuns: counts.succeeded,
            completedRunsPerS: Math.round(counts.succeeded / lastFinishedAfterS),
            latencyP50Ms: load.latency.p50,
            latencyP99Ms: load.latency.p99,
            lastFinishedAfterS: Math.round(lastFinishedAfterS * 100) / 100,
            load1: load1(),
            cpuMsPerRun: cpuMs,
            rejected: Object.fromEntries(Object.entries(load.statusCodes).filter(([code]) => code !== '202')),
          });
          console.log(`async round ${round + 1}`, rounds.at(-1));
        }

        // 2. Sync at light load, one request at a time: the floor under the fixed-rate figures.
        const serial = await drive(syncUrl, { connections: 1, durationS: 5 });
        console.log('sync one at a time', serial.latency);

        // 3. Sync at a fixed rate.
        const syncSince = await dbNow(store);
        const syncCpuBefore = await cpu();
        const sync = await drive(syncUrl, {
          connections: 50,
          durationS: SYNC_DURATION_S,
          overallRate: SYNC_RATE,
        });
        const syncRuns = await settle(store, api.tenantId, syncFlow, syncSince, sync.ok);
        expect(syncRuns.succeeded).toBe(syncRuns.total);
        const syncCpuMs = cpuPerRun(syncCpuBefore, await cpu(), syncRuns.total);
        const syncLoad = load1();
        console.log('sync', sync);

        // 4. Sync at an even 200 requests/s (open loop, latency from each request's due time): what
        //    "p50/p99 at 200 req/s" means; autocannon's overallRate above sends each second's share
        //    as a burst at the start of the second. First at an even 10/s: the stages at light load,
        //    to compare with those at the full rate (what grows).
        const pacedPhase = async (url: string, rate: number, durationS: number) => {
          const since = await dbNow(store);
          const result = await drivePaced(url, { rate, durationS });
          const runs = await settle(store, api.tenantId, syncFlow, since, result.ok);
          expect(runs.succeeded).toBe(runs.total);
          return { result, db: await runStages(store, api.tenantId, syncFlow, since), load1: load1() };
        };
        type Phase = Awaited<ReturnType<typeof pacedPhase>>;
        // With a second API build (WEBHOOK_BENCH_API_BEFORE), the same phases run against both,
        // interleaved (A B B A at the full rate), on the same worker, database and machine load.
        const variants: Array<[string, string]> = beforeUrl
          ? [
              ['after', syncUrl],
              ['before', beforeUrl],
            ]
          : [['', syncUrl]];
        const columns = new Map<string, Phase>();
        for (const [name, url] of variants)
          columns.set(`${name} even ${LIGHT_RATE}/s`.trim(), await pacedPhase(url, LIGHT_RATE, 5));
        for (const [name, url] of beforeUrl ? [...variants, ...[...variants].reverse()] : variants) {
          const label = `${name} even ${SYNC_RATE}/s`.trim();
          const key = columns.has(label) ? `${label} (2)` : label;
          columns.set(key, await pacedPhase(url, SYNC_RATE, SYNC_DURATION_S));
        }
        const main = columns.get(`${variants[0][0]} even ${SYNC_RATE}/s`.trim()) as Phase;
        const light = columns.get(`${variants[0][0]} even ${LIGHT_RATE}/s`.trim()) as Phase;
        const { result: paced, db: pacedDb, load1: pacedLoad } = main;
        console.log('sync paced', paced);
        const stageRow = (phase: Phase) =>
          Object.fromEntries([
            ...Object.entries(phase.result.stages ?? {}).map(([stage, v]) => [stage, `${v.p50} / ${v.p99}`]),
            ...Object.entries(phase.db).map(([stage, v]) => [stage, `${v.p50} / ${v.p99}`]),
            ['client latency', `${phase.result.latency.p50} / ${phase.result.latency.p99}`],
            ['load1', String(phase.load1)],
          ]);
        const rows = new Map([...columns].map(([label, phase]) => [label, stageRow(phase)]));
        const stages = [...new Set([...rows.values()].flatMap((row) => Object.keys(row)))];
        console.log('sync stages, p50 / p99 ms (API Server-Timing; db clock; client)');
        console.table(
          Object.fromEntries(
            stages.map((stage) => [
              stage,
              Object.fromEntries([...rows].map(([label, row]) => [label, row[stage] ?? ''])),
            ]),
          ),
        );

        // What the stack could do on two cores of its own: 2,000 CPU-ms per second ÷ CPU-ms per run.
        const stackMs = median(rounds.map((r) => r.cpuMsPerRun.stackMs));
        const best = rounds.reduce((a, b) => (b.completedRunsPerS > a.completedRunsPerS ? b : a));
        const summary = {
          setup: {
            workers: WORKERS,
            connections: CONNECTIONS,
            durationS: DURATION_S,
            workerConcurrency: Number(processEnv.WORKER_CONCURRENCY),
            acceptBatchMax: Number(processEnv.WEBHOOK_ACCEPT_BATCH_MAX),
          },
          machineGaugeBullmqNoopJobsPerSecond: gaugeJobsPerS,
          asyncAcceptedPerSecondMedian: median(rounds.map((r) => r.acceptedPerS)),
          asyncCompletedRunsPerSecondMedian: median(rounds.map((r) => r.completedRunsPerS)),
          asyncCompletedRunsPerSecondBest: best.completedRunsPerS,
          asyncCpuMsPerRunMedian: {
            api: median(rounds.map((r) => r.cpuMsPerRun.apiMs)),
            worker: median(rounds.map((r) => r.cpuMsPerRun.workerMs)),
            postgres: median(rounds.map((r) => r.cpuMsPerRun.postgresMs)),
            stack: stackMs,
          },
          asyncRunsPerSecondOnTwoDedicatedCores: Math.round(2000 / stackMs),
          syncCpuMsPerRun: syncCpuMs,
          syncRate: SYNC_RATE,
          syncRequests: sync.requests,
          syncStatusCodes: sync.statusCodes,
          syncP50Ms: sync.latency.p50,
          syncP90Ms: sync.latency.p90,
          syncP99Ms: sync.latency.p99,
          syncMaxMs: sync.latency.max,
          syncLoad1: syncLoad,
          syncPacedP50Ms: paced.latency.p50,
          syncPacedP99Ms: paced.latency.p99,
          syncPacedStatusCodes: paced.statusCodes,
          syncPacedStages: { api: paced.stages ?? null, db: pacedDb },
          syncLightStages: {
            rate: LIGHT_RATE,
            latency: light.result.latency,
            api: light.result.stages ?? null,
            db: light.db,
          },
          syncOneAtATimeP50Ms: serial.latency.p50,
          syncOneAtATimeP99Ms: serial.latency.p99,
          targets: { completedRunsPerSecond: 1000, syncP50Ms: 15, syncP99Ms: 60 },
        };
        console.table(
          Object.fromEntries(
            rounds.map((r, i) => [
              `async round ${i + 1}`,
              {
                'accepted/s': r.acceptedPerS,
                'completed runs/s': r.completedRunsPerS,
                runs: r.completedRuns,
                'last finished (s)': r.lastFinishedAfterS,
                'CPU ms/run api': r.cpuMsPerRun.apiMs,
                worker: r.cpuMsPerRun.workerMs,
                postgres: r.cpuMsPerRun.postgresMs,
                'pg xacts/run': r.cpuMsPerRun.transactions,
                load1: r.load1,
              },
            ]),
          ),
        );
        console.table({
          'sync, one at a time': {
            requests: serial.requests,
            'p50 ms': serial.latency.p50,
            'p90 ms': serial.latency.p90,
            'p99 ms': serial.latency.p99,
            'max ms': serial.latency.max,
            load1: load1(),
          },
          [`sync at ${SYNC_RATE}/s`]: {
            requests: sync.requests,
            'p50 ms': sync.latency.p50,
            'p90 ms': sync.latency.p90,
            'p99 ms': sync.latency.p99,
            'max ms': sync.latency.max,
            load1: syncLoad,
          },
          [`sync at an even ${SYNC_RATE}/s (open loop)`]: {
            requests: paced.requests,
            'p50 ms': paced.latency.p50,
            'p90 ms': paced.latency.p90,
            'p99 ms': paced.latency.p99,
            'max ms': paced.latency.max,
            load1: pacedLoad,
          },
        });
        await writeResults({ ...summary, rounds, sync, paced });
      } finally {
        for (const child of children.reverse()) await stopProcess(child);
        await store.close();
        await db.drop();
        await redis.cleanup();
        await teardown();
      }
    },
  );
});
