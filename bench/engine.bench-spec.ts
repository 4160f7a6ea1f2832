import { createRedis, parseRunEventsMessage, runEventsChannel } from '@stepline/server';
import { createTestConfig, createTestDatabase, createTestRedis } from '@stepline/server/testing';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import setupIntegration from '../tests/setup/int-global-setup.js';
import { report, type BenchFigures } from './harness.js';
import {
  builtWorker,
  CpuMeter,
  EngineBenchDb,
  enqueueAll,
  hasBuiltWorker,
  linearTransformFlow,
  median,
  percentile,
  redisPid,
  root,
  runsQueue,
  sleep,
  startProcess,
  stopProcess,
  workerBackends,
} from './support/engine-bench.support.js';
import { measureBullmqNoop } from './support/bullmq-gauge.js';
import { sustainedRuns } from './support/sustained-runs.js';

// bench/engine (issue 8): durable steps/s of 200 concurrent runs of a 10-step linear transform flow
// on one and on two worker processes, next to bare BullMQ no-op jobs/s (one worker, concurrency 50,
// same Redis) measured in the same run; worker RSS; start-to-finish latency of a 3-step flow at light
// load. Needs the built worker (`npm run build`). No timing is asserted.

const RUNS = 200;
// ENGINE_BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of every engine worker process (and the API) there.
const profileDir = process.env.ENGINE_BENCH_PROFILE_DIR;
const argsOf = (entry: string) => [
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  entry,
];
// ENGINE_BENCH_WORKERS=/path/to/old/main.js,apps/worker/dist/main.js interleaves the one-worker series
// of several worker builds in this process (before/after on one database, Redis and machine load);
// ENGINE_BENCH_REPEAT repeats each. Figures per build land in `engine.json` (`variants`).
const variants = (process.env.ENGINE_BENCH_WORKERS ?? builtWorker).split(',');
// The builds the latency phases run (another build's worker / API entry, to compare latency).
const latencyWorker = process.env.ENGINE_BENCH_LATENCY_WORKER ?? builtWorker;
const latencyApi = process.env.ENGINE_BENCH_LATENCY_API ?? `${root}apps/api/dist/main.js`;
const REPEAT = Number(process.env.ENGINE_BENCH_REPEAT ?? 1);
const STEPS = 10;
// Rounds of 200 runs each; the first of each series warms the JIT, caches and pools and is dropped.
const ROUNDS = Number(process.env.ENGINE_BENCH_ROUNDS ?? 7);
// ENGINE_BENCH_PHASES=engine1,latency runs only some phases (while investigating); default all.
const phases = new Set(
  (process.env.ENGINE_BENCH_PHASES ?? 'baseline,engine1,engine2,sustained,latency,api').split(','),
);
// `sustained`: after each engine series, RUNS runs kept in flight (a finished run is replaced at
// once) for SUSTAINED_MS after a warm-up — the rate without the rounds' gaps (insert, tail, poll).
const SUSTAINED_MS = Number(process.env.ENGINE_BENCH_SUSTAINED_MS ?? 6_000);

const figure = (name: string, samples: number[]): BenchFigures => ({
  name,
  iterations: samples.length,
  medianMs: median(samples),
  p95Ms: percentile(samples, 95),
  minMs: Math.min(...samples),
  maxMs: Math.max(...samples),
  meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
});

/** µs of CPU per job or step of each process group, and their total. */
const perUnit = (used: Record<string, number>, units: number): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [name, us] of Object.entries(used)) out[name] = Math.round((us / units) * 10) / 10;
  out.total = Math.round(Object.values(out).reduce((a, b) => a + b, 0) * 10) / 10;
  return out;
};
/** The median of each group over the rounds. */
const medianCpu = (rounds: Array<Record<string, number>>): Record<string, number> =>
  rounds.length === 0
    ? {}
    : Object.fromEntries(Object.keys(rounds[0] ?? {}).map((k) => [k, median(rounds.map((r) => r[k] ?? 0))]));

async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

