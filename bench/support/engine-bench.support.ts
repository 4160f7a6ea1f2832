import { createRedis, QueueName, RUN_JOB_DEFAULTS } from '@stepline/server';
import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// @ts-expect-error plain ESM helper shared with the start script (no type declarations)
import { APP_NODE_FLAGS } from '../../scripts/lib/node-flags.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const builtWorker = `${root}apps/worker/dist/main.js`;
export const hasBuiltWorker = () => existsSync(builtWorker);

/**
 * Starts a child process (with the flags `npm start` gives the API and worker, the baseline's no-op
 * worker too) and resolves once it printed `marker` on stdout.
 */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  marker: string,
  /** How long the process may take to print `marker` (start-up is slow on a loaded machine). */
  timeoutMs = 30_000,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(APP_NODE_FLAGS as string[]), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`process did not print "${marker}": ${out.slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`process exited with ${code}: ${out.slice(-2000)}`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tenants, flows and runs written directly (owner connection, inside the tenant's RLS scope). */
export class EngineBenchDb {
  readonly pool: pg.Pool;
  constructor(ownerUrl: string) {
    this.pool = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  }

  async inTenant<T>(tenantId: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } finally {
      client.release();
    }
  }

  async tenant(): Promise<string> {
    const id = randomUUID();
    await this.inTenant(id, (c) =>
      c.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'bench')`, [id, `b-${id.slice(0, 8)}`]),
    );
    return id;
  }

  async publish(tenantId: string, definition: unknown): Promise<{ flowId: string; versionId: string }> {
    return this.inTenant(tenantId, async (c) => {
      const flow = await c.query(`INSERT INTO flows (tenant_id, name) VALUES ($1, 'bench') RETURNING id`, [
        tenantId,
      ]);
      const version = await c.query(
        `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, published_at)
         VALUES ($1, $2, 1, 'published', $3::jsonb, now()) RETURNING id`,
        [tenantId, flow.rows[0].id, JSON.stringify(definition)],
      );
      return { flowId: flow.rows[0].id, versionId: version.rows[0].id };
    });
  }

  /** Inserts `count` queued runs in one statement; answers their ids. */
  async insertRuns(
    tenantId: string,
    flow: { flowId: string; versionId: string },
    count: number,
    input: unknown,
  ): Promise<string[]> {
    return this.inTenant(tenantId, async (c) => {
      const { rows } = await c.query(
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", input)
         SELECT $1, $2, $3, 1, 'queued', 'api', $4::jsonb FROM generate_series(1, $5) RETURNING id`,
        [tenantId, flow.flowId, flow.versionId, JSON.stringify(input), count],
      );
      return rows.map((r: { id: string }) => r.id);
    });
  }

  async countFinished(tenantId: string, ids: string[]): Promise<number> {
    return this.inTenant(tenantId, async (c) => {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status IN ('succeeded','failed','cancelled','timed_out')`,
        [ids],
      );
      return rows[0].n as number;
    });
  }

  async countStatus(tenantId: string, ids: string[], status: string): Promise<number> {
    return this.inTenant(tenantId, async (c) => {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = $2`,
        [ids, status],
      );
      return rows[0].n as number;
    });
  }

  close() {
    return this.pool.end();
  }
}

export function runsQueue(redisUrl: string, prefix: string): Queue {
  return new Queue(QueueName.Runs, { connection: createRedis(redisUrl, prefix, 'queue'), prefix });
}

export const enqueueAll = (queue: Queue, tenantId: string, ids: string[]) =>
  queue.addBulk(
    ids.map((runId) => ({
      name: 'run',
      data: { tenantId, runId, v: 1 },
      opts: { ...RUN_JOB_DEFAULTS, jobId: runId },
    })),
  );

export const linearTransformFlow = (steps: number) => ({
  schemaVersion: 1,
  steps: Array.from({ length: steps }, (_, i) => ({
    id: `s${i}`,
    type: 'transform',
    config: { expression: i === 0 ? 'input.n + 1' : `steps.s${i - 1}.output + 1` },
  })),
  edges: Array.from({ length: steps - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
});

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};

/** CPU time (user + system) a process used so far, in µs; 0 once it is gone. */
export async function cpuMicros(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/**
 * CPU of a set of processes over a stretch of work: `start()` reads each, `stop()` answers what each
 * group used since, in µs. Groups are re-listed at stop (Postgres backends come and go); a process
 * first seen at stop counts from 0.
 */
export class CpuMeter {
  private before = new Map<number, number>();
  constructor(private readonly groups: Record<string, () => Promise<number[]>>) {}

  async start(): Promise<void> {
    this.before.clear();
    for (const list of Object.values(this.groups))
      for (const pid of await list()) this.before.set(pid, await cpuMicros(pid));
  }

  async stop(): Promise<Record<string, number>> {
    const used: Record<string, number> = {};
    for (const [name, list] of Object.entries(this.groups)) {
      used[name] = 0;
      for (const pid of await list())
        used[name] += Math.max(0, (await cpuMicros(pid)) - (this.before.get(pid) ?? 0));
    }
    return used;
  }
}

/** The Redis server's pid (it runs on this machine), from INFO. */
export async function redisPid(redis: { info(section: string): Promise<string> }): Promise<number> {
  return Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1] ?? 0);
}

/** Pids of the Postgres backends of the bench database other than the driver's own (the worker's). */
export async function workerBackends(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename <> current_user`,
  );
  return rows.map((r: { pid: number }) => r.pid);
}
