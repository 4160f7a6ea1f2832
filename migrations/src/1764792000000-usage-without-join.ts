import type { MigrationInterface, QueryRunner } from 'typeorm';

const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const open = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const close = `PERFORM set_config('app.cross_tenant', '', true);`;
/** `refresh_usage_daily` around `select` (tenant, day, runs, steps, step ms, now()): one upsert. */
const refreshFunction = (select: string) => `
      CREATE OR REPLACE FUNCTION refresh_usage_daily(since date)
      RETURNS integer
      ${definer} AS $$ DECLARE n integer; BEGIN
        ${open}
        INSERT INTO usage_daily AS u (tenant_id, day, runs, steps, step_ms, updated_at)
        ${select}
        ON CONFLICT (tenant_id, day) DO UPDATE
          SET runs = greatest(u.runs, EXCLUDED.runs), steps = greatest(u.steps, EXCLUDED.steps),
              step_ms = greatest(u.step_ms, EXCLUDED.step_ms), updated_at = now();
        GET DIAGNOSTICS n = ROW_COUNT;
        ${close}
        RETURN n;
      END $$`;

/**
 * `refresh_usage_daily` without the join of `runs` and `step_runs`: runs are counted on the UTC
 * day they were created, step attempts (and their milliseconds) on the UTC day they finished — two
 * aggregates, no `count(DISTINCT)` sort. Every worker runs it every `USAGE_INTERVAL_MS`; on 50,000
 * runs and 150,000 step runs it took 178 ms as a join (a hash join over `step_runs`, then a sort
 * that spilled to disk) and takes 64 ms now, and the join's duration was what a sync webhook's p99
 * at 200 requests/s hit when it ran (docs/benchmarks.md). A step that finished today counts today,
 * whenever its run started (before: it counted only when its run was created since yesterday).
 */
export class UsageWithoutJoin1764792000000 implements MigrationInterface {
  name = 'UsageWithoutJoin1764792000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      refreshFunction(`
        SELECT x.tenant_id, x.day, sum(x.runs)::int, sum(x.steps)::int, sum(x.step_ms)::bigint, now()
          FROM (
            SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS runs,
                   0::bigint AS steps, 0::bigint AS step_ms
              FROM runs r
             WHERE r.created_at >= since::timestamp AT TIME ZONE 'UTC'
             GROUP BY 1, 2
            UNION ALL
            SELECT s.tenant_id, (s.finished_at AT TIME ZONE 'UTC')::date, 0, count(*),
                   COALESCE(sum(s.duration_ms), 0)
              FROM step_runs s
             WHERE s.finished_at >= since::timestamp AT TIME ZONE 'UTC'
               AND s.status NOT IN ('skipped', 'waiting', 'running')
             GROUP BY 1, 2
          ) x
         GROUP BY 1, 2`),
    );
  }

  /** The function as `1764745200000-quotas-usage` created it. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(
      refreshFunction(`
        SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date, count(DISTINCT r.id),
               count(s.run_id), COALESCE(sum(s.duration_ms), 0), now()
          FROM runs r
          LEFT JOIN step_runs s ON s.run_id = r.id AND s.status NOT IN ('skipped', 'waiting')
         WHERE r.created_at >= since::timestamp AT TIME ZONE 'UTC'
         GROUP BY 1, 2`),
    );
  }
}
