import type { MigrationInterface, QueryRunner } from 'typeorm';

const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const open = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const close = `PERFORM set_config('app.cross_tenant', '', true);`;

/**
 * Fair admission and usage (docs/adr/0007-fair-admission.md, product.md §5).
 *
 * `runs.admission`: a run started through `insertQueuedRun` either holds one of its tenant's
 * execution slots (`held`, it has a job) or waits for one in Postgres (`pending`, no job). NULL:
 * not counted (a waiting or finished run, or a run inserted by another path: subflow children,
 * fixtures). A run leaving `queued`/`running` gives its slot back in the same statement (a BEFORE
 * trigger), and notifies `run_admission` when its tenant has runs pending, so a worker admits the
 * next at once. The sweeper never re-enqueues a pending run (`runs_to_recover` leaves them out).
 *
 * `usage_daily`: runs, step attempts and step milliseconds per tenant per UTC day, re-aggregated in
 * the background by `refresh_usage_daily` (a worker loop), so the hot paths write nothing extra.
 */
export class QuotasUsage1764745200000 implements MigrationInterface {
  name = 'QuotasUsage1764745200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN admission text`);
    await q.query(
      `ALTER TABLE runs ADD CONSTRAINT "CHK_runs_admission" CHECK (admission IS NULL OR admission IN ('pending', 'held'))`,
    );
    await q.query(`CREATE INDEX "IDX_runs_admission_held" ON runs (tenant_id) WHERE admission = 'held'`);
    await q.query(
      `CREATE INDEX "IDX_runs_admission_pending" ON runs (tenant_id, created_at, id) WHERE admission = 'pending'`,
    );
    await q.query(`
      CREATE FUNCTION runs_release_admission() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.admission = 'held' AND EXISTS (
             SELECT 1 FROM runs p WHERE p.tenant_id = OLD.tenant_id AND p.admission = 'pending') THEN
          PERFORM pg_notify('run_admission', OLD.tenant_id::text);
        END IF;
        NEW.admission := NULL;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER runs_release_admission BEFORE UPDATE OF status ON runs FOR EACH ROW
      WHEN (OLD.admission IS NOT NULL AND NEW.status NOT IN ('queued', 'running'))
      EXECUTE FUNCTION runs_release_admission()`);

    // The sweeper as before, without the runs that wait for a slot (they have no job by design).
    await q.query(`
      CREATE OR REPLACE FUNCTION runs_to_recover(stale_after interval, max_rows integer)
      RETURNS TABLE (tenant_id uuid, run_id uuid, status text)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
        RETURN QUERY SELECT r.tenant_id, r.id, r.status FROM runs r
         WHERE r.status IN ('queued', 'running') AND r.updated_at < now() - stale_after
           AND r.admission IS DISTINCT FROM 'pending'
         ORDER BY r.updated_at
         LIMIT least(max_rows, 10000);
        ${close}
      END $$`);

    // The admission loop: tenants with runs waiting for a slot, ids only.
    await q.query(`
      CREATE FUNCTION tenants_pending_admission(max_rows integer)
      RETURNS TABLE (tenant_id uuid)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
        RETURN QUERY SELECT DISTINCT r.tenant_id FROM runs r WHERE r.admission = 'pending' LIMIT least(max_rows, 10000);
        ${close}
      END $$`);

    await q.query(`
      CREATE TABLE usage_daily (
        tenant_id uuid NOT NULL,
        day date NOT NULL,
        runs integer NOT NULL DEFAULT 0,
        steps integer NOT NULL DEFAULT 0,
        step_ms bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_usage_daily" PRIMARY KEY (tenant_id, day),
        CONSTRAINT "FK_usage_daily_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON usage_daily
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY cross_tenant ON usage_daily TO %I
          USING (current_setting(''app.cross_tenant'', true) = ''on'')
          WITH CHECK (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
      END $$`);
    // Only the worker's aggregation writes it.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON usage_daily FROM stepline_app`);

    // Re-aggregates the UTC days from \`since\`: runs by their creation day, their step attempts
    // (skipped and waiting records are not work) and step milliseconds with them. A day's numbers
    // never go down, so runs pruned by retention do not erase usage already recorded.
    await q.query(`
      CREATE FUNCTION refresh_usage_daily(since date)
      RETURNS integer
      ${definer} AS $$ DECLARE n integer; BEGIN
        ${open}
        INSERT INTO usage_daily AS u (tenant_id, day, runs, steps, step_ms, updated_at)
        SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date, count(DISTINCT r.id),
               count(s.run_id), COALESCE(sum(s.duration_ms), 0), now()
          FROM runs r
          LEFT JOIN step_runs s ON s.run_id = r.id AND s.status NOT IN ('skipped', 'waiting')
         WHERE r.created_at >= since::timestamp AT TIME ZONE 'UTC'
         GROUP BY 1, 2
        ON CONFLICT (tenant_id, day) DO UPDATE
          SET runs = greatest(u.runs, EXCLUDED.runs), steps = greatest(u.steps, EXCLUDED.steps),
              step_ms = greatest(u.step_ms, EXCLUDED.step_ms), updated_at = now();
        GET DIAGNOSTICS n = ROW_COUNT;
        ${close}
        RETURN n;
      END $$`);
    for (const signature of ['tenants_pending_admission(integer)', 'refresh_usage_daily(date)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION refresh_usage_daily(date)`);
    await q.query(`DROP TABLE usage_daily`);
    await q.query(`DROP FUNCTION tenants_pending_admission(integer)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION runs_to_recover(stale_after interval, max_rows integer)
      RETURNS TABLE (tenant_id uuid, run_id uuid, status text)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
        RETURN QUERY SELECT r.tenant_id, r.id, r.status FROM runs r
         WHERE r.status IN ('queued', 'running') AND r.updated_at < now() - stale_after
         ORDER BY r.updated_at
         LIMIT least(max_rows, 10000);
        ${close}
      END $$`);
    await q.query(`DROP TRIGGER runs_release_admission ON runs`);
    await q.query(`DROP FUNCTION runs_release_admission()`);
    await q.query(`DROP INDEX "IDX_runs_admission_pending"`);
    await q.query(`DROP INDEX "IDX_runs_admission_held"`);
    await q.query(`ALTER TABLE runs DROP CONSTRAINT "CHK_runs_admission"`);
    await q.query(`ALTER TABLE runs DROP COLUMN admission`);
  }
}
