import type { EntityManager } from 'typeorm';
import { transitionRunStatus } from './runs.repository.js';
import { jsonParam, type Queryable } from './sql-params.js';
import { readmitParkedRun } from './admission.repository.js';

/**
 * The SQL of waitpoints (docs/adr/0006-durable-waits.md): what a waiting run waits for. Every
 * function but `wakeDueWaitpoints` runs inside the caller's tenant transaction (`inTenant`).
 *
 * A waitpoint leaves `waiting` exactly once: every status change is a compare-and-set
 * (`… WHERE status = 'waiting' RETURNING`), so two resumes arriving together, or a resume racing
 * the timeout, apply once — the loser gets null / nothing back. Whoever changes a waitpoint and the
 * run's status in one transaction locks the run row first (`lockRun`), then the waitpoint: the
 * runner parking the run, `resumeWaitpoint` (libs/server/src/runs/resume-run.ts) and the sweeper
 * all take them in that order. The run's status moves through `transitionRunStatus`
 * (runs.repository.ts), like every other run status change.
 */

export type WaitpointKind = 'delay' | 'event' | 'approval' | 'subflow';
export type WaitpointStatus = 'waiting' | 'resolved' | 'timed_out' | 'cancelled';

export interface WaitpointRecord {
  id: string;
  tenantId: string;
  runId: string;
  stepId: string;
  /** Iteration path inside loops; '' outside any. */
  path: string;
  /** The attempt of the step run recorded `waiting`; the runner records the outcome as attempt + 1. */
  attempt: number;
  kind: WaitpointKind;
  /** Set for kind `event`. */
  eventName: string | null;
  /** Kind `event`: only an event with this key resumes it; null: any key does. */
  correlationKey: string | null;
  /** When the delay ends or the wait times out; null: no timeout. */
  resumeAt: Date | null;
  status: WaitpointStatus;
  /** What the step asked for (approval title, message, options, role …) — shown, never secret. */
  details: Record<string, unknown>;
  /** What resolved it (the event payload, the decision …); null until resolved. */
  result: unknown;
  /** Who resolved it: `user:<id>`, `api-key:<id>`, `event:<id>`, `run:<id>`, `timeout`, `cancel`. */
  resolvedBy: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

interface WaitpointRow {
  id: string;
  tenant_id: string;
  run_id: string;
  step_id: string;
  path: string;
  attempt: number;
  kind: WaitpointKind;
  event_name: string | null;
  correlation_key: string | null;
  resume_at: Date | null;
  status: WaitpointStatus;
  details: Record<string, unknown>;
  result: unknown;
  resolved_by: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

const COLUMNS = `id, tenant_id, run_id, step_id, path, attempt, kind, event_name, correlation_key, resume_at,
  status, details, result, resolved_by, created_at, resolved_at`;

const toRecord = (r: WaitpointRow): WaitpointRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  runId: r.run_id,
  stepId: r.step_id,
  path: r.path,
  attempt: r.attempt,
  kind: r.kind,
  eventName: r.event_name,
  correlationKey: r.correlation_key,
  resumeAt: r.resume_at,
  status: r.status,
  details: r.details ?? {},
  result: r.result ?? null,
  resolvedBy: r.resolved_by,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
});

export interface NewWaitpoint {
  tenantId: string;
  runId: string;
  stepId: string;
  path?: string;
  attempt: number;
  kind: WaitpointKind;
  eventName?: string | null;
  correlationKey?: string | null;
  resumeAt?: Date | null;
  details?: Record<string, unknown>;
}

/**
 * Creates the waitpoint of a step attempt, idempotently: a runner that re-executes the step after a
 * crash gets the row the first execution wrote (which may have been resolved meanwhile — look at
 * its status), never a second one.
 */
