import type { MigrationInterface, QueryRunner } from 'typeorm';

const FINISHED = `'succeeded', 'failed', 'cancelled', 'timed_out'`;
const DEFINER = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const OPEN = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const CLOSE = `PERFORM set_config('app.cross_tenant', '', true);`;

/**
 * A run of replay-safe steps in one commit (issue 8; docs/adr/0005 "Replay-safe steps").
 *
 * The runner used to move a run to `running` when it took it (`begin_runs`, an UPDATE and a
 * commit before the first step). It now only reads the run and its checkpoints (`load_runs`), and
 * the run moves to `running` with the first commit of its checkpoints (`start_runs`, in the same
 * statement) — or goes `queued → succeeded` directly when its checkpoints and its finish commit
 * together. `finish_runs` therefore also records when the runner started (`started_at`).
 * Nothing with an effect outside the run happens before that first commit, and the start answers
 * whether the run may still go (a cancel in between wins).
 */
export class EngineOneCommit1764766800000 implements MigrationInterface {
  name = 'EngineOneCommit1764766800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION load_runs(requests jsonb)
      RETURNS TABLE (run jsonb, steps jsonb)
      ${DEFINER} AS $$
      #variable_conflict use_column
      BEGIN
        ${OPEN}
        RETURN QUERY WITH req AS MATERIALIZED (
          SELECT DISTINCT x.tenant_id, x.run_id FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid)
        )
        SELECT to_jsonb(r.*),
               COALESCE((SELECT jsonb_agg(to_jsonb(s.*) ORDER BY s.seq) FROM step_runs s WHERE s.run_id = r.id), '[]'::jsonb)
          FROM runs r
         WHERE r.id = ANY (ARRAY(SELECT run_id FROM req))
           AND EXISTS (SELECT 1 FROM req WHERE req.run_id = r.id AND req.tenant_id = r.tenant_id)
           AND r.status IN ('queued', 'running');
        ${CLOSE}
      END $$`);

    await q.query(`
      CREATE FUNCTION start_runs(requests jsonb)
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
         WHERE r.id = ANY (ARRAY(SELECT run_id FROM x)) AND r.id = x.run_id AND r.tenant_id = x.tenant_id
           AND r.status IN ('queued', 'running')
        RETURNING r.id;
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
                     AS x(tenant_id uuid, run_id uuid, status text, output jsonb, error jsonb, started_at timestamptz)
           WHERE x.status IN (${FINISHED})
        )
        UPDATE runs r
           SET status = x.status, output = COALESCE(x.output, r.output), error = x.error,
               started_at = COALESCE(r.started_at, x.started_at), finished_at = now(), updated_at = now()
          FROM x
         WHERE r.id = ANY (ARRAY(SELECT run_id FROM x)) AND r.id = x.run_id AND r.tenant_id = x.tenant_id
           AND r.status IN ('queued', 'running', 'waiting')
        RETURNING r.id;
        ${CLOSE}
      END $$`);

    for (const signature of ['load_runs(jsonb)', 'start_runs(jsonb)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  /** Back to the engine-throughput migration's finish_runs; the two new functions go. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION start_runs(jsonb)`);
    await q.query(`DROP FUNCTION load_runs(jsonb)`);
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
}
