import { randomUUID } from 'node:crypto';
import { TERMINAL_RUN_STATUSES, type RunStatus, type RunTrigger } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { KeysetKey, KeysetSlice } from './keyset.js';
import { jsonParam } from './sql-params.js';

/**
 * The SQL of runs, inside the caller's tenant transaction (`inTenant`); the worker's cross-tenant
 * jobs are in runs-maintenance.repository.ts. A run's status changes only through
 * `transitionRun`, a compare-and-set on the current status, so two writers racing (a cancel and
 * the last step finishing) cannot both win.
 */

export interface RunRecord {
  id: string;
  tenantId: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
  isTest: boolean;
  /** The draft snapshot of a test run; null for runs of a published version. */
  definition: Record<string, unknown> | null;
  status: RunStatus;
  trigger: RunTrigger;
  input: unknown;
  output: unknown;
  /** `{ code, message, stepId }` of a failed run. */
  error: Record<string, unknown> | null;
  /** What a `respond` step set. */
  response: Record<string, unknown> | null;
  parentRunId: string | null;
  retryOfRunId: string | null;
  resumedFromRunId: string | null;
  resumeFromStep: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdBy: string | null;
  createdByApiKey: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  deadlineAt: Date | null;
  cancelRequestedAt: Date | null;
  stepsDone: number;
}

/** A run as lists show it: without its payloads (input, output, response, draft snapshot). */
export type RunListItem = Omit<RunRecord, 'definition' | 'input' | 'output' | 'response'>;

interface RunRow {
  id: string;
  tenant_id: string;
  flow_id: string;
  version_id: string;
  version_number: number;
  is_test: boolean;
  definition?: Record<string, unknown> | null;
  status: RunStatus;
  trigger: RunTrigger;
  input?: unknown;
  output?: unknown;
  error: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  parent_run_id: string | null;
  retry_of_run_id: string | null;
  resumed_from_run_id: string | null;
  resume_from_step: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by: string | null;
  created_by_api_key: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
  deadline_at: Date | null;
  cancel_requested_at: Date | null;
  steps_done: number;
  /** created_at with microseconds, for keyset cursors. */
  cursor_time?: string;
}

const LIST_COLUMNS = `id, tenant_id, flow_id, version_id, version_number, is_test, status, "trigger", error,
  parent_run_id, retry_of_run_id, resumed_from_run_id, resume_from_step, idempotency_key, request_hash,
  created_by, created_by_api_key, created_at, started_at, finished_at, updated_at, deadline_at,
  cancel_requested_at, steps_done`;
const RUN_COLUMNS = `${LIST_COLUMNS}, definition, input, output, response`;

/**
 * A JavaScript Date has no microseconds: a cursor made from one would compare below the row it
 * came from. The cursor carries Postgres' own text of the time instead (ISO 8601 UTC, µs).
 */