export async function createWaitpoint(m: EntityManager, w: NewWaitpoint): Promise<WaitpointRecord> {
  const inserted: WaitpointRow[] = await m.query(
    `INSERT INTO waitpoints (tenant_id, run_id, step_id, path, attempt, kind, event_name, correlation_key,
                             resume_at, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
     ON CONFLICT ON CONSTRAINT "UQ_waitpoints_step" DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      w.tenantId,
      w.runId,
      w.stepId,
      w.path ?? '',
      w.attempt,
      w.kind,
      w.eventName ?? null,
      w.correlationKey ?? null,
      w.resumeAt ?? null,
      jsonParam(w.details ?? {}),
    ],
  );
  if (inserted[0]) return toRecord(inserted[0]);
  const existing: WaitpointRow[] = await m.query(
    `SELECT ${COLUMNS} FROM waitpoints WHERE run_id = $1 AND path = $2 AND step_id = $3 AND attempt = $4`,
    [w.runId, w.path ?? '', w.stepId, w.attempt],
  );
  if (!existing[0])
    throw new Error(`waitpoint of run ${w.runId} step ${w.stepId} neither inserted nor found`);
  return toRecord(existing[0]);
}

export async function findWaitpoint(
  m: EntityManager,
  tenantId: string,
  waitpointId: string,
): Promise<WaitpointRecord | null> {
  const rows: WaitpointRow[] = await m.query(
    `SELECT ${COLUMNS} FROM waitpoints WHERE tenant_id = $1 AND id = $2`,
    [tenantId, waitpointId],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Every waitpoint of a run (any status), oldest first. */
export async function listWaitpointsOfRun(m: EntityManager, runId: string): Promise<WaitpointRecord[]> {
  const rows: WaitpointRow[] = await m.query(
    `SELECT ${COLUMNS} FROM waitpoints WHERE run_id = $1 ORDER BY created_at, id`,
    [runId],
  );
  return rows.map(toRecord);
}

/**
 * The waiting `event` waitpoints of a tenant that an event (name, key) resumes: those waiting for
 * exactly that key, and those waiting for the name with no key. An event without a key resumes
 * only the waits without a key. Waits of runs that ended are left out. Oldest first, at most `limit`.
 */
export async function findWaitingForEvent(
  m: EntityManager,
  tenantId: string,
  eventName: string,
  key: string | null,
  limit = 1_000,
): Promise<WaitpointRecord[]> {
  const rows: WaitpointRow[] = await m.query(
    `SELECT ${COLUMNS} FROM waitpoints w
      WHERE tenant_id = $1 AND kind = 'event' AND status = 'waiting' AND event_name = $2
        AND (correlation_key IS NULL OR correlation_key = $3)
        AND EXISTS (SELECT 1 FROM runs r WHERE r.id = w.run_id AND r.status IN ('queued', 'running', 'waiting'))
      ORDER BY created_at, id LIMIT $4`,
    [tenantId, eventName, key, limit],
  );
  return rows.map(toRecord);
}

/** The waiting waitpoints of a tenant of one kind (the approvals inbox) of unfinished runs, newest first. */
export async function listWaitingOfKind(
  m: EntityManager,
  tenantId: string,
  kind: WaitpointKind,
  limit = 100,
): Promise<WaitpointRecord[]> {
  const rows: WaitpointRow[] = await m.query(
    `SELECT ${COLUMNS} FROM waitpoints w WHERE tenant_id = $1 AND kind = $2 AND status = 'waiting'
        AND EXISTS (SELECT 1 FROM runs r WHERE r.id = w.run_id AND r.status IN ('queued', 'running', 'waiting'))
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [tenantId, kind, limit],
  );
  return rows.map(toRecord);
}

export interface WaitpointResolution {
  status: Exclude<WaitpointStatus, 'waiting'>;
  result?: unknown;
  resolvedBy: string;
}

/**
 * The compare-and-set: moves the waitpoint out of `waiting` with its result and answers it — or
 * null when it was not waiting any more (resolved, timed out or cancelled by someone else first).
 * Lock the run first (`lockRun`) when the same transaction changes the run too.
 */
