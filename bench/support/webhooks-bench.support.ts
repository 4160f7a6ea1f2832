import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { Agent, request } from 'undici';
import { percentile, root, type EngineBenchDb } from './engine-bench.support.js';

export const builtApi = `${root}apps/api/dist/main.js`;
export const hasBuiltApi = () => existsSync(builtApi);

/** The machine's 1-minute load average (the machine is shared: figures depend on it). */
export const load1 = () => Math.round(loadavg()[0] * 100) / 100;

/** A signed-up workspace on the running API, driven over REST like a user's script would. */
export class BenchApi {
  private constructor(
    readonly base: string,
    private readonly token: string,
    readonly tenantId: string,
  ) {}

  static async signUp(base: string): Promise<BenchApi> {
    const res = await fetch(`${base}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `bench.webhooks.${Date.now()}@example.com`,
        password: 'bench-password-123',
        name: 'Bench',
        tenantName: 'Webhooks bench',
      }),
    });
    const body = (await res.json()) as { accessToken: string; tenant: { id: string } };
    if (res.status >= 300) throw new Error(`signup: ${res.status} ${JSON.stringify(body)}`);
    return new BenchApi(base, body.accessToken, body.tenant.id);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as T;
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Creates and publishes a flow; answers its id. */
  async publishedFlow(name: string, definition: unknown): Promise<string> {
    const flow = await this.post<{ id: string }>('/v1/flows', { name, definition });
    await this.post(`/v1/flows/${flow.id}/publish`, {});
    return flow.id;
  }

  /** A webhook trigger on the flow; answers its absolute URL (the token is in it). */
  async webhook(flowId: string, config: Record<string, unknown>): Promise<string> {
    const created = await this.post<{ url: string }>(`/v1/flows/${flowId}/triggers`, {
      kind: 'webhook',
      config,
    });
    return `${this.base}${created.url}`;
  }
}

/** Three transform steps, each reading the previous output (the "3-step flow"). */
export const threeStepFlow = {
  schemaVersion: 1,
  steps: [
    { id: 'parse', type: 'transform', config: { expression: 'input.body.n + 1' } },
    { id: 'double', type: 'transform', config: { expression: 'steps.parse.output * 2' } },
    { id: 'reply', type: 'transform', config: { expression: '{ "n": steps.double.output }' } },
  ],
  edges: [
    { from: 'parse', to: 'double' },
    { from: 'double', to: 'reply' },
  ],
};

export const SAMPLE_BODY = JSON.stringify({ n: 20, source: 'bench' });

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statusCodes: Record<string, number>;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /**
   * Per stage of the API's `Server-Timing` header (sync answers with `WEBHOOK_SERVER_TIMING`), p50 /
   * p99 ms; `outside` = the client's latency minus the API's total (HTTP, sockets, event-loop queue).
   */
  stages?: Record<string, { n: number; p50: number; p99: number }>;
}

/** `a;dur=1.2, b;dur=3` → { a: 1.2, b: 3 } (repeated names add up). */
export const parseServerTiming = (header: string | string[] | undefined): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (!name || !dur) continue;
    out[name] = (out[name] ?? 0) + Number(dur.slice(4));
  }
  return out;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** p50 / p99 of each stage over the answers that had it. */
export const stageSummary = (samples: Array<Record<string, number>>) => {
  const byStage = new Map<string, number[]>();
  for (const sample of samples)
    for (const [stage, ms] of Object.entries(sample)) byStage.set(stage, [...(byStage.get(stage) ?? []), ms]);
  return Object.fromEntries(
    [...byStage].map(([stage, xs]) => [
      stage,
      { n: xs.length, p50: round1(percentile(xs, 50)), p99: round1(percentile(xs, 99)) },
    ]),
  );
};

/** Drives POSTs with a JSON body at the URL with autocannon (in this process, on loopback). */
export const drive = async (
  url: string,
  options: { connections: number; durationS: number; overallRate?: number },
): Promise<LoadResult> => {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: SAMPLE_BODY,
    connections: options.connections,
    duration: options.durationS,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 30,
  });
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [
        code,
        (stat as { count: number }).count,
      ]),
    ),
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
  };
};

export interface RunCounts {
  total: number;
  succeeded: number;
  finished: number;
  /** Seconds from `since` to the last run's `finished_at` (database clock). */
  lastFinishedAfterS: number | null;
}

/** Runs of a flow created at or after `since` (a database timestamp), by state. */
export const countRuns = (db: EngineBenchDb, tenantId: string, flowId: string, since: string) =>
  db.inTenant(tenantId, async (c): Promise<RunCounts> => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE status IN ('succeeded','failed','cancelled','timed_out'))::int AS finished,
              extract(epoch FROM max(finished_at) - $3::timestamptz)::float AS last
         FROM runs WHERE flow_id = $1 AND tenant_id = $2 AND created_at >= $3::timestamptz`,
      [flowId, tenantId, since],
    );
    const row = rows[0] as { total: number; succeeded: number; finished: number; last: number | null };
    return {
      total: row.total,
      succeeded: row.succeeded,
      finished: row.finished,
      lastFinishedAfterS: row.last,
    };
  });

export const dbNow = (db: EngineBenchDb): Promise<string> =>
  db.pool.query(`SELECT now()::text AS now`).then((r) => (r.rows[0] as { now: string }).now);