const CURSOR_TIME = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time`;

function toListItem(r: RunRow): RunListItem {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    flowId: r.flow_id,
    versionId: r.version_id,
    versionNumber: r.version_number,
    isTest: r.is_test,
    status: r.status,
    trigger: r.trigger,
    error: r.error,
    parentRunId: r.parent_run_id,
    retryOfRunId: r.retry_of_run_id,
    resumedFromRunId: r.resumed_from_run_id,
    resumeFromStep: r.resume_from_step,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    createdBy: r.created_by,
    createdByApiKey: r.created_by_api_key,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
    deadlineAt: r.deadline_at,
    cancelRequestedAt: r.cancel_requested_at,
    stepsDone: r.steps_done,
  };
}

const RUN_TIME_COLUMNS = [
  'created_at',
  'started_at',
  'finished_at',
  'updated_at',
  'deadline_at',
  'cancel_requested_at',
] as const;

/** A run row as `to_jsonb(runs.*)` renders it (times as strings), e.g. from `begin_runs`. */
export function runRecordFromJson(json: Record<string, unknown>): RunRecord {
  const row = { ...json } as Record<string, unknown>;
  for (const column of RUN_TIME_COLUMNS) {
    const value = row[column];
    row[column] = typeof value === 'string' ? new Date(value) : null;
  }
  return toRunRecord(row as unknown as RunRow);
}

export const toRunRecord = (r: RunRow): RunRecord => ({
  ...toListItem(r),
  definition: r.definition ?? null,
  input: r.input ?? null,
  output: r.output ?? null,
  response: r.response ?? null,
});

// ---------------------------------------------------------------------------------------------
// start

export interface NewRun {
  /** The run's id when the caller chose it (to follow its events before it exists); else a new one. */
  id?: string;
  tenantId: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
  trigger: RunTrigger;
  input: unknown;
  /** Set for test runs of the draft: the definition as it is now (required with it). */
  definition?: Record<string, unknown> | null;
  /** Defaults to `queued`. */
  status?: RunStatus;
  parentRunId?: string | null;
  retryOfRunId?: string | null;
  resumedFromRunId?: string | null;
  resumeFromStep?: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  createdBy?: string | null;
  createdByApiKey?: string | null;
  deadlineAt?: Date | null;
  /** Fair admission (`claimAdmission`): holds a slot or waits for one; null — not counted. */
  admission?: 'pending' | 'held' | null;
}

/**
 * Inserts a run; `isTest` follows from `definition`. Null when the run's idempotency key is
 * already taken in this flow (a concurrent start with the same key waits for the first and then
 * gets null too): read that run with `findRunByIdempotencyKey` and compare `requestHash`.
 */
export async function insertRun(m: EntityManager, run: NewRun): Promise<RunRecord | null> {
  const rows: RunRow[] = await m.query(
    `INSERT INTO runs (tenant_id, flow_id, version_id, version_number, is_test, definition, status, "trigger",
                       input, parent_run_id, retry_of_run_id, resumed_from_run_id, resume_from_step,
                       idempotency_key, request_hash, created_by, created_by_api_key, deadline_at, admission, id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
     ON CONFLICT (tenant_id, flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING ${RUN_COLUMNS}`,
    [
      run.tenantId,
      run.flowId,
      run.versionId,
      run.versionNumber,
      run.definition != null,
      jsonParam(run.definition),
      run.status ?? 'queued',
      run.trigger,
      jsonParam(run.input ?? {}),
      run.parentRunId ?? null,
      run.retryOfRunId ?? null,
      run.resumedFromRunId ?? null,
      run.resumeFromStep ?? null,
      run.idempotencyKey ?? null,
      run.requestHash ?? null,
      run.createdBy ?? null,
      run.createdByApiKey ?? null,
      run.deadlineAt ?? null,
      run.admission ?? null,
      run.id ?? randomUUID(),
    ],
  );
  return rows[0] ? toRunRecord(rows[0]) : null;
}

// ---------------------------------------------------------------------------------------------
// read

export async function findRun(m: EntityManager, tenantId: string, runId: string): Promise<RunRecord | null> {
  const rows: RunRow[] = await m.query(`SELECT ${RUN_COLUMNS} FROM runs WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    runId,
  ]);
  return rows[0] ? toRunRecord(rows[0]) : null;
}

/** Like findRun, and locks the row for the rest of the transaction. */
export async function findRunForUpdate(
  m: EntityManager,
  tenantId: string,
  runId: string,
): Promise<RunRecord | null> {
  const rows: RunRow[] = await m.query(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenantId, runId],
  );
  return rows[0] ? toRunRecord(rows[0]) : null;
}

