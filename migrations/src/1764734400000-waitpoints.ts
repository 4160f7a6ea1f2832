import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Waitpoints (product.md §4–5, docs/adr/0006-durable-waits.md): what a waiting run waits for. One
 * row per (run, iteration path, step, attempt) of a `delay`, `approval`, `waitForEvent` or
 * `subflow` step. A waitpoint leaves `waiting` exactly once, by a compare-and-set
 * (`… WHERE status = 'waiting'`): `resolved` (an event, a decision, a child run, with `result`),
 * `timed_out` (`resume_at` passed) or `cancelled` (its run was cancelled). Tenant-owned with FORCE
 * row-level security like every tenant table.
 *
 * The worker's sweeper spans tenants: `wake_due_waitpoints` is a SECURITY DEFINER function like the
 * runs migration's, opening the owner's `cross_tenant` policy only while it runs.
 */
export class Waitpoints1764734400000 implements MigrationInterface {
  name = 'Waitpoints1764734400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE waitpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        run_id uuid NOT NULL,
        step_id text NOT NULL,
        path text NOT NULL DEFAULT '',
        attempt integer NOT NULL,
        kind text NOT NULL,
        event_name text,
        correlation_key text,
        resume_at timestamptz,
        status text NOT NULL DEFAULT 'waiting',
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        result jsonb,
        resolved_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT "UQ_waitpoints_step" UNIQUE (run_id, path, step_id, attempt),
        CONSTRAINT "CHK_waitpoints_kind" CHECK (kind IN ('delay', 'event', 'approval', 'subflow')),
        CONSTRAINT "CHK_waitpoints_status" CHECK (status IN ('waiting', 'resolved', 'timed_out', 'cancelled')),
        CONSTRAINT "CHK_waitpoints_event" CHECK ((kind = 'event') = (event_name IS NOT NULL)),
        CONSTRAINT "CHK_waitpoints_attempt" CHECK (attempt >= 1),
        CONSTRAINT "FK_waitpoints_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_waitpoints_run" FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
      )`);
    // An arriving event finds the runs waiting for (name, key) of its tenant.
    await q.query(`CREATE INDEX "IDX_waitpoints_event" ON waitpoints (tenant_id, event_name, correlation_key)
      WHERE status = 'waiting' AND kind = 'event'`);
    // The sweeper's scan for timeouts: only waiting rows with a time are in it.
    await q.query(`CREATE INDEX "IDX_waitpoints_due" ON waitpoints (resume_at)
      WHERE status = 'waiting' AND resume_at IS NOT NULL`);
    // What waits in a tenant, by kind (the approvals inbox), newest first.
    await q.query(`CREATE INDEX "IDX_waitpoints_tenant_kind" ON waitpoints (tenant_id, kind, created_at)
      WHERE status = 'waiting'`);

    await q.query(`ALTER TABLE waitpoints ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE waitpoints FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON waitpoints
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY cross_tenant ON waitpoints TO %I
          USING (current_setting(''app.cross_tenant'', true) = ''on'')
          WITH CHECK (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
      END $$`);
    // Waitpoints go with their run (cascade); the application never deletes one.
    await q.query(`REVOKE DELETE, TRUNCATE ON waitpoints FROM stepline_app`);

    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
    // The sweeper (a Redis that lost a waiting run's delayed job): for up to `max_rows` waiting runs
    // of any tenant with a waitpoint due for longer than `grace`, times those waitpoints out and
    // moves the run to running, answering (tenant, run) for the caller to enqueue. Each run row is
    // locked first (SKIP LOCKED: a resume or another sweeper holding it is left alone) — the same
    // order as resumeWaitpoint (run, then waitpoint), so the two cannot deadlock — and every
    // change is a compare-and-set on the status.
    await q.query(`
      CREATE FUNCTION wake_due_waitpoints(grace interval, max_rows integer)
      RETURNS TABLE (tenant_id uuid, run_id uuid)
      ${definer} AS $$
      #variable_conflict use_column
      DECLARE r record;
      BEGIN
        PERFORM set_config('app.cross_tenant', 'on', true);
        -- Due waits of runs that ended otherwise (failed on another branch, timed out) would fill
        -- the scan below forever: they are cancelled.
        UPDATE waitpoints w SET status = 'cancelled', resolved_by = 'run-ended', resolved_at = now()
          FROM runs x
         WHERE x.id = w.run_id AND w.status = 'waiting' AND w.resume_at <= now() - grace
           AND x.status IN ('succeeded', 'failed', 'cancelled', 'timed_out');
        FOR r IN
          SELECT x.id, x.tenant_id FROM runs x
           WHERE x.id IN (SELECT w.run_id FROM waitpoints w JOIN runs p ON p.id = w.run_id AND p.status = 'waiting'
                           WHERE w.status = 'waiting' AND w.resume_at <= now() - grace
                           ORDER BY w.resume_at LIMIT least(max_rows, 10000))
             AND x.status = 'waiting'
           FOR UPDATE OF x SKIP LOCKED
        LOOP
          UPDATE waitpoints w SET status = 'timed_out', resolved_at = now(), resolved_by = 'timeout'
           WHERE w.run_id = r.id AND w.status = 'waiting' AND w.resume_at <= now();
          IF FOUND THEN
            UPDATE runs SET status = 'running', updated_at = now() WHERE id = r.id AND status = 'waiting';
            tenant_id := r.tenant_id;
            run_id := r.id;
            RETURN NEXT;
          END IF;
        END LOOP;
        PERFORM set_config('app.cross_tenant', '', true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION wake_due_waitpoints(interval, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION wake_due_waitpoints(interval, integer) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION wake_due_waitpoints(interval, integer)`);
    await q.query(`DROP TABLE waitpoints`);
  }
}
