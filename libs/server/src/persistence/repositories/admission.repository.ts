import { resolveQuotas } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../prepared-query.js';
import { transitionRunsStatus } from './runs.repository.js';
import type { Queryable } from './sql-params.js';

/**
 * Fair admission's SQL (docs/adr/0007-fair-admission.md). A tenant's slots are the runs marked
 * `admission = 'held'`, counted under a per-tenant transaction-scoped advisory lock that every
 * admission (the insertion path and the worker's admitter) takes, so two admissions never both see
 * the last free slot. Releasing needs no lock: a run leaving queued/running clears its mark in the
 * same statement (a trigger), which only ever lowers the count.
 */

export interface SlotState {
  held: number;
  /** Runs of the tenant already waiting for a slot: a new run queues behind them. */
  pending: boolean;
  settings: Record<string, unknown> | null;
}

type SlotRow = { held: number; pending: boolean; settings: Record<string, unknown> | null };
const slotState = (rows: SlotRow[]): SlotState => {
  const row = rows[0];
  return { held: row?.held ?? 0, pending: row?.pending ?? false, settings: row?.settings ?? null };
};

/**
 * Takes the tenant's admission lock (until the transaction ends), then reads its slots — in one
 * round trip: `lock_admission_slots` counts with a snapshot taken after the lock is granted.
 */
export async function lockSlots(m: EntityManager, tenantId: string): Promise<SlotState> {
  return slotState(
    await preparedQuery<SlotRow>(
      m,
      'lock_slots',
      `SELECT held, pending, settings FROM lock_admission_slots($1)`,
      [tenantId],
    ),
  );
}

/** The tenant's slots (held count, runs pending, settings), read under a lock the caller holds. */
async function readSlots(m: EntityManager, tenantId: string): Promise<SlotState> {
  return slotState(
    await preparedQuery<SlotRow>(m, 'read_slots', `SELECT held, pending, settings FROM admission_slots($1)`, [
      tenantId,
    ]),
  );
}

/**
 * A waiting run is about to resume (a waitpoint of it was resolved or timed out), in the resumer's
 * transaction with the run row locked: may it move to `running` now? A counted run that parked
 * (`admission = 'parked'`) gave its slot back, so it takes one again: `held` when one is free and
 * none of the tenant's runs waits before it (answers true), else it stays `waiting` marked
 * `pending` (answers false) and the admitter moves it `waiting → running` when a slot frees,
 * oldest run first — so a resume queues only behind runs started before it, never behind a
 * backlog of newer starts. A run already `pending` keeps waiting; a run not counted (admission
 * null: fixtures, the engine bench) or already `held` may go.
 *
 * The admission lock is only *tried*: the resumer holds run row locks (an event may resume many
 * runs) and a blocking wait here could deadlock with another resumer. When it is taken, the run
 * goes `pending` and the admitter is notified (delivered at commit), which decides under the lock.
 */
export async function readmitParkedRun(m: EntityManager, runId: string): Promise<boolean> {
  const rows: Array<{ tenant_id: string; admission: string | null }> = await m.query(
    `SELECT tenant_id, admission FROM runs WHERE id = $1`,
    [runId],
  );
  const run = rows[0];
  if (!run || run.admission === null || run.admission === 'held') return true;
  if (run.admission === 'pending') return false;
  const locked: Array<{ ok: boolean }> = await m.query(
    `SELECT pg_try_advisory_xact_lock(hashtextextended('run_admission:' || $1, 0)) AS ok`,
    [run.tenant_id],
  );
  let admission: 'held' | 'pending' = 'pending';
  if (locked[0]?.ok) {
    const slots = await readSlots(m, run.tenant_id);
    // The built-in default when the tenant set none; the admitter applies the configured one.
    if (slots.held < resolveQuotas(slots.settings).maxConcurrentRuns && !slots.pending) admission = 'held';
  }
  await m.query(`UPDATE runs SET admission = $2, updated_at = now() WHERE id = $1`, [runId, admission]);
  if (admission === 'pending') await m.query(`SELECT pg_notify('run_admission', $1)`, [run.tenant_id]);
  return admission === 'held';
}

/**
 * Under the tenant's admission lock: gives up to `max` of its pending runs (oldest first) a slot —
 * queued runs and resumed runs still `waiting`, which move to `running` here. Answers their ids;
 * the caller makes their jobs runnable after the commit (`wakeRunJob`: a new job for a queued run,
 * the parked job of a resumed one).
 */
export async function admitPendingRuns(m: EntityManager, tenantId: string, max: number): Promise<string[]> {
  if (max <= 0) return [];
  const rows: Array<{ id: string; status: string }> = await m.query(
    // The pick is MATERIALIZED: a LIMIT … SKIP LOCKED subquery the planner rescans inside the
    // UPDATE can pick other rows on a rescan (seen: 3 admitted for a limit of 2). A CTE also
    // because TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    `WITH picked AS MATERIALIZED (
       SELECT id FROM runs
        WHERE tenant_id = $1 AND admission = 'pending' AND status IN ('queued', 'waiting')
        ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
     ), admitted AS (
       UPDATE runs r SET admission = 'held', updated_at = now() FROM picked
        WHERE r.id = picked.id RETURNING r.id, r.created_at, r.status
     )
     SELECT id, status FROM admitted ORDER BY created_at, id`,
    [tenantId, max],
  );
  // A resumed run waited for its slot still `waiting` (readmitParkedRun): it runs now.
  const resumed = rows.filter((r) => r.status === 'waiting').map((r) => r.id);
  await transitionRunsStatus(m, resumed, ['waiting'], 'running');
  return rows.map((r) => r.id);
}

/** Tenants (any) with runs waiting for a slot; ids only (a SECURITY DEFINER function). */
export async function tenantsPendingAdmission(db: Queryable, max: number): Promise<string[]> {
  const rows: Array<{ tenant_id: string }> = await db.query(
    `SELECT tenant_id FROM tenants_pending_admission($1)`,
    [max],
  );
  return rows.map((r) => r.tenant_id);
}

/** Counts of the tenant's runs by admission state (for tests and the usage page). */
export async function admissionCounts(
  m: EntityManager,
  tenantId: string,
): Promise<{ held: number; pending: number }> {
  const rows: Array<{ held: number; pending: number }> = await m.query(
    `SELECT count(*) FILTER (WHERE admission = 'held')::int AS held,
            count(*) FILTER (WHERE admission = 'pending')::int AS pending
       FROM runs WHERE tenant_id = $1 AND admission IS NOT NULL`,
    [tenantId],
  );
  return rows[0] ?? { held: 0, pending: 0 };
}
