import type { StepRunStatus } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { Queryable } from './sql-params.js';

/**
 * The SQL of step runs — the checkpoint log. Rows are written once and never changed; the
 * worker writes them in groups across tenants through `checkpointStepRuns` (the SECURITY DEFINER
 * function `checkpoint_step_runs`), readers run inside the tenant transaction (`inTenant`).
 */

export interface StepRunLog {
  level: string;
  message: string;
  /** ISO 8601. */
  at: string;
}

export interface StepRunRecord {
  /** Global order of step runs (bigint identity); SSE uses it as the event id. */
  seq: number;
  tenantId: string;
  runId: string;
  stepId: string;
  /** Iteration path inside loops (e.g. `loop[3]`); '' outside any loop. */
  path: string;
  attempt: number;
  status: StepRunStatus;
  port: string | null;
  input: unknown;
  output: unknown;
  error: Record<string, unknown> | null;
  logs: StepRunLog[];
  outputTruncated: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

interface StepRunRow {
  seq: string;
  tenant_id: string;
  run_id: string;
  step_id: string;
  path: string;
  attempt: number;
  status: StepRunStatus;
  port: string | null;
  input: unknown;
  output: unknown;
  error: Record<string, unknown> | null;
  logs: StepRunLog[];
  output_truncated: boolean;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
}

const COLUMNS = `seq, tenant_id, run_id, step_id, path, attempt, status, port, input, output, error, logs,
  output_truncated, started_at, finished_at, duration_ms`;

export const toStepRunRecord = (r: StepRunRow): StepRunRecord => ({
  seq: Number(r.seq),
  tenantId: r.tenant_id,
  runId: r.run_id,
  stepId: r.step_id,
  path: r.path,
  attempt: r.attempt,
  status: r.status,
  port: r.port,
  input: r.input,
  output: r.output,
  error: r.error,
  logs: r.logs,
  outputTruncated: r.output_truncated,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
});

/** Every step run of a run, in the order they were recorded. */
/** A step run row as `to_jsonb(step_runs.*)` renders it (times as strings), e.g. from `begin_runs`. */
export function stepRunRecordFromJson(json: Record<string, unknown>): StepRunRecord {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  return toStepRunRecord({
    ...(json as unknown as StepRunRow),
    seq: String(json.seq),
    started_at: date(json.started_at),
    finished_at: date(json.finished_at),
  });
}

export async function listStepRuns(m: EntityManager, runId: string): Promise<StepRunRecord[]> {
  const rows: StepRunRow[] = await m.query(
    `SELECT ${COLUMNS} FROM step_runs WHERE run_id = $1 ORDER BY seq`,
    [runId],
  );
  return rows.map(toStepRunRecord);
}

/** The step runs recorded after `seq` (SSE replay after `Last-Event-ID`), in order, at most `limit`. */
export async function listStepRunsAfterSeq(
  m: EntityManager,
  runId: string,
  seq: number,
  limit = 1_000,
): Promise<StepRunRecord[]> {
  const rows: StepRunRow[] = await m.query(
    `SELECT ${COLUMNS} FROM step_runs WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [runId, seq, limit],
  );
  return rows.map(toStepRunRecord);
}

/**
 * For each (path, step) of a run, its latest succeeded attempt: what a resumed run reuses as the
 * recorded upstream outputs. Ordered by path, then step id.
 */
export async function latestSucceededOutputs(m: EntityManager, runId: string): Promise<StepRunRecord[]> {
  const rows: StepRunRow[] = await m.query(
    `SELECT DISTINCT ON (path, step_id) ${COLUMNS} FROM step_runs
      WHERE run_id = $1 AND status = 'succeeded'
      ORDER BY path, step_id, attempt DESC`,
    [runId],
  );
  return rows.map(toStepRunRecord);
}

/** A checkpoint to write: one settled (or waiting) attempt of one step of a run. */
export interface NewStepRun {
  /** Must be the run's tenant: a row naming another tenant than its run's is dropped. */
  tenantId: string;
  runId: string;
  stepId: string;
  /** Defaults to ''. */
  path?: string;
  /** From 1. */
  attempt: number;
  status: StepRunStatus;
  port?: string | null;
  input?: unknown;
  output?: unknown;
  /** `output` already serialised (the worker measured it for the output cap): used instead of it. */
  outputJson?: string;
  error?: Record<string, unknown> | null;
  logs?: StepRunLog[];
  outputTruncated?: boolean;
  startedAt?: Date | string | null;
  finishedAt?: Date | string | null;
  durationMs?: number | null;
}

export interface CheckpointResult {
  runId: string;
  path: string;
  stepId: string;
  attempt: number;
  /** The row's seq; null only when another statement recorded it concurrently. */
  seq: number | null;
  /** False when this (run, path, step, attempt) was already recorded: the recorded row stands. */
  inserted: boolean;
}

const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? null));

/**
 * Group commit: writes the checkpoints of any runs of any tenants in one statement (one round
 * trip, one commit when called outside a transaction). Idempotent per (run, path, step, attempt):
 * writing a checkpoint again inserts nothing and answers `inserted: false`. A row whose run does
 * not exist with the tenant it names is not written and not answered. The order of the answer
 * is not the order of `rows`.
 */
export async function checkpointStepRuns(
  db: Queryable,
  rows: readonly NewStepRun[],
): Promise<CheckpointResult[]> {
  if (rows.length === 0) return [];
  const answered: CheckpointAnswer[] = await db.query(
    `SELECT run_id, path, step_id, attempt, seq, inserted FROM checkpoint_step_runs($1::jsonb)`,
    [checkpointsParam(rows)],
  );
  return answered.map(checkpointResultOf);
}

/**
 * The parameter of `checkpoint_step_runs`: the rows as one JSON array. A row's `outputJson`, when
 * given, is spliced in as its output (each output is serialised once, not twice).
 */
export const checkpointsParam = (rows: readonly NewStepRun[]): string => {
  let json = '[';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as NewStepRun;
    const fields = JSON.stringify({
      tenant_id: r.tenantId,
      run_id: r.runId,
      step_id: r.stepId,
      path: r.path ?? '',
      attempt: r.attempt,
      status: r.status,
      port: r.port ?? null,
      input: r.input ?? null,
      ...(r.outputJson === undefined ? { output: r.output ?? null } : {}),
      error: r.error ?? null,
      logs: r.logs ?? [],
      output_truncated: r.outputTruncated ?? false,
      started_at: iso(r.startedAt),
      finished_at: iso(r.finishedAt),
      duration_ms: r.durationMs ?? null,
    });
    if (i > 0) json += ',';
    json += r.outputJson === undefined ? fields : `${fields.slice(0, -1)},"output":${r.outputJson}}`;
  }
  return `${json}]`;
};

/** One row `checkpoint_step_runs` answers (seq is a bigint: a string, or a number from JSON). */
export interface CheckpointAnswer {
  run_id: string;
  path: string;
  step_id: string;
  attempt: number;
  seq: string | number | null;
  inserted: boolean;
}

export const checkpointResultOf = (r: CheckpointAnswer): CheckpointResult => ({
  runId: r.run_id,
  path: r.path,
  stepId: r.step_id,
  attempt: r.attempt,
  seq: r.seq === null ? null : Number(r.seq),
  inserted: r.inserted,
});
