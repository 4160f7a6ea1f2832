import type { MigrationInterface, QueryRunner } from 'typeorm';

const FINISHED = `'succeeded', 'failed', 'cancelled', 'timed_out'`;
const DEFINER = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const OPEN = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const CLOSE = `PERFORM set_config('app.cross_tenant', '', true);`;

/** How the functions test a run's tenant and status. */
interface Matches {
  tenant: (run: string, given: string) => string;
  /** queued or running */
  active: (status: string) => string;
  /** queued, running or waiting */
  unfinished: (status: string) => string;
}

/**
 * The same tests in forms no planner turns into an index condition or matches with a partial
 * index's predicate: `IS NOT DISTINCT FROM` on NOT NULL columns, and the statuses a run is not in
 * (the `CHK_runs_status` list), so the only way to a run is its key.
 */
const KEY_ONLY: Matches = {
  tenant: (run, given) => `${run} IS NOT DISTINCT FROM ${given}`,
  active: (status) => `${status} NOT IN ('waiting', ${FINISHED})`,
  unfinished: (status) => `${status} NOT IN (${FINISHED})`,
};
/** The earlier forms (down). */
const INDEXABLE: Matches = {
  tenant: (run, given) => `${run} = ${given}`,
  active: (status) => `${status} IN ('queued', 'running')`,
  unfinished: (status) => `${status} IN ('queued', 'running', 'waiting')`,
};

/**
 * Every run the worker's group functions and `run_detail_rows` touch is reached by its primary key,
 * whatever the planner's statistics (issues 8 and 11; docs/benchmarks.md "Webhooks, sixth pass").
 *
 * While `runs` fills up faster than autovacuum analyses it — a fresh database under load, as in
 * bench/webhooks — the planner, trusting statistics of a near-empty table, read runs through
 * other indexes than the key:
 * - `r.id = x.run_id AND r.tenant_id = x.tenant_id` as a walk of `IDX_runs_tenant_created
 *   (tenant_id, created_at, id)` over every run of the tenant, for each run (0.5 ms per run at
 *   30k runs; ~130 index blocks per run at 20k);
 * - `r.status IN ('queued', 'running', …)` as a bitmap scan of the partial index
 *   `IDX_runs_active_updated` — every run not finished when last vacuumed (20k entries), for a
 *   batch of ten.
 * `finish_runs` and `load_runs` were then the largest costs of a webhook run in Postgres, growing
 * with the table. The tests stay, written so that they are neither index conditions nor proofs of
 * a partial index's predicate (`KEY_ONLY`). `runs-key-lookups.int-spec.ts` counts the index blocks
 * each function reads.
 */
export class RunsKeyLookups1764777600000 implements MigrationInterface {
  name = 'RunsKeyLookups1764777600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of definitions(KEY_ONLY)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of definitions(INDEXABLE)) await q.query(sql);
  }
}

/** The batch of `load_runs` and `begin_runs`: distinct (tenant, run) pairs. */
const REQUESTED = `req AS MATERIALIZED (
       SELECT DISTINCT x.tenant_id, x.run_id FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid)
     )`;
/** Run `r` is one of `req` (by key, with its tenant) and queued or running. */
const requestedAndActive = (is: Matches) => `r.id = ANY (ARRAY(SELECT run_id FROM req))
        AND EXISTS (SELECT 1 FROM req WHERE req.run_id = r.id AND ${is.tenant('req.tenant_id', 'r.tenant_id')})
        AND ${is.active('r.status')}`;
/** Run `r` is the one of batch row `x` (by key, with its tenant). */
const batchRun = (is: Matches) =>
  `r.id = ANY (ARRAY(SELECT run_id FROM x)) AND r.id = x.run_id AND ${is.tenant('r.tenant_id', 'x.tenant_id')}`;
/** The step runs of `run` in order, as one jsonb array. */
const stepsOf = (run: string) =>
  `COALESCE((SELECT jsonb_agg(to_jsonb(s.*) ORDER BY s.seq) FROM step_runs s WHERE s.run_id = ${run}.id), '[]'::jsonb)`;

