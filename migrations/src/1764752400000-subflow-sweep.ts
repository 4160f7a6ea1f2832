import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child run that ended while its worker died before resolving the parent's `subflow` wait would
 * leave the parent waiting forever (ADR 0006: every wait must survive a crash). The waitpoint
 * sweeper finds such waits with `ended_subflow_children` — across tenants, so SECURITY DEFINER like
 * `wake_due_waitpoints` — and resolves each through the tenant-scoped `resolveSubflowParent`
 * (compare-and-set: a late resolution by the child's own worker and the sweeper cannot both apply).
 * The function only reads and answers ids; every change happens in the tenant's own transaction.
 */
export class SubflowSweep1764752400000 implements MigrationInterface {
  name = 'SubflowSweep1764752400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_waitpoints_subflow_waiting" ON waitpoints (created_at)
        WHERE kind = 'subflow' AND status = 'waiting'`,
    );
    await q.query(`
      CREATE FUNCTION ended_subflow_children(grace interval, max_rows integer)
      RETURNS TABLE (tenant_id uuid, child_run_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM set_config('app.cross_tenant', 'on', true);
        RETURN QUERY
          SELECT c.tenant_id, c.id
            FROM waitpoints w
            JOIN runs p ON p.id = w.run_id AND p.status = 'waiting'
            JOIN runs c ON c.id = (w.details->>'childRunId')::uuid AND c.tenant_id = w.tenant_id
           WHERE w.kind = 'subflow' AND w.status = 'waiting'
             AND c.status IN ('succeeded', 'failed', 'cancelled', 'timed_out')
             AND c.finished_at <= now() - grace
           ORDER BY w.created_at
           LIMIT least(max_rows, 10000);
        PERFORM set_config('app.cross_tenant', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION ended_subflow_children(interval, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ended_subflow_children(interval, integer) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ended_subflow_children(interval, integer)`);
    await q.query(`DROP INDEX "IDX_waitpoints_subflow_waiting"`);
  }
}
