import { runRecordFromJson, type RunRecord } from './runs.repository.js';
import type { Queryable } from './sql-params.js';
import { stepRunRecordFromJson, type StepRunRecord } from './step-runs.repository.js';

/**
 * A run of `tenantId` and its step runs in `seq` order, read in one statement under the tenant's
 * row-level security (`run_detail_rows`, no explicit transaction: one round trip). Null when the
 * tenant has no such run.
 */
export async function findRunWithSteps(
  db: Queryable,
  tenantId: string,
  runId: string,
): Promise<{ run: RunRecord; steps: StepRunRecord[] } | null> {
  const rows: Array<{ kind: 'run' | 'step'; doc: Record<string, unknown> }> = await db.query(
    `SELECT kind, doc FROM run_detail_rows($1, $2)`,
    [tenantId, runId],
  );
  const [first, ...steps] = rows;
  if (first?.kind !== 'run') return null;
  return { run: runRecordFromJson(first.doc), steps: steps.map((s) => stepRunRecordFromJson(s.doc)) };
}
