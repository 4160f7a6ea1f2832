import type { ApprovalStatus, Role } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { KeysetKey, KeysetSlice } from './keyset.js';
import type { WaitpointStatus } from './waitpoints.repository.js';

/**
 * Approvals are waitpoints of kind `approval` (docs/adr/0006-durable-waits.md): `details` holds the
 * request the step made (title, message, options, approverRole, assignees, timeoutMs,
 * defaultOutcome, stepName), `result` the step's output once decided. This is the read side the
 * approvals API and inbox need — joined with the run and its flow — inside the caller's tenant
 * transaction. Deciding goes through `resumeWaitpoint` (libs/server/src/runs/resume-run.ts).
 */

export interface ApprovalRecord {
  id: string;
  status: ApprovalStatus;
  runId: string;
  runStatus: string;
  flowId: string;
  flowName: string;
  /** Null for a test run of the draft. */
  flowVersion: number | null;
  stepId: string;
  path: string;
  attempt: number;
  details: Record<string, unknown>;
  result: unknown;
  resolvedBy: string | null;
  requestedAt: Date;
  expiresAt: Date | null;
  resolvedAt: Date | null;
}

/** Approval statuses are the waitpoint's, named for people. */
export const WAITPOINT_STATUS_OF: Record<ApprovalStatus, WaitpointStatus> = {
  pending: 'waiting',
  decided: 'resolved',
  timed_out: 'timed_out',
  cancelled: 'cancelled',
};
const APPROVAL_STATUS_OF: Record<WaitpointStatus, ApprovalStatus> = {
  waiting: 'pending',
  resolved: 'decided',
  timed_out: 'timed_out',
  cancelled: 'cancelled',
};

interface ApprovalRow {
  id: string;
  status: WaitpointStatus;
  run_id: string;
  run_status: string;
  flow_id: string;
  flow_name: string;
  version_number: number;
  is_test: boolean;
  step_id: string;
  path: string;
  attempt: number;
  details: Record<string, unknown>;
  result: unknown;
  resolved_by: string | null;
  created_at: Date;
  resume_at: Date | null;
  resolved_at: Date | null;
}

const COLUMNS = `w.id, w.status, w.run_id, r.status AS run_status, r.flow_id, f.name AS flow_name,
  r.version_number, r.is_test, w.step_id, w.path, w.attempt, w.details, w.result, w.resolved_by,
  w.created_at, w.resume_at, w.resolved_at`;
const FROM = `FROM waitpoints w JOIN runs r ON r.id = w.run_id JOIN flows f ON f.id = r.flow_id`;
/** The cursor carries a JavaScript date (milliseconds): compare truncated times (see flows). */
const CURSOR_TIME = `date_trunc('milliseconds', w.created_at)`;

const toRecord = (r: ApprovalRow): ApprovalRecord => ({
  id: r.id,
  status: APPROVAL_STATUS_OF[r.status],
  runId: r.run_id,
  runStatus: r.run_status,
  flowId: r.flow_id,
  flowName: r.flow_name,
  flowVersion: r.is_test ? null : r.version_number,
  stepId: r.step_id,
  path: r.path,
  attempt: r.attempt,
  details: r.details ?? {},
  result: r.result ?? null,
  resolvedBy: r.resolved_by,
  requestedAt: r.created_at,
  expiresAt: r.resume_at,
  resolvedAt: r.resolved_at,
});

/** Roles that may decide, lowest first: a role's rank is its position (owner highest). */
const DECIDER_RANKS = `ARRAY['operator', 'editor', 'admin', 'owner']`;

export interface ApprovalQuery {
  status?: ApprovalStatus[];
  flowId?: string;
  runId?: string;
  /** "Assigned to me": approvals naming this member, or naming no one when the role may decide. */
  assignedTo?: { userId: string; email: string; role: Role };
  after?: KeysetKey | null;
  limit: number;
}

/** Newest first; `nextKey` is the sort key of the last row when more follow. */
export async function listApprovals(
  m: EntityManager,
  tenantId: string,
  q: ApprovalQuery,
): Promise<KeysetSlice<ApprovalRecord>> {
  const params: unknown[] = [tenantId];
  const where = [`w.tenant_id = $1`, `w.kind = 'approval'`];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (q.status?.length)
    where.push(`w.status = ANY (${param(q.status.map((s) => WAITPOINT_STATUS_OF[s]))}::text[])`);
  if (q.flowId) where.push(`r.flow_id = ${param(q.flowId)}`);
  if (q.runId) where.push(`w.run_id = ${param(q.runId)}`);
  if (q.assignedTo) {
    const me = q.assignedTo;
    const assignees = `COALESCE(w.details->'assignees', '[]'::jsonb)`;
    where.push(`CASE WHEN jsonb_array_length(${assignees}) > 0
        THEN (${assignees} ? ${param(me.userId.toLowerCase())} OR ${assignees} ? ${param(me.email.toLowerCase())})
        ELSE array_position(${DECIDER_RANKS}, ${param(me.role)}) >=
             COALESCE(array_position(${DECIDER_RANKS}, w.details->>'approverRole'), 1)
      END`);
  }
  if (q.after) {
    where.push(`(${CURSOR_TIME}, w.id) < (${param(q.after.t)}::timestamptz, ${param(q.after.id)}::uuid)`);
  }
  const rows: ApprovalRow[] = await m.query(
    `SELECT ${COLUMNS} ${FROM} WHERE ${where.join(' AND ')}
      ORDER BY ${CURSOR_TIME} DESC, w.id DESC LIMIT ${param(q.limit + 1)}`,
    params,
  );
  const data = rows.slice(0, q.limit).map(toRecord);
  const last = data[data.length - 1];
  return {
    rows: data,
    nextKey: rows.length > q.limit && last ? { t: last.requestedAt.toISOString(), id: last.id } : null,
  };
}

/** One approval of the tenant, or null (another tenant's, another kind of waitpoint, none). */
export async function findApproval(
  m: EntityManager,
  tenantId: string,
  id: string,
): Promise<ApprovalRecord | null> {
  const rows: ApprovalRow[] = await m.query(
    `SELECT ${COLUMNS} ${FROM} WHERE w.tenant_id = $1 AND w.id = $2 AND w.kind = 'approval'`,
    [tenantId, id],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}
