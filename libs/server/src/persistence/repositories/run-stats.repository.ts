import { TERMINAL_RUN_STATUSES, type RunStatus } from '@stepline/domain';
import type { EntityManager } from 'typeorm';

/** The run behind a flow's status badge. */
export interface LastRunRecord {
  id: string;
  status: RunStatus;
  createdAt: Date;
}

/** How a flow's real (non-test) runs went. */
export interface FlowRunStats {
  /** Runs created since `since`. */
  runCount: number;
  /** Of those, how many succeeded … */
  succeeded: number;
  /** … and how many reached a terminal status (succeeded, failed, cancelled, timed out). */
  finished: number;
  /** The newest run, however old (a flow run 40 days ago has run); null when it never ran. */
  lastRun: LastRunRecord | null;
}

interface StatsRow {
  flow_id: string;
  run_count: number;
  succeeded: number;
  finished: number;
  last_id: string | null;
  last_status: RunStatus | null;
  last_created_at: Date | null;
}

export const NO_RUN_STATS: FlowRunStats = Object.freeze({
  runCount: 0,
  succeeded: 0,
  finished: 0,
  lastRun: null,
});

/**
 * Run statistics for a page of flows in one query (no query per flow). Each flow is looked at
 * through the `(flow_id, created_at, id)` index: a range scan for the counts since `since`, and a
 * backward scan stopping at the first row for the last run. Test runs of drafts never count.
 * Every asked-for flow gets an entry (zeros when it has no runs); ids of other tenants' flows
 * answer zeros, as RLS and the tenant filter hide their runs.
 */
export async function runStatsOfFlows(
  m: EntityManager,
  tenantId: string,
  flowIds: readonly string[],
  since: Date,
): Promise<Map<string, FlowRunStats>> {
  const stats = new Map<string, FlowRunStats>();
  if (flowIds.length === 0) return stats;
  const rows: StatsRow[] = await m.query(
    `SELECT f.id AS flow_id, s.run_count, s.succeeded, s.finished,
            l.id AS last_id, l.status AS last_status, l.created_at AS last_created_at
       FROM unnest($2::uuid[]) AS f(id)
      CROSS JOIN LATERAL (
            SELECT count(*)::int AS run_count,
                   (count(*) FILTER (WHERE r.status = 'succeeded'))::int AS succeeded,
                   (count(*) FILTER (WHERE r.status = ANY ($4::text[])))::int AS finished
              FROM runs r
             WHERE r.flow_id = f.id AND r.tenant_id = $1 AND NOT r.is_test AND r.created_at >= $3) s
       LEFT JOIN LATERAL (
            SELECT r.id, r.status, r.created_at
              FROM runs r
             WHERE r.flow_id = f.id AND r.tenant_id = $1 AND NOT r.is_test
             ORDER BY r.created_at DESC, r.id DESC
             LIMIT 1) l ON true`,
    [tenantId, [...new Set(flowIds)], since, TERMINAL_RUN_STATUSES],
  );
  for (const r of rows) {
    stats.set(r.flow_id, {
      runCount: r.run_count,
      succeeded: r.succeeded,
      finished: r.finished,
      lastRun:
        r.last_id && r.last_status && r.last_created_at
          ? { id: r.last_id, status: r.last_status, createdAt: r.last_created_at }
          : null,
    });
  }
  return stats;
}