export async function resolveWaitpoint(
  m: EntityManager,
  waitpointId: string,
  resolution: WaitpointResolution,
): Promise<WaitpointRecord | null> {
  const rows: WaitpointRow[] = await m.query(
    `WITH u AS (UPDATE waitpoints SET status = $2, result = $3::jsonb, resolved_by = $4, resolved_at = now()
                 WHERE id = $1 AND status = 'waiting' RETURNING ${COLUMNS})
     SELECT * FROM u`,
    [waitpointId, resolution.status, jsonParam(resolution.result), resolution.resolvedBy],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Times out the waiting waitpoints of a run whose `resume_at` has passed; answers them. */
export async function timeOutDueWaitpoints(m: EntityManager, runId: string): Promise<WaitpointRecord[]> {
  const rows: WaitpointRow[] = await m.query(
    `WITH u AS (UPDATE waitpoints SET status = 'timed_out', resolved_by = 'timeout', resolved_at = now()
                 WHERE run_id = $1 AND status = 'waiting' AND resume_at <= now() RETURNING ${COLUMNS})
     SELECT * FROM u`,
    [runId],
  );
  return rows.map(toRecord);
}

/** Cancels every waiting waitpoint of a run (the run is cancelled); answers how many. */
export async function cancelWaitpointsOfRun(m: EntityManager, runId: string): Promise<number> {
  const rows: unknown[] = await m.query(
    `WITH u AS (UPDATE waitpoints SET status = 'cancelled', resolved_by = 'cancel', resolved_at = now()
                 WHERE run_id = $1 AND status = 'waiting' RETURNING 1)
     SELECT 1 FROM u`,
    [runId],
  );
  return rows.length;
}

/**
 * Locks the run's row for the rest of the transaction and answers its status (null: no such run
 * in this tenant). Taken before any waitpoint change that goes with a run status change.
 */
export async function lockRun(
  m: EntityManager,
  runId: string,
): Promise<{ status: string; deadlineAt: Date | null } | null> {
  const rows: Array<{ status: string; deadline_at: Date | null }> = await m.query(
    `SELECT status, deadline_at FROM runs WHERE id = $1 FOR UPDATE`,
    [runId],
  );
  return rows[0] ? { status: rows[0].status, deadlineAt: rows[0].deadline_at } : null;
}

/**
 * The runner parks a run: `running → waiting`, unless one of the waitpoints it waits on
 * (`waitingOn`) has left `waiting` meanwhile (a resume that came while the job was still active:
 * the runner goes on instead). The run row is locked first, so a concurrent `resumeWaitpoint`
 * either committed before (and is seen here) or runs after (and finds the run `waiting`).
 * `deadlineAt`, when given, is kept on the run (the flow's timeout) so a wake-up can enforce it.
 */
export async function parkRun(
  m: EntityManager,
  runId: string,
  waitingOn: readonly string[],
  deadlineAt: Date | null = null,
): Promise<'parked' | 'resumed' | 'gone'> {
  const run = await lockRun(m, runId);
  if (!run || run.status !== 'running') return 'gone';
  const moved: unknown[] = await m.query(
    `SELECT 1 FROM waitpoints WHERE id = ANY ($1::uuid[]) AND status <> 'waiting' LIMIT 1`,
    [[...waitingOn]],
  );
  if (moved.length > 0) return 'resumed';
  // The row is locked: a deadline already kept stays (the flow's timeout counts from the first start).
  const patch = run.deadlineAt === null && deadlineAt !== null ? { deadlineAt } : {};
  await transitionRunStatus(m, runId, ['running'], 'waiting', patch);
  return 'parked';
}

/**
 * A waiting run's own delayed job fired: times out its due waitpoints and, if any (or its deadline
 * passed), moves it `waiting → running` so the runner can take it. Answers `woke`, or when the
 * run should be looked at next (its earliest pending timeout; null: none) while it keeps waiting,
 * or null when the run is not waiting.
 */
export async function wakeWaitingRun(
  m: EntityManager,
  runId: string,
): Promise<{ woke: true } | { woke: false; nextAt: Date | null } | null> {
  const run = await lockRun(m, runId);
  if (!run || run.status !== 'waiting') return null;
  const timedOut = await timeOutDueWaitpoints(m, runId);
  const resolved: unknown[] = await m.query(
    `SELECT 1 FROM waitpoints w WHERE w.run_id = $1 AND w.status <> 'waiting'
        AND NOT EXISTS (SELECT 1 FROM step_runs s WHERE s.run_id = w.run_id AND s.path = w.path
                          AND s.step_id = w.step_id AND s.attempt > w.attempt)
      LIMIT 1`,
    [runId],
  );
  const overdue = run.deadlineAt !== null && run.deadlineAt.getTime() <= Date.now();
  // A due wait resumes the run only with a concurrency slot (ADR 0007); the deadline just ends it.
  if (overdue || ((timedOut.length > 0 || resolved.length > 0) && (await readmitParkedRun(m, runId)))) {
    await transitionRunStatus(m, runId, ['waiting'], 'running');
    return { woke: true };
  }
  const next: Array<{ at: Date | null }> = await m.query(
    `SELECT min(resume_at) AS at FROM waitpoints WHERE run_id = $1 AND status = 'waiting'`,
    [runId],
  );
  const at = next[0]?.at ?? null;
  const deadline = run.deadlineAt;
  return { woke: false, nextAt: at && deadline ? (at < deadline ? at : deadline) : (at ?? deadline) };
}

/**
 * The worker's sweeper, across tenants (SECURITY DEFINER): for up to `max` waiting runs with a
 * waitpoint due for longer than `graceMs`, times those out and moves the run to `running`.
 * Answers the runs to enqueue. Runs locked by someone else are skipped (next sweep).
 */
export async function wakeDueWaitpoints(
  db: Queryable,
  options: { graceMs: number; max: number },
): Promise<Array<{ tenantId: string; runId: string }>> {
  const rows: Array<{ tenant_id: string; run_id: string }> = await db.query(
    `SELECT tenant_id, run_id FROM wake_due_waitpoints(make_interval(secs => $1::float8 / 1000), $2)`,
    [options.graceMs, options.max],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, runId: r.run_id }));
}
