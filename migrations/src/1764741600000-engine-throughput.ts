import type { MigrationInterface, QueryRunner } from 'typeorm';

const FINISHED = `'succeeded', 'failed', 'cancelled', 'timed_out'`;
const DEFINER = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const OPEN = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const CLOSE = `PERFORM set_config('app.cross_tenant', '', true);`;

/**
 * The engine's group-commit functions, made to cost per row what a row needs (issue 8, bench/engine;
 * docs/benchmarks.md "Engine"). Same signatures and answers as the runs migration's versions.
 *
 * - `checkpoint_step_runs` looked each row's run up with a join the planner chose for it: while
 *   `runs` is small or its statistics stale (a fresh database filling up, as in the bench), a hash
 *   join over a **sequential scan of every run**, so each flush read the whole table (a large,
 *   analysed table gets index lookups). The run and an already recorded checkpoint are now looked
 *   up per row by their keys whatever the statistics (LATERAL … OFFSET 0 keeps the subqueries
 *   parameterised, so they stay index scans).
 * - `begin_runs` hashed every unfinished run per flush; `finish_runs` could too for a large batch.
 *   Both now reach runs only through `id = ANY(…)` on the primary key.
 * - The `step_runs → tenants` foreign key goes: the run's key already cascades a tenant's deletion,
 *   and the functions accept a row only with its run's tenant. Its check locked the tenant's row
 *   (FOR KEY SHARE) in every checkpoint statement — with several flushes in flight, every
 *   transaction of a tenant shared that lock (a new MultiXact each time).
 */
export class EngineThroughput1764741600000 implements MigrationInterface {
  name = 'EngineThroughput1764741600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE step_runs DROP CONSTRAINT "FK_step_runs_tenant"`);

