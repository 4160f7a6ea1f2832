import type { INestApplicationContext } from '@nestjs/common';
import { RUN_JOB_VERSION, type FlowDefinition, type RunStatus } from '@stepline/domain';
import { createRedis, enqueueRun, QueueName, type AppConfig, type Logger } from '@stepline/server';
import {
  createTestConfig,
  createTestDatabase,
  createTestRedis,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@stepline/server/testing';
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createWorker } from '../worker.factory.js';

/**
 * Worker-level integration fixtures: tenants, published flows and queued runs written straight
 * into a per-file database (over the owner's URL, inside each tenant's RLS scope), real workers
 * consuming the real queue. The API is not involved (apps never import each other); system tests
 * in tests/system drive both.
 */
export interface RunHarness {
  config: AppConfig;
  db: TestDatabase;
  redis: TestRedis;
  queue: Queue;
  workers: INestApplicationContext[];
  startWorker(): Promise<INestApplicationContext>;
  tenant(): Promise<string>;
  /** A flow with `definition` published as version 1; answers its ids. */
  publish(tenantId: string, definition: FlowDefinition): Promise<{ flowId: string; versionId: string }>;
  /** Inserts a queued run of the flow's published version and enqueues its job; answers its id. */
  start(
    tenantId: string,
    flow: { flowId: string; versionId: string },
    input?: unknown,
    extra?: Partial<RunInsert>,
  ): Promise<string>;
  /** Inserts a queued run without enqueuing it. */
  insertRun(
    tenantId: string,
    flow: { flowId: string; versionId: string },
    input?: unknown,
    extra?: Partial<RunInsert>,
  ): Promise<string>;
  enqueue(tenantId: string, runId: string): Promise<void>;
  run(tenantId: string, runId: string): Promise<RunRow>;
  steps(tenantId: string, runId: string): Promise<StepRow[]>;
  waitForStatus(tenantId: string, runId: string, statuses: RunStatus[], timeoutMs?: number): Promise<RunRow>;
  query<T = Record<string, unknown>>(tenantId: string, sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A definition from steps and edges (what the runner tests publish). */
export const definitionOf = (
  steps: FlowDefinition['steps'],
  edges: FlowDefinition['edges'] = [],
  extra: Partial<FlowDefinition> = {},
): FlowDefinition => ({ schemaVersion: 1, steps, edges, ...extra });

/** Edges chaining `ids` in order. */
export const chainOf = (ids: readonly string[]): FlowDefinition['edges'] =>
  ids.slice(1).map((id, i) => ({ from: ids[i] as string, to: id }));

export interface RunInsert {
  deadline_at: Date | null;
  resumed_from_run_id: string | null;
  resume_from_step: string | null;
  definition: FlowDefinition | null;
  trigger: string;
}

export interface RunRow {
  id: string;
  status: RunStatus;
  output: unknown;
  error: { code: string; message: string; stepId?: string } | null;
  response: unknown;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface StepRow {
  seq: string;
  step_id: string;
  path: string;
  attempt: number;
  status: string;
  port: string | null;
  input: unknown;
  output: unknown;
  error: { code: string; message: string; detail?: Record<string, unknown> } | null;
  logs: Array<{ level: string; message: string }>;
  output_truncated: boolean;
}

export async function startRunHarness(
  options: {
    env?: Record<string, string>;
    workers?: number;
    logger?: Logger;
    /** Crash tests break jobs on purpose; everywhere else a failed job is a runner bug. */
    allowJobFailures?: boolean;
  } = {},
): Promise<RunHarness> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const config = createTestConfig(db, redis, { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32', ...options.env });
  const queue = new Queue(QueueName.Runs, {
    connection: createRedis(config.redisUrl, config.redisPrefix, 'queue'),
    prefix: config.redisPrefix,
  });
  const workers: INestApplicationContext[] = [];
  // A run job that throws is retried by BullMQ, which can hide a runner bug behind a later
  // success: every harness fails its test file on any failed job.
  const events = new QueueEvents(QueueName.Runs, {
    connection: createRedis(config.redisUrl, config.redisPrefix, 'queue'),
    prefix: config.redisPrefix,
  });
  const jobFailures: string[] = [];
  events.on('failed', ({ jobId, failedReason }) => jobFailures.push(`${jobId}: ${failedReason}`));
  await events.waitUntilReady();
  const pool = new pg.Pool({ connectionString: db.ownerUrl, max: 4 });
  // Dropping the test database terminates idle pooled connections; that is expected, not a failure.
  pool.on('error', () => undefined);

  const query = async <T>(tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows as T[];
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const harness: RunHarness = {
    config,
    db,
    redis,
    queue,
    workers,
    async startWorker() {
      const worker = await createWorker(config, options.logger);
      workers.push(worker);
      return worker;
    },
    async tenant() {
      const id = randomUUID();
      await query(id, `INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Test tenant')`, [
        id,
        `t-${id.slice(0, 8)}`,
      ]);
      return id;
    },
    async publish(tenantId, definition) {
      const [flow] = await query<{ id: string }>(
        tenantId,
        `INSERT INTO flows (tenant_id, name) VALUES ($1, 'flow') RETURNING id`,
        [tenantId],
      );
      const [version] = await query<{ id: string }>(
        tenantId,
        `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, published_at)
         VALUES ($1, $2, 1, 'published', $3::jsonb, now()) RETURNING id`,
        [tenantId, flow!.id, JSON.stringify(definition)],
      );
      return { flowId: flow!.id, versionId: version!.id };
    },
    async insertRun(tenantId, flow, input = {}, extra = {}) {
      const [run] = await query<{ id: string }>(
        tenantId,
        `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, status, "trigger", input, deadline_at,
                           resumed_from_run_id, resume_from_step, definition, is_test)
         VALUES ($1, $2, $3, 1, 'queued', $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10) RETURNING id`,
        [
          tenantId,
          flow.flowId,
          flow.versionId,
          extra.trigger ?? 'api',
          JSON.stringify(input),
          extra.deadline_at ?? null,
          extra.resumed_from_run_id ?? null,
          extra.resume_from_step ?? null,
          extra.definition ? JSON.stringify(extra.definition) : null,
          Boolean(extra.definition),
        ],
      );
      return run!.id;
    },
    async enqueue(tenantId, runId) {
      await enqueueRun(queue, { tenantId, runId, v: RUN_JOB_VERSION });
    },
    async start(tenantId, flow, input = {}, extra = {}) {
      const runId = await harness.insertRun(tenantId, flow, input, extra);
      await harness.enqueue(tenantId, runId);
      return runId;
    },
    async run(tenantId, runId) {
      const [row] = await query<RunRow>(tenantId, `SELECT * FROM runs WHERE id = $1`, [runId]);
      return row!;
    },
    steps: (tenantId, runId) =>
      query<StepRow>(tenantId, `SELECT * FROM step_runs WHERE run_id = $1 ORDER BY seq`, [runId]),
    async waitForStatus(tenantId, runId, statuses, timeoutMs = 15_000) {
      let last: RunRow | undefined;
      await waitFor(
        async () => {
          last = await harness.run(tenantId, runId);
          return statuses.includes(last.status);
        },
        { timeoutMs, what: `run ${runId} to end (last status ${last?.status})` },
      );
      return last!;
    },
    query,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await events.close();
      await queue.close();
      await pool.end();
      await Promise.all([db.drop(), redis.cleanup()]);
      if (!options.allowJobFailures && jobFailures.length > 0) {
        throw new Error(`run jobs failed:\n${jobFailures.join('\n')}`);
      }
    },
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await harness.startWorker();
  return harness;
}
