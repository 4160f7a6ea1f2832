import type { RunStatus } from '@stepline/domain';
import { runRecordFromJson, type RunRecord } from './runs.repository.js';
import { jsonParam, type Queryable } from './sql-params.js';
import {
  checkpointResultOf,
  checkpointsParam,
  stepRunRecordFromJson,
  type CheckpointAnswer,
  type CheckpointResult,
  type NewStepRun,
  type StepRunRecord,
} from './step-runs.repository.js';

/**
 * The worker's cross-tenant jobs on runs: the sweeper, the heartbeat and retention. Each is one
 * statement calling a SECURITY DEFINER function of the runs migration, so it needs no tenant
 * transaction; pass the DataSource. (The group commit of checkpoints is `checkpointStepRuns`.)
 */

export interface RunToRecover {
  tenantId: string;
  runId: string;
  status: Extract<RunStatus, 'queued' | 'running'>;
}

/**
 * Queued or running runs of any tenant that nothing touched for `staleAfterMs`, oldest first (at
 * most `max`, capped at 10 000): the sweeper re-enqueues them (their job id is the run id, so a
 * job that still exists absorbs the duplicate).
 */
export async function runsToRecover(
  db: Queryable,
  options: { staleAfterMs: number; max: number },
): Promise<RunToRecover[]> {
  const rows: Array<{ tenant_id: string; run_id: string; status: RunToRecover['status'] }> = await db.query(
    `SELECT tenant_id, run_id, status FROM runs_to_recover(make_interval(secs => $1::float8 / 1000), $2)`,
    [options.staleAfterMs, options.max],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, runId: r.run_id, status: r.status }));
}

/**
 * The worker's heartbeat: bumps `updated_at` of the queued or running runs among `runIds` (any
 * tenants) in one statement, so the sweeper leaves runs with a long step in flight alone.
 * Answers how many it touched.
 */
export async function touchRuns(db: Queryable, runIds: readonly string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const rows: Array<{ touched: number }> = await db.query(`SELECT touch_runs($1::uuid[]) AS touched`, [
    [...runIds],
  ]);
  return rows[0].touched;
}

/**
 * Retention: deletes up to `batch` finished runs (and their step runs) older than their tenant's
 * `settings.retentionDays` (default 30) and answers how many. Call it until it answers less than
 * `batch`; each call is one short transaction that skips rows locked by others.
 */
export async function pruneExpiredRuns(db: Queryable, batch: number): Promise<number> {
  const rows: Array<{ pruned: number }> = await db.query(`SELECT prune_expired_runs($1) AS pruned`, [batch]);
  return rows[0].pruned;
}

/**
 * The worker's group start: moves each named run (any tenants) that is queued or running to
 * `running` and answers it with its checkpoints, in one statement. Runs not answered are gone,
 * finished, or not the tenant's the job named.
 */
export async function beginRuns(
  db: Queryable,
  requests: ReadonlyArray<{ tenantId: string; runId: string }>,
): Promise<Array<{ run: RunRecord; steps: StepRunRecord[] }>> {
  if (requests.length === 0) return [];
  const rows: Array<{ run: Record<string, unknown>; steps: Array<Record<string, unknown>> }> = await db.query(
    `SELECT run, steps FROM begin_runs($1::jsonb)`,
    [beginsParam(requests)],
  );
  return rows.map(begunOf);
}

const beginsParam = (requests: ReadonlyArray<{ tenantId: string; runId: string }>) =>
  JSON.stringify(requests.map((r) => ({ tenant_id: r.tenantId, run_id: r.runId })));

const begunOf = (r: { run: Record<string, unknown>; steps: Array<Record<string, unknown>> }) => ({
  run: runRecordFromJson(r.run),
  steps: r.steps.map(stepRunRecordFromJson),
});

/**
 * The worker's group load: each named run (any tenants) that is queued or running, with its
 * checkpoints, in one read-only statement (no commit to wait for). The run moves to `running` with
 * its first commit (`starts` of `writeRunBatch`), or straight to its end with its finish.
 */
export async function loadRuns(
  db: Queryable,
  requests: ReadonlyArray<{ tenantId: string; runId: string }>,
): Promise<Array<{ run: RunRecord; steps: StepRunRecord[] }>> {
  if (requests.length === 0) return [];
  const rows: Array<{ run: Record<string, unknown>; steps: Array<Record<string, unknown>> }> = await db.query(
    `SELECT run, steps FROM load_runs($1::jsonb)`,
    [beginsParam(requests)],
  );
  return rows.map(begunOf);
}

/** A run the worker loaded moves to `running` (kept when running already); `startedAt` is kept if set. */
export interface RunStart {
  tenantId: string;
  runId: string;
  startedAt: Date;
}