/** The seven functions as the runs, engine and run-detail migrations left them, but for `is`'s tests. */
const definitions = (is: Matches): string[] => [
  `CREATE OR REPLACE FUNCTION load_runs(requests jsonb)
   RETURNS TABLE (run jsonb, steps jsonb)
   ${DEFINER} AS $$
   #variable_conflict use_column
   BEGIN
     ${OPEN}
     RETURN QUERY WITH ${REQUESTED}
     SELECT to_jsonb(r.*), ${stepsOf('r')}
       FROM runs r
      WHERE ${requestedAndActive(is)};
     ${CLOSE}
   END $$`,

  `CREATE OR REPLACE FUNCTION begin_runs(requests jsonb)
   RETURNS TABLE (run jsonb, steps jsonb)
   ${DEFINER} AS $$
   #variable_conflict use_column
   BEGIN
     ${OPEN}
     RETURN QUERY WITH ${REQUESTED}, moved AS (
       UPDATE runs r SET status = 'running', started_at = COALESCE(r.started_at, now()), updated_at = now()
        WHERE ${requestedAndActive(is)}
       RETURNING r.*
     )
     SELECT to_jsonb(m.*), ${stepsOf('m')}
       FROM moved m;
     ${CLOSE}
   END $$`,

  `CREATE OR REPLACE FUNCTION start_runs(requests jsonb)
   RETURNS TABLE (run_id uuid)
   ${DEFINER} AS $$
   #variable_conflict use_column
   BEGIN
     ${OPEN}
     RETURN QUERY WITH x AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid, started_at timestamptz)
     )
     UPDATE runs r
        SET status = 'running', started_at = COALESCE(r.started_at, x.started_at, now()), updated_at = now()
       FROM x
      WHERE ${batchRun(is)}
        AND ${is.active('r.status')}
     RETURNING r.id;
     ${CLOSE}
   END $$`,

  `CREATE OR REPLACE FUNCTION finish_runs(requests jsonb)
   RETURNS TABLE (run_id uuid)
   ${DEFINER} AS $$
   #variable_conflict use_column
   BEGIN
     ${OPEN}
     RETURN QUERY WITH x AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset(requests)
                  AS x(tenant_id uuid, run_id uuid, status text, output jsonb, error jsonb, started_at timestamptz)
        WHERE x.status IN (${FINISHED})
     )
     UPDATE runs r
        SET status = x.status, output = COALESCE(x.output, r.output), error = x.error,
            started_at = COALESCE(r.started_at, x.started_at), finished_at = now(), updated_at = now()
       FROM x
      WHERE ${batchRun(is)}
        AND ${is.unfinished('r.status')}
     RETURNING r.id;
     ${CLOSE}
   END $$`,

  `CREATE OR REPLACE FUNCTION checkpoint_step_runs(checkpoints jsonb)
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
          SELECT r.tenant_id FROM runs r WHERE r.id = x.run_id AND ${is.tenant('r.tenant_id', 'x.tenant_id')} OFFSET 0
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
   END $$`,

  `CREATE OR REPLACE FUNCTION run_detail_rows(p_tenant uuid, p_run uuid)
   RETURNS TABLE (kind text, doc jsonb)
   LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
   #variable_conflict use_column
   BEGIN
     PERFORM set_config('app.tenant_id', p_tenant::text, true);
     PERFORM set_config('app.user_id', '', true);
     PERFORM set_config('app.token_hash', '', true);
     RETURN QUERY
       SELECT 'run'::text, to_jsonb(r.*) FROM runs r WHERE r.id = p_run AND ${is.tenant('r.tenant_id', 'p_tenant')};
     IF FOUND THEN
       RETURN QUERY
         SELECT 'step'::text, to_jsonb(s.*) FROM step_runs s WHERE s.run_id = p_run ORDER BY s.seq;
     END IF;
     PERFORM set_config('app.tenant_id', '', true);
   END $$`,

  `CREATE OR REPLACE FUNCTION touch_runs(run_ids uuid[])
   RETURNS integer
   ${DEFINER} AS $$ DECLARE touched integer; BEGIN
     ${OPEN}
     UPDATE runs SET updated_at = now() WHERE id = ANY (run_ids) AND ${is.active('status')};
     GET DIAGNOSTICS touched = ROW_COUNT;
     ${CLOSE}
     RETURN touched;
   END $$`,
];