    await q.query(`
      CREATE OR REPLACE FUNCTION checkpoint_step_runs(checkpoints jsonb)
      RETURNS TABLE (run_id uuid, path text, step_id text, attempt integer, seq bigint, inserted boolean)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH given AS MATERIALIZED (
          SELECT r.tenant_id, x.run_id, x.step_id, COALESCE(x.path, '') AS path, x.attempt, x.status,
                 x.port, x.input, x.output, x.error, COALESCE(x.logs, '[]'::jsonb) AS logs,
                 COALESCE(x.output_truncated, false) AS output_truncated,
                 x.started_at, x.finished_at, x.duration_ms
            FROM jsonb_to_recordset(checkpoints) AS x(
                   tenant_id uuid, run_id uuid, step_id text, path text, attempt integer, status text,
                   port text, input jsonb, output jsonb, error jsonb, logs jsonb, output_truncated boolean,
                   started_at timestamptz, finished_at timestamptz, duration_ms integer)
           CROSS JOIN LATERAL (
             SELECT r.tenant_id FROM runs r WHERE r.id = x.run_id AND r.tenant_id = x.tenant_id OFFSET 0
           ) r
        ), ins AS (
          INSERT INTO step_runs (tenant_id, run_id, step_id, path, attempt, status, port, input, output,
                                 error, logs, output_truncated, started_at, finished_at, duration_ms)
          SELECT tenant_id, run_id, step_id, path, attempt, status, port, input, output,
                 error, logs, output_truncated, started_at, finished_at, duration_ms
            FROM given
          ON CONFLICT ON CONSTRAINT "UQ_step_runs_checkpoint" DO NOTHING
          RETURNING step_runs.run_id, step_runs.path, step_runs.step_id, step_runs.attempt, step_runs.seq
        )
        -- Inserted rows, then the ones that existed already (NOT IN hashes the inserted keys).
        SELECT i.run_id, i.path, i.step_id, i.attempt, i.seq, true FROM ins i
        UNION ALL
        SELECT DISTINCT ON (g.run_id, g.path, g.step_id, g.attempt)
               g.run_id, g.path, g.step_id, g.attempt, s.seq, false
          FROM given g
          LEFT JOIN LATERAL (
            SELECT s.seq FROM step_runs s
             WHERE (s.run_id, s.path, s.step_id, s.attempt) = (g.run_id, g.path, g.step_id, g.attempt)
            OFFSET 0
          ) s ON true
         WHERE (g.run_id, g.path, g.step_id, g.attempt) NOT IN (SELECT run_id, path, step_id, attempt FROM ins);
        ${CLOSE}
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION begin_runs(requests jsonb)
      RETURNS TABLE (run jsonb, steps jsonb)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH req AS MATERIALIZED (
          SELECT DISTINCT x.tenant_id, x.run_id FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid)
        ), moved AS (
          UPDATE runs r SET status = 'running', started_at = COALESCE(r.started_at, now()), updated_at = now()
           WHERE r.id = ANY (ARRAY(SELECT run_id FROM req))
             AND EXISTS (SELECT 1 FROM req WHERE req.run_id = r.id AND req.tenant_id = r.tenant_id)
             AND r.status IN ('queued', 'running')
          RETURNING r.*
        )
        SELECT to_jsonb(m.*),
               COALESCE((SELECT jsonb_agg(to_jsonb(s.*) ORDER BY s.seq) FROM step_runs s WHERE s.run_id = m.id), '[]'::jsonb)
          FROM moved m;
        ${CLOSE}
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION finish_runs(requests jsonb)
      RETURNS TABLE (run_id uuid)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH x AS MATERIALIZED (
          SELECT * FROM jsonb_to_recordset(requests)
                     AS x(tenant_id uuid, run_id uuid, status text, output jsonb, error jsonb)
           WHERE x.status IN (${FINISHED})
        )
        UPDATE runs r
           SET status = x.status, output = COALESCE(x.output, r.output), error = x.error,
               finished_at = now(), updated_at = now()
          FROM x
         WHERE r.id = ANY (ARRAY(SELECT run_id FROM x)) AND r.id = x.run_id AND r.tenant_id = x.tenant_id
           AND r.status IN ('queued', 'running', 'waiting')
        RETURNING r.id;
        ${CLOSE}
      END $$`);
  }

  /** Back to the runs migration's definitions. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION checkpoint_step_runs(checkpoints jsonb)
      RETURNS TABLE (run_id uuid, path text, step_id text, attempt integer, seq bigint, inserted boolean)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH given AS (
          SELECT r.tenant_id, x.run_id, x.step_id, COALESCE(x.path, '') AS path, x.attempt, x.status,
                 x.port, x.input, x.output, x.error, COALESCE(x.logs, '[]'::jsonb) AS logs,
                 COALESCE(x.output_truncated, false) AS output_truncated,
                 x.started_at, x.finished_at, x.duration_ms
            FROM jsonb_to_recordset(checkpoints) AS x(
                   tenant_id uuid, run_id uuid, step_id text, path text, attempt integer, status text,
                   port text, input jsonb, output jsonb, error jsonb, logs jsonb, output_truncated boolean,
                   started_at timestamptz, finished_at timestamptz, duration_ms integer)
            JOIN runs r ON r.id = x.run_id AND r.tenant_id = x.tenant_id
        ), ins AS (
          INSERT INTO step_runs (tenant_id, run_id, step_id, path, attempt, status, port, input, output,
                                 error, logs, output_truncated, started_at, finished_at, duration_ms)
          SELECT tenant_id, run_id, step_id, path, attempt, status, port, input, output,
                 error, logs, output_truncated, started_at, finished_at, duration_ms
            FROM given
          ON CONFLICT ON CONSTRAINT "UQ_step_runs_checkpoint" DO NOTHING
          RETURNING step_runs.run_id, step_runs.path, step_runs.step_id, step_runs.attempt, step_runs.seq
        )
        SELECT i.run_id, i.path, i.step_id, i.attempt, i.seq, true FROM ins i
        UNION ALL
        SELECT DISTINCT ON (g.run_id, g.path, g.step_id, g.attempt)
               g.run_id, g.path, g.step_id, g.attempt, s.seq, false
          FROM given g
          LEFT JOIN step_runs s ON (s.run_id, s.path, s.step_id, s.attempt) = (g.run_id, g.path, g.step_id, g.attempt)
         WHERE (g.run_id, g.path, g.step_id, g.attempt) NOT IN (SELECT run_id, path, step_id, attempt FROM ins);
        ${CLOSE}
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION begin_runs(requests jsonb)
      RETURNS TABLE (run jsonb, steps jsonb)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH req AS (
          SELECT DISTINCT x.tenant_id, x.run_id FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid)
        ), moved AS (
          UPDATE runs r SET status = 'running', started_at = COALESCE(r.started_at, now()), updated_at = now()
            FROM req WHERE r.id = req.run_id AND r.tenant_id = req.tenant_id AND r.status IN ('queued', 'running')
          RETURNING r.*
        )
        SELECT to_jsonb(m.*),
               COALESCE((SELECT jsonb_agg(to_jsonb(s.*) ORDER BY s.seq) FROM step_runs s WHERE s.run_id = m.id), '[]'::jsonb)
          FROM moved m;
        ${CLOSE}
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION finish_runs(requests jsonb)
      RETURNS TABLE (run_id uuid)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY UPDATE runs r
           SET status = x.status, output = COALESCE(x.output, r.output), error = x.error,
               finished_at = now(), updated_at = now()
          FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid, status text, output jsonb, error jsonb)
         WHERE r.id = x.run_id AND r.tenant_id = x.tenant_id
           AND r.status IN ('queued', 'running', 'waiting') AND x.status IN (${FINISHED})
        RETURNING r.id;
        ${CLOSE}
      END $$`);
    await q.query(`ALTER TABLE step_runs ADD CONSTRAINT "FK_step_runs_tenant"
      FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`);
  }
}