export interface RunFinish {
  tenantId: string;
  runId: string;
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'cancelled' | 'timed_out'>;
  output?: unknown;
  error?: Record<string, unknown> | null;
  /** When the runner started the run: recorded if it never moved to `running` (one-commit runs). */
  startedAt?: Date;
}

/**
 * The worker's group finish: terminal statuses of runs of any tenants in one statement, each a
 * compare-and-set from queued/running/waiting. Answers the ids it finished; a run finished
 * meanwhile (a cancel that won) is not among them.
 */
export async function finishRuns(db: Queryable, finishes: readonly RunFinish[]): Promise<string[]> {
  if (finishes.length === 0) return [];
  const rows: Array<{ run_id: string }> = await db.query(`SELECT run_id FROM finish_runs($1::jsonb)`, [
    finishesParam(finishes),
  ]);
  return rows.map((r) => r.run_id);
}

const finishesParam = (finishes: readonly RunFinish[]) =>
  jsonParam(
    finishes.map((f) => ({
      tenant_id: f.tenantId,
      run_id: f.runId,
      status: f.status,
      ...(f.output !== undefined ? { output: f.output } : {}),
      error: f.error ?? null,
      ...(f.startedAt ? { started_at: f.startedAt.toISOString() } : {}),
    })),
  );

const startsParam = (starts: readonly RunStart[]) =>
  JSON.stringify(
    starts.map((s) => ({ tenant_id: s.tenantId, run_id: s.runId, started_at: s.startedAt.toISOString() })),
  );

/** A worker's run writes of one group-commit flush: starts, checkpoints and finishes of any runs. */
export interface RunWriteBatch {
  begins: ReadonlyArray<{ tenantId: string; runId: string }>;
  /** Runs loaded earlier that move to `running` now (before this batch's checkpoints). */
  starts?: readonly RunStart[];
  checkpoints: readonly NewStepRun[];
  finishes: readonly RunFinish[];
}

export interface RunWriteResults {
  /** As `beginRuns` answers. */
  begun: Array<{ run: RunRecord; steps: StepRunRecord[] }>;
  /** Ids of the runs started (those not here were finished or gone: their runner must stop). */
  started?: string[];
  /** As `checkpointStepRuns` answers. */
  checkpointed: CheckpointResult[];
  /** As `finishRuns` answers. */
  finished: string[];
}

/**
 * `beginRuns`, `checkpointStepRuns` and `finishRuns` of one flush in **one statement**, hence one
 * transaction and one commit (one WAL fsync) instead of three. The runs of one batch are distinct
 * in practice (a run's next write waits for its previous one), and each part keeps its own rules:
 * a begin or finish of a run also checkpointed in the batch sees the state before the statement.
 */
export async function writeRunBatch(db: Queryable, batch: RunWriteBatch): Promise<RunWriteResults> {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (batch.begins.length > 0) {
    params.push(beginsParam(batch.begins));
    parts.push(`SELECT 'b'::text AS kind, run AS a, steps AS b FROM begin_runs($${params.length}::jsonb)`);
  }
  if (batch.starts && batch.starts.length > 0) {
    params.push(startsParam(batch.starts));
    parts.push(
      `SELECT 's'::text AS kind, to_jsonb(s.run_id) AS a, NULL::jsonb AS b FROM start_runs($${params.length}::jsonb) s`,
    );
  }
  if (batch.checkpoints.length > 0) {
    params.push(checkpointsParam(batch.checkpoints));
    parts.push(
      `SELECT 'c'::text AS kind, to_jsonb(c) AS a, NULL::jsonb AS b FROM checkpoint_step_runs($${params.length}::jsonb) c`,
    );
  }
  if (batch.finishes.length > 0) {
    params.push(finishesParam(batch.finishes));
    parts.push(
      `SELECT 'f'::text AS kind, to_jsonb(f.run_id) AS a, NULL::jsonb AS b FROM finish_runs($${params.length}::jsonb) f`,
    );
  }
  const results: RunWriteResults = { begun: [], checkpointed: [], finished: [] };
  if (batch.starts && batch.starts.length > 0) results.started = [];
  if (parts.length === 0) return results;
  const rows: Array<{ kind: 'b' | 's' | 'c' | 'f'; a: unknown; b: unknown }> = await db.query(
    parts.join(' UNION ALL '),
    params,
  );
  for (const row of rows) {
    if (row.kind === 'b') {
      results.begun.push(
        begunOf({ run: row.a as Record<string, unknown>, steps: row.b as Array<Record<string, unknown>> }),
      );
    } else if (row.kind === 's') results.started?.push(row.a as string);
    else if (row.kind === 'c') results.checkpointed.push(checkpointResultOf(row.a as CheckpointAnswer));
    else results.finished.push(row.a as string);
  }
  return results;
}
