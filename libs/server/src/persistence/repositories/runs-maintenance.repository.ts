import type { RunStatus } from '@stepline/domain';
import type { Queryable } from './sql-params.js';

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