export async function findRunByIdempotencyKey(
  m: EntityManager,
  tenantId: string,
  flowId: string,
  idempotencyKey: string,
): Promise<RunRecord | null> {
  const rows: RunRow[] = await m.query(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE tenant_id = $1 AND flow_id = $2 AND idempotency_key = $3`,
    [tenantId, flowId, idempotencyKey],
  );
  return rows[0] ? toRunRecord(rows[0]) : null;
}

export interface RunListQuery {
  flowId?: string | null;
  /** Any of these (none or empty: all). */
  status?: readonly RunStatus[] | null;
  trigger?: readonly RunTrigger[] | null;
  /** Created at or after. */
  from?: Date | string | null;
  /** Created before. */
  to?: Date | string | null;
  isTest?: boolean | null;
  after?: KeysetKey | null;
  limit: number;
}

/**
 * Newest first, keyset-paged on (created_at, id). `nextKey.t` carries microseconds; the API's
 * keyset cursor accepts it as it is.
 */
export async function listRuns(
  m: EntityManager,
  tenantId: string,
  query: RunListQuery,
): Promise<KeysetSlice<RunListItem>> {
  const rows: RunRow[] = await m.query(
    `SELECT ${LIST_COLUMNS}, ${CURSOR_TIME} FROM runs
      WHERE tenant_id = $1
        AND ($2::uuid IS NULL OR flow_id = $2)
        AND (cardinality($3::text[]) = 0 OR status = ANY ($3))
        AND (cardinality($4::text[]) = 0 OR "trigger" = ANY ($4))
        AND ($5::timestamptz IS NULL OR created_at >= $5)
        AND ($6::timestamptz IS NULL OR created_at < $6)
        AND ($7::boolean IS NULL OR is_test = $7)
        AND ($8::timestamptz IS NULL OR (created_at, id) < ($8::timestamptz, $9::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $10`,
    [
      tenantId,
      query.flowId ?? null,
      query.status ?? [],
      query.trigger ?? [],
      query.from ?? null,
      query.to ?? null,
      query.isTest ?? null,
      query.after?.t ?? null,
      query.after?.id ?? null,
      query.limit + 1,
    ],
  );
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    rows: data.map(toListItem),
    nextKey: rows.length > query.limit && last?.cursor_time ? { t: last.cursor_time, id: last.id } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// change

/** What a status change may set besides the status. Times given as 'now' use the database clock. */
export interface RunPatch {
  output?: unknown;
  error?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  /** Defaults: set on the first move to `running`. */
  startedAt?: Date | 'now' | null;
  /** Defaults: set on the move to a terminal status. */
  finishedAt?: Date | 'now' | null;
  deadlineAt?: Date | null;
  stepsDone?: number;
}

const PATCH_COLUMNS: Record<keyof RunPatch, { column: string; json?: boolean }> = {
  output: { column: 'output', json: true },
  error: { column: 'error', json: true },
  response: { column: 'response', json: true },
  startedAt: { column: 'started_at' },
  finishedAt: { column: 'finished_at' },
  deadlineAt: { column: 'deadline_at' },
  stepsDone: { column: 'steps_done' },
};

/**
 * Moves the run to `to` if its status is one of `from`, with `patch`, and answers the updated
 * run — or null when the run is not in one of those statuses (someone else moved it first; the
 * caller re-reads and decides). The only way a run's status changes (with `transitionRunStatus` and
 * `transitionRunsStatus`, the same statement answering less). Which moves are allowed is the domain's
 * `RUN_TRANSITIONS`; callers pass its `from` lists.
 */
export async function transitionRun(
  m: EntityManager,
  runId: string,
  from: readonly RunStatus[],
  to: RunStatus,
  patch: RunPatch = {},
): Promise<RunRecord | null> {
  const rows: RunRow[] = await updateRunStatus(m, runId, from, to, patch, RUN_COLUMNS);
  return rows[0] ? toRunRecord(rows[0]) : null;
}

/**
 * `transitionRun` for a caller that needs no row back (the waits' park and resume moves, the hot
 * path): true when the run moved. Reading the whole row back would ship its input and definition.
 */
export async function transitionRunStatus(
  m: EntityManager,
  runId: string,
  from: readonly RunStatus[],
  to: RunStatus,
  patch: RunPatch = {},
): Promise<boolean> {
  return (await updateRunStatus(m, runId, from, to, patch, 'id')).length > 0;
}

/**
 * `transitionRunStatus` for several runs in one statement (cancelling a run's children): answers
 * the ids of those that moved.
 */
export async function transitionRunsStatus(
  m: EntityManager,
  runIds: readonly string[],
  from: readonly RunStatus[],
  to: RunStatus,
  patch: RunPatch = {},
): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows: Array<{ id: string }> = await updateRunStatus(m, runIds, from, to, patch, 'id');
  return rows.map((r) => r.id);
}

/** The compare-and-set behind all three: the status, `updated_at`, the patch and the default times. */
async function updateRunStatus<Row>(
  m: EntityManager,
  runIds: string | readonly string[],
  from: readonly RunStatus[],
  to: RunStatus,
  patch: RunPatch,
  returning: string,
): Promise<Row[]> {
  const many = typeof runIds !== 'string';
  const params: unknown[] = [many ? [...runIds] : runIds, [...from], to];
  const sets = ['status = $3', 'updated_at = now()'];
  for (const [key, spec] of Object.entries(PATCH_COLUMNS) as Array<
    [keyof RunPatch, (typeof PATCH_COLUMNS)[keyof RunPatch]]
  >) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === 'now') {
      sets.push(`${spec.column} = now()`);
      continue;
    }
    params.push(spec.json ? jsonParam(value) : value);
    sets.push(`${spec.column} = $${params.length}${spec.json ? '::jsonb' : ''}`);
  }
  if (patch.startedAt === undefined && to === 'running')
    sets.push('started_at = COALESCE(started_at, now())');
  if (patch.finishedAt === undefined && TERMINAL_RUN_STATUSES.includes(to)) sets.push('finished_at = now()');
  return m.query(
    `WITH u AS (UPDATE runs SET ${sets.join(', ')} WHERE ${many ? 'id = ANY ($1::uuid[])' : 'id = $1'}
                   AND status = ANY ($2::text[]) RETURNING ${returning})
     SELECT * FROM u`,
    params,
  );
}

/**
 * Records a cancel request on an unfinished run (the first request's time is kept) and answers
 * the run; null when it has already finished. A queued run can be cancelled outright with
 * `transitionRun`; a running one is stopped by its worker, which sees the request.
 */
export async function markCancelRequested(m: EntityManager, runId: string): Promise<RunRecord | null> {
  const rows: RunRow[] = await m.query(
    `WITH u AS (UPDATE runs SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now()
                 WHERE id = $1 AND status IN ('queued', 'running', 'waiting') RETURNING ${RUN_COLUMNS})
     SELECT * FROM u`,
    [runId],
  );
  return rows[0] ? toRunRecord(rows[0]) : null;
}

/** Stores what a `respond` step answered, while the run is unfinished; false otherwise. */
export async function setRunResponse(
  m: EntityManager,
  runId: string,
  response: Record<string, unknown>,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH u AS (UPDATE runs SET response = $2::jsonb, updated_at = now()
                 WHERE id = $1 AND status IN ('queued', 'running', 'waiting') RETURNING 1)
     SELECT 1 FROM u`,
    [runId, jsonParam(response)],
  );
  return rows.length > 0;
}

/** Adds `by` settled steps to the run's count (quota, continue-as-new) and answers the new count. */
export async function incrementStepsDone(m: EntityManager, runId: string, by = 1): Promise<number | null> {
  const rows: Array<{ steps_done: number }> = await m.query(
    `WITH u AS (UPDATE runs SET steps_done = steps_done + $2, updated_at = now() WHERE id = $1 RETURNING steps_done)
     SELECT steps_done FROM u`,
    [runId, by],
  );
  return rows[0]?.steps_done ?? null;
}
