import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run and its step runs in one statement (issue 8: `GET /v1/runs/{id}` and the answer of a start
 * with `wait`). The read ran in a tenant transaction: BEGIN with the scope, the run, its steps,
 * COMMIT. `run_detail_rows` takes the tenant scope and reads in one statement (one round trip).
 * SECURITY INVOKER: the caller's row-level security applies as before, scoped to the tenant for the
 * statement only. One row per document (the run first, then each step run in `seq` order), not
 * one aggregate, so a run with many large steps never meets the size limit of a single jsonb value.
 */
export class RunDetailRead1764774000000 implements MigrationInterface {
  name = 'RunDetailRead1764774000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION run_detail_rows(p_tenant uuid, p_run uuid)
      RETURNS TABLE (kind text, doc jsonb)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        PERFORM set_config('app.user_id', '', true);
        PERFORM set_config('app.token_hash', '', true);
        RETURN QUERY
          SELECT 'run'::text, to_jsonb(r.*) FROM runs r WHERE r.tenant_id = p_tenant AND r.id = p_run;
        IF FOUND THEN
          RETURN QUERY
            SELECT 'step'::text, to_jsonb(s.*) FROM step_runs s WHERE s.run_id = p_run ORDER BY s.seq;
        END IF;
        PERFORM set_config('app.tenant_id', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION run_detail_rows(uuid, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION run_detail_rows(uuid, uuid) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION run_detail_rows(uuid, uuid)`);
  }
}