describe('engine benchmark', () => {
  it.skipIf(!hasBuiltWorker())(
    'measures durable steps/s against bare BullMQ jobs/s, and latency',
    async () => {
      const teardown = await setupIntegration();
      const db = await createTestDatabase();
      const redis = createTestRedis();
      const config = createTestConfig(db, redis);
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.appUrl,
        DATABASE_MIGRATION_URL: db.ownerUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        WORKER_CONCURRENCY: process.env.ENGINE_BENCH_CONCURRENCY ?? '50',
      };
      const store = new EngineBenchDb(db.ownerUrl);
      const queue = runsQueue(config.redisUrl, config.redisPrefix);
      try {
        // 1. Baseline: bare BullMQ no-op jobs, one worker process, concurrency 50.
        // 10,000 jobs a round: a 2,000-job round lasts ~0.2 s, too short to measure steadily.
        const gauge = phases.has('baseline')
          ? await measureBullmqNoop(redis, { rounds: ROUNDS, jobs: RUNS * STEPS * 5 })
          : { rates: [], cpuMicrosPerJob: { worker: 0, redis: 0 } };
        const baseline = gauge.rates;
        const { worker: noopWorker, redis: noopRedis } = gauge.cpuMicrosPerJob;
        const baselineCpu = [
          { ...gauge.cpuMicrosPerJob, total: Math.round((noopWorker + noopRedis) * 10) / 10 },
        ];
        const infoClient = createRedis(redis.url, redis.prefix, 'queue');
        const redisServer = await redisPid(infoClient);
        await infoClient.quit();

        // 2. The engine: 200 runs × 10 transform steps on N worker processes.
        const tenant = await store.tenant();
        const flow = await store.publish(tenant, linearTransformFlow(STEPS));
        const engine = async (workers: number, entry = builtWorker) => {
          const cpu: Array<Record<string, number>> = [];
          const held: { rates: number[]; cpu: Array<Record<string, number>> } = { rates: [], cpu: [] };
          if (!phases.has(`engine${workers}`)) return { rates: [], rss: 0, cpu, held };
          const children = await Promise.all(
            Array.from({ length: workers }, () => startProcess(argsOf(entry), env, 'worker started')),
          );
          const meter = new CpuMeter({
            worker: async () => children.map((c) => c.pid ?? 0),
            postgres: () => workerBackends(store.pool),
            redis: async () => [redisServer],
          });
          // What the processes burn idle (timers, BullMQ's polling, the driver's Redis): taken off the
          // busy figure as `net`, so a slower round (a loaded machine) does not look costlier per step.
          await meter.start();
          let idleAt = performance.now();
          await sleep(2_000);
          const idle = await meter.stop();
          const idleSeconds = (performance.now() - idleAt) / 1000;
          const rates: number[] = [];
          let rss = 0;
          for (let round = 0; round < ROUNDS; round++) {
            const started = performance.now();
            // CPU over all measured rounds (a 10 ms clock tick is 5 µs of a 2,000-step round).
            if (round === 1) {
              await meter.start();
              idleAt = performance.now();
            }
            const ids = await store.insertRuns(tenant, flow, RUNS, { n: 0 });
            await enqueueAll(queue, tenant, ids);
            while ((await store.countFinished(tenant, ids)) < ids.length) {
              rss = Math.max(rss, ...(await Promise.all(children.map((c) => rssOf(c.pid ?? 0)))));
              await sleep(10);
            }
            expect(await store.countStatus(tenant, ids, 'succeeded')).toBe(ids.length);
            if (round > 0) rates.push((RUNS * STEPS) / ((performance.now() - started) / 1000));
            if (round > 0 && round === ROUNDS - 1) {
              const used = await meter.stop();
              const seconds = (performance.now() - idleAt) / 1000;
              const steps = RUNS * STEPS * (ROUNDS - 1);
              const net = Object.fromEntries(
                Object.entries(used).map(([k, us]) => [
                  k,
                  Math.max(0, us - ((idle[k] ?? 0) / idleSeconds) * seconds),
                ]),
              );
              cpu.push({
                ...perUnit(used, steps),
                ...Object.fromEntries(Object.entries(perUnit(net, steps)).map(([k, v]) => [`net ${k}`, v])),
              });
            }
          }
          if (phases.has('sustained')) {
            let used: Record<string, number> = {};
            const result = await sustainedRuns({
              store,
              queue,
              tenantId: tenant,
              flow,
              redisUrl: redis.url,
              redisPrefix: redis.prefix,
              inFlight: RUNS,
              warmupMs: 1_500,
              measureMs: SUSTAINED_MS,
              onMeasureStart: () => meter.start(),
              onMeasureEnd: async () => {
                used = await meter.stop();
              },
            });
            expect(result.succeeded).toBe(result.started);
            held.rates.push(result.runsPerSecond * STEPS);
            held.cpu.push(perUnit(used, result.endedInMeasure * STEPS));
          }
          await Promise.all(children.map(stopProcess));
          return { rates, rss, cpu, held };
        };
        type Series = { rates: number[]; cpu: Array<Record<string, number>> };
        const perVariant: Record<string, Series & { held: Series }> = {};
        for (let rep = 0; rep < (variants.length > 1 ? REPEAT : 0); rep++) {
          for (const entry of variants) {
            const series = await engine(1, entry);
            const into = (perVariant[entry] ??= { rates: [], cpu: [], held: { rates: [], cpu: [] } });
            into.rates.push(...series.rates);
            into.cpu.push(...series.cpu);
            into.held.rates.push(...series.held.rates);
            into.held.cpu.push(...series.held.cpu);
          }
        }
        const one = await engine(1);
        const two = await engine(2);

        // 3. Latency of a 3-step flow at light load: one run at a time, start to terminal event.
        const latencyFlow = await store.publish(tenant, linearTransformFlow(3));
        const worker = await startProcess(argsOf(latencyWorker), env, 'worker started');
        const subscriber = createRedis(redis.url, redis.prefix, 'queue');
        const latencies: number[] = [];
        for (let i = 0; i < (phases.has('latency') ? 120 : 0); i++) {
          const runId = randomUUID();
          const channel = runEventsChannel(redis.prefix, runId);
          const done = new Promise<void>((resolve) => {
            subscriber.on('message', function onMessage(ch: string, raw: string) {
              if (ch === channel && parseRunEventsMessage(raw).some((e) => e.type === 'run.status')) {
                subscriber.off('message', onMessage);
                resolve();
              }
            });
          });
          await subscriber.subscribe(channel);
          const started = performance.now();
          await store.inTenant(tenant, (c) =>
            c.query(
              `INSERT INTO runs (id, tenant_id, flow_id, version_id, version_number, status, "trigger", input) VALUES ($1, $2, $3, $4, 1, 'queued', 'api', '{"n":1}')`,
              [runId, tenant, latencyFlow.flowId, latencyFlow.versionId],
            ),
          );
          await enqueueAll(queue, tenant, [runId]);
          await done;
          if (i >= 20) latencies.push(performance.now() - started);
          await subscriber.unsubscribe(channel);
        }
        await subscriber.quit();

        // 4. The same through the public API: POST /v1/flows/{id}/runs with `wait`, one at a time.
        const port = String(40000 + Math.floor(Math.random() * 20000));
        const api = await startProcess(
          argsOf(latencyApi),
          { ...env, PORT: port, HOST: '127.0.0.1' },
          'listening',
        );
        const base = `http://127.0.0.1:${port}`;
        const post = async (path: string, body: unknown, token?: string) => {
          const res = await fetch(`${base}${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify(body),
          });
          return {
            status: res.status,
            body: (await res.json()) as { id?: string; status?: string; accessToken?: string },
          };
        };
        const session = await post('/v1/auth/signup', {
          email: `bench.${Date.now()}@example.com`,
          password: 'bench-password-123',
          name: 'Bench',
          tenantName: 'Bench',
        });
        const token = String(session.body.accessToken);
        const created = await post(
          '/v1/flows',
          { name: 'latency', definition: linearTransformFlow(3) },
          token,
        );
        await post(`/v1/flows/${created.body.id}/publish`, {}, token);
        const apiLatencies: number[] = [];
        for (let i = 0; i < (phases.has('api') ? 220 : 0); i++) {
          const started = performance.now();
          const res = await post(`/v1/flows/${created.body.id}/runs`, { input: { n: 1 }, wait: 5 }, token);
          if (res.status !== 200 || res.body.status !== 'succeeded')
            throw new Error(JSON.stringify(res.body));
          if (i >= 20) apiLatencies.push(performance.now() - started);
        }
        await stopProcess(api);
        await stopProcess(worker);

        const summary = {
          bullmqNoopJobsPerSecond: Math.round(median(baseline)),
          durableStepsPerSecondOneWorker: Math.round(median(one.rates)),
          durableStepsPerSecondTwoWorkers: Math.round(median(two.rates)),
          ratioToBaseline: Math.round((median(one.rates) / median(baseline)) * 100) / 100,
          twoWorkersOverOne: Math.round((median(two.rates) / median(one.rates)) * 100) / 100,
          sustainedStepsPerSecondOneWorker: Math.round(median(one.held.rates)),
          sustainedStepsPerSecondTwoWorkers: Math.round(median(two.held.rates)),
          sustainedRatioToBaseline: Math.round((median(one.held.rates) / median(baseline)) * 100) / 100,
          sustainedTwoWorkersOverOne:
            Math.round((median(two.held.rates) / median(one.held.rates)) * 100) / 100,
          cpuMicrosPerStepSustainedOneWorker: medianCpu(one.held.cpu),
          workerPeakRssMb: Math.round(Math.max(one.rss, two.rss)),
          engineLatency3StepP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
          engineLatency3StepP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
          apiWaitLatency3StepP50Ms: Math.round(percentile(apiLatencies, 50) * 10) / 10,
          apiWaitLatency3StepP99Ms: Math.round(percentile(apiLatencies, 99) * 10) / 10,
          cpuMicrosPerNoopJob: medianCpu(baselineCpu),
          cpuMicrosPerStepOneWorker: medianCpu(one.cpu),
          cpuMicrosPerStepTwoWorkers: medianCpu(two.cpu),
          variants: Object.fromEntries(
            Object.entries(perVariant).map(([entry, v]) => [
              entry,
              {
                stepsPerSecond: Math.round(median(v.rates)),
                cpuMicrosPerStep: medianCpu(v.cpu),
                sustainedStepsPerSecond: Math.round(median(v.held.rates)),
                sustainedCpuMicrosPerStep: medianCpu(v.held.cpu),
              },
            ]),
          ),
        };
        console.log(summary);
        await report(
          'engine',
          [
            figure('3-step run, engine only (ms)', latencies),
            figure('3-step run, POST …/runs with wait (ms)', apiLatencies),
          ],
          {
            ...summary,
            samples: {
              baseline,
              one: one.rates,
              two: two.rates,
              baselineCpu,
              oneCpu: one.cpu,
              twoCpu: two.cpu,
              sustainedOne: one.held,
              sustainedTwo: two.held,
              variants: perVariant,
            },
          },
        );
      } finally {
        await queue.close();
        await store.close();
        await db.drop();
        await redis.cleanup();
        await teardown();
      }
    },
  );
});
