import type { EntityManager } from 'typeorm';
import { transitionRunsStatus } from './runs.repository.js';

/**
 * Subflow runs (child runs started by a `subflow` step, `runs.parent_run_id`): depth, lookups by
 * the parent's step, the waitpoint a waiting parent holds for a child, and cancelling children.
 * Every query runs in the tenant's transaction (RLS), so a parent never reaches another tenant.
 */

/** Parent runs above `runId` (0 for a top-level run), counted up to `stopAt`. */
export async function runDepth(m: EntityManager, runId: string, stopAt: number): Promise<number> {
  const rows: Array<{ depth: number | null }> = await m.query(
    `WITH RECURSIVE chain(id, parent, depth) AS (
       SELECT id, parent_run_id, 0 FROM runs WHERE id = $1
       UNION ALL
       SELECT r.id, r.parent_run_id, c.depth + 1 FROM runs r JOIN chain c ON r.id = c.parent
       WHERE c.depth < $2
     )
     SELECT max(depth)::int AS depth FROM chain`,
    [runId, stopAt],
  );
  return rows[0]?.depth ?? 0;
}

/** The child a parent's step started already (found by its idempotency key). */
export async function findChildRun(
  m: EntityManager,
  parentRunId: string,
  idempotencyKey: string,
): Promise<{ id: string; status: string } | null> {
  const rows: Array<{ id: string; status: string }> = await m.query(
    `SELECT id, status FROM runs WHERE parent_run_id = $1 AND idempotency_key = $2`,
    [parentRunId, idempotencyKey],
  );
  return rows[0] ?? null;
}

/** A finished run's parent and result, for resolving the parent's wait. */
export async function childRunResult(
  m: EntityManager,
  runId: string,
): Promise<{ parentRunId: string | null; status: string; output: unknown; error: unknown } | null> {
  const rows: Array<{ parent_run_id: string | null; status: string; output: unknown; error: unknown }> =
    await m.query(`SELECT parent_run_id, status, output, error FROM runs WHERE id = $1`, [runId]);
  const row = rows[0];
  return row
    ? { parentRunId: row.parent_run_id, status: row.status, output: row.output, error: row.error }
    : null;
}

/** The open `subflow` waitpoint of `parentRunId` that waits for `childRunId`. */
export async function findSubflowWaitpoint(
  m: EntityManager,
  parentRunId: string,
  childRunId: string,
): Promise<string | null> {
  const rows: Array<{ id: string }> = await m.query(
    `SELECT id FROM waitpoints
     WHERE run_id = $1 AND kind = 'subflow' AND status = 'waiting' AND details->>'childRunId' = $2`,
    [parentRunId, childRunId],
  );
  return rows[0]?.id ?? null;
}

/** How the parent ended, which decides which of its children end with it (`cancelChildRuns`). */
export type ParentEnd = 'cancelled' | 'failed' | 'timed_out';

const PARENT_ENDED: Record<ParentEnd, string> = {
  cancelled: 'Its parent run was cancelled',
  failed: 'Its parent run failed while waiting for it',
  timed_out: 'Its parent run timed out while waiting for it',
};

/**
 * Cancels the unfinished children of `runId` that end with it, and all their descendants: queued
 * and waiting ones at once (their waits too), running ones by `cancel_requested_at` (the caller
 * publishes the control message for those). Status moves go through `transitionRunsStatus`.
 *
 * Which children: a cancelled parent takes every child along (product.md: children are cancelled
 * with their parent). A parent that failed or timed out takes the children it was waiting for —
 * every unfinished child except those a `subflow` step with `wait: false` handed off (the step
 * succeeded with `{ runId }` as its output), which live on as they would after a success. A child
 * whose step never completed (aborted when another branch failed) goes too: nobody holds it.
 */
export async function cancelChildRuns(
  m: EntityManager,
  runId: string,
  parentEnd: ParentEnd = 'cancelled',
): Promise<{ stopped: string[]; requested: string[] }> {
  // Cancelled: the whole tree below the run (a finished child's own children too); otherwise the
  // unfinished children not handed off, and everything below them.
  const roots =
    parentEnd === 'cancelled'
      ? ''
      : `AND c.status IN ('queued', 'running', 'waiting')
         AND NOT EXISTS (SELECT 1 FROM step_runs s WHERE s.run_id = $1 AND s.status = 'succeeded'
                           AND s.output ->> 'runId' = c.id::text)`;
  const tree: Array<{ id: string }> = await m.query(
    `WITH RECURSIVE tree(id) AS (
       SELECT c.id FROM runs c WHERE c.parent_run_id = $1 ${roots}
       UNION SELECT r.id FROM runs r JOIN tree t ON r.parent_run_id = t.id
     )
     SELECT r.id FROM runs r JOIN tree t ON t.id = r.id WHERE r.status IN ('queued', 'running', 'waiting')`,
    [runId],
  );
  if (tree.length === 0) return { stopped: [], requested: [] };
  const ids = tree.map((r) => r.id);
  const stopped = await transitionRunsStatus(m, ids, ['queued', 'waiting'], 'cancelled', {
    error: { code: 'run.cancelled', message: PARENT_ENDED[parentEnd] },
  });
  if (stopped.length > 0) {
    await m.query(
      `WITH u AS (UPDATE waitpoints SET status = 'cancelled', resolved_by = 'cancel', resolved_at = now()
                  WHERE run_id = ANY ($1::uuid[]) AND status = 'waiting' RETURNING 1)
       SELECT count(*) FROM u`,
      [stopped],
    );
  }
  const requested: Array<{ id: string }> = await m.query(
    `WITH u AS (
       UPDATE runs SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now()
       WHERE id = ANY ($1::uuid[]) AND status = 'running' RETURNING id
     )
     SELECT id FROM u`,
    [ids],
  );
  return { stopped, requested: requested.map((r) => r.id) };
}

/**
 * The sweeper's view across tenants (SECURITY DEFINER `ended_subflow_children`): children that
 * ended more than `graceMs` ago while their parent still waits for them — the child's worker died
 * before resolving the parent. Ids only; the caller resolves each in the tenant's transaction.
 */
export async function endedSubflowChildren(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  options: { graceMs: number; max: number },
): Promise<Array<{ tenantId: string; childRunId: string }>> {
  const rows = (await db.query(
    `SELECT tenant_id, child_run_id FROM ended_subflow_children(make_interval(secs => $1::float8 / 1000), $2)`,
    [options.graceMs, options.max],
  )) as Array<{ tenant_id: string; child_run_id: string }>;
  return rows.map((r) => ({ tenantId: r.tenant_id, childRunId: r.child_run_id }));
}