/** bench/results/webhooks.json, shaped like the other suites' files (suite, date, node, platform). */
export const writeResults = async (figures: Record<string, unknown>): Promise<void> => {
  const directory = new URL('../results/', import.meta.url);
  await mkdir(directory, { recursive: true });
  const result = {
    suite: 'webhooks',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ...figures,
  };
  await writeFile(new URL('webhooks.json', directory), `${JSON.stringify(result, null, 2)}\n`);
};

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) a process has used so far; 0 once it is gone. */
export const cpuMsOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is fields[0], so utime (14th) and stime (15th) are [11] and [12].
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
};

export interface CpuSnapshot {
  /** Transactions committed or rolled back in this database so far (pg_stat_database). */
  transactions: number;
  api: number;
  worker: number;
  postgres: Map<number, number>;
  loadGenerator: number;
}

/**
 * CPU used so far by the API, the workers, this database's Postgres backends and this process (the
 * load generator). Redis is one server shared with everything else on the machine: not counted.
 */
export const cpuSnapshot = async (
  db: EngineBenchDb,
  apiPid: number,
  workerPids: number[],
): Promise<CpuSnapshot> => {
  const { rows } = await db.pool.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const usage = process.cpuUsage();
  // The statistics collector may lag a little; its counters are per database, so only this run's.
  const stats = await db.pool.query(
    `SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return {
    transactions: Number((stats.rows[0] as { n: string }).n),
    api: cpuMsOf(apiPid),
    worker: workerPids.reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    postgres: new Map((rows as Array<{ pid: number }>).map(({ pid }) => [pid, cpuMsOf(pid)])),
    loadGenerator: (usage.user + usage.system) / 1000,
  };
};

/** CPU ms per run of each part between two snapshots. */
export const cpuPerRun = (before: CpuSnapshot, after: CpuSnapshot, runs: number) => {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  const per = (ms: number) => Math.round((ms / Math.max(runs, 1)) * 1000) / 1000;
  const api = per(after.api - before.api);
  const worker = per(after.worker - before.worker);
  const pg = per(postgres);
  return {
    apiMs: api,
    workerMs: worker,
    postgresMs: pg,
    loadGeneratorMs: per(after.loadGenerator - before.loadGenerator),
    transactions: Math.round(((after.transactions - before.transactions) / Math.max(runs, 1)) * 10) / 10,
    /** API + worker + Postgres: what one run costs the stack, Redis aside. */
    stackMs: Math.round((api + worker + pg) * 1000) / 1000,
  };
};

/**
 * An open-loop load at an even `rate`: request i is due at start + i / rate, sent then whether or
 * not earlier answers came back, and its latency counts from when it was due (so a sender that
 * falls behind shows up in the figures — no coordinated omission). autocannon's `overallRate`
 * is not this: each connection sends back to back until it has used its share of the second,
 * then pauses, so the load arrives as a burst at the start of every second.
 */
export const drivePaced = async (
  url: string,
  options: { rate: number; durationS: number },
): Promise<LoadResult> => {
  const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const stages: Array<Record<string, number>> = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const total = Math.round(options.rate * options.durationS);
  const interval = 1000 / options.rate;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: SAMPLE_BODY,
      }).then(
        async (res) => {
          await res.body.dump();
          const latency = performance.now() - due;
          latencies.push(latency);
          const timing = parseServerTiming(res.headers['server-timing']);
          if (timing.total !== undefined) stages.push({ ...timing, outside: latency - timing.total });
          statusCodes[res.statusCode] = (statusCodes[res.statusCode] ?? 0) + 1;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const durationS = (performance.now() - started) / 1000;
  await agent.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: total,
    ok,
    non2xx: latencies.length - ok,
    errors,
    timeouts: 0,
    durationS: round1(durationS),
    statusCodes,
    latency: {
      p50: round1(sorted.length ? percentile(sorted, 50) : 0),
      p90: round1(sorted.length ? percentile(sorted, 90) : 0),
      p99: round1(sorted.length ? percentile(sorted, 99) : 0),
      max: round1(sorted.at(-1) ?? 0),
      mean: round1(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    },
    ...(stages.length ? { stages: stageSummary(stages) } : {}),
  };
};

/**
 * The database's side of the same runs (its clock): accepted (`created_at`, the accept
 * transaction's start) → picked up by a worker (`started_at`) → finished (`finished_at`), p50/p99 ms.
 */
export const runStages = (db: EngineBenchDb, tenantId: string, flowId: string, since: string) =>
  db.inTenant(tenantId, async (c) => {
    const { rows } = await c.query(
      `WITH t AS (
         SELECT extract(epoch FROM started_at - created_at) * 1000 AS pickup,
                extract(epoch FROM finished_at - started_at) * 1000 AS execution
           FROM runs WHERE flow_id = $1 AND tenant_id = $2 AND created_at >= $3::timestamptz
            AND finished_at IS NOT NULL)
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY pickup) AS pickup_p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY pickup) AS pickup_p99,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY execution) AS execution_p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY execution) AS execution_p99
         FROM t`,
      [flowId, tenantId, since],
    );
    const r = rows[0] as Record<string, number | null>;
    const ms = (v: number | null) => round1(Number(v ?? 0));
    return {
      'db: created → started': { p50: ms(r.pickup_p50), p99: ms(r.pickup_p99) },
      'db: started → finished': { p50: ms(r.execution_p50), p99: ms(r.execution_p99) },
    };
  });
