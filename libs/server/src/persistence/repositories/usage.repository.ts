import type { EntityManager } from 'typeorm';
import type { Queryable } from './sql-params.js';

export interface UsageDay {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  runs: number;
  steps: number;
  stepSeconds: number;
}

/** The tenant's recorded usage for the UTC days `from`..`to` (inclusive), oldest first. */
export async function listUsageDays(
  m: EntityManager,
  tenantId: string,
  from: string,
  to: string,
): Promise<UsageDay[]> {
  const rows: Array<{ day: string; runs: number; steps: number; step_ms: string }> = await m.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, runs, steps, step_ms::text AS step_ms
       FROM usage_daily WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
    [tenantId, from, to],
  );
  return rows.map((r) => ({
    day: r.day,
    runs: r.runs,
    steps: r.steps,
    stepSeconds: Math.round(Number(r.step_ms) / 10) / 100,
  }));
}

/**
 * Re-aggregates every tenant's usage of the UTC days from `since` (a SECURITY DEFINER function);
 * answers how many (tenant, day) rows it wrote.
 */
export async function refreshUsageDaily(db: Queryable, since: string): Promise<number> {
  const rows: Array<{ n: number }> = await db.query(`SELECT refresh_usage_daily($1::date) AS n`, [since]);
  return rows[0]?.n ?? 0;
}
