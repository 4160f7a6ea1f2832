import type { MigrationInterface, QueryRunner } from 'typeorm';

const RUN_STATUSES = `'queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'timed_out'`;
const RUN_TRIGGERS = `'manual', 'api', 'webhook', 'schedule', 'event', 'subflow', 'retry'`;
const STEP_RUN_STATUSES = `'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'waiting'`;
const FINISHED = `'succeeded', 'failed', 'cancelled', 'timed_out'`;

/**
 * Runs and their step runs (product.md §5, architecture.md "How a run moves"). Both tables are
 * tenant-owned with a FORCE row-level-security policy, like every other tenant table.
 *
 * `step_runs` is the checkpoint log: one row per (run, iteration path, step, attempt), never
 * changed once written — the application role may insert and read it, not update or delete it.
 * Runs are deleted only by retention, or with their flow or tenant.
 *
 * Three jobs of the worker span tenants and would cost a transaction per tenant through the RLS
 * scope: the group commit of checkpoints (one statement for every run in flight), the sweeper and
 * retention. They are SECURITY DEFINER functions owned by the schema owner. Under FORCE RLS the
 * owner is held to the policies too, so each table also gets a `cross_tenant` policy for the
 * owner role alone, open only while `app.cross_tenant` is 'on' — which only these functions set
 * (in their `SET` clause, restored when they return). The application role can set the variable
 * too, but the policy does not apply to it: it never gets past `tenant_isolation`.
 */
export class Runs1764460800000 implements MigrationInterface {
  name = 'Runs1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        flow_id uuid NOT NULL,
        version_id uuid NOT NULL,
        version_number integer NOT NULL,
        is_test boolean NOT NULL DEFAULT false,
        definition jsonb,
        status text NOT NULL,
        "trigger" text NOT NULL,
        input jsonb NOT NULL DEFAULT '{}'::jsonb,
        output jsonb,
        error jsonb,
        response jsonb,
        parent_run_id uuid,
        retry_of_run_id uuid,
        resumed_from_run_id uuid,
        resume_from_step text,
        idempotency_key text,
        request_hash text,
        created_by uuid,
        created_by_api_key uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        deadline_at timestamptz,
        cancel_requested_at timestamptz,
        steps_done integer NOT NULL DEFAULT 0,
        CONSTRAINT "CHK_runs_status" CHECK ("status" IN (${RUN_STATUSES})),
        CONSTRAINT "CHK_runs_trigger" CHECK ("trigger" IN (${RUN_TRIGGERS})),
        CONSTRAINT "CHK_runs_test_definition" CHECK ((definition IS NOT NULL) = is_test),
        CONSTRAINT "FK_runs_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_runs_flow" FOREIGN KEY (flow_id) REFERENCES flows(id) ON DELETE CASCADE,
        CONSTRAINT "FK_runs_version" FOREIGN KEY (version_id) REFERENCES flow_versions(id) ON DELETE CASCADE,
        CONSTRAINT "FK_runs_parent" FOREIGN KEY (parent_run_id) REFERENCES runs(id) ON DELETE SET NULL
      )`);
    // Lists page on (created_at, id) descending; a b-tree reads these backwards at no cost. The
    // tenant index also serves retention (per tenant, oldest first).
    await q.query(`CREATE INDEX "IDX_runs_tenant_created" ON runs (tenant_id, created_at, id)`);
    // flow_id implies the tenant; leading with it also serves the cascade from a deleted flow.
    await q.query(`CREATE INDEX "IDX_runs_flow_created" ON runs (flow_id, created_at, id)`);
    await q.query(
      `CREATE INDEX "IDX_runs_tenant_status_created" ON runs (tenant_id, status, created_at, id)`,
    );
    // The sweeper's scan: only unfinished runs are in it, so it stays small.
    await q.query(`CREATE INDEX "IDX_runs_active_updated" ON runs (updated_at)
      WHERE status IN ('queued', 'running', 'waiting')`);
    // Foreign-key lookups of cascades (a deleted version, a pruned parent run).
    await q.query(`CREATE INDEX "IDX_runs_version" ON runs (version_id)`);
    await q.query(`CREATE INDEX "IDX_runs_parent" ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_runs_idempotency_key" ON runs (tenant_id, flow_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE step_runs (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL,
        run_id uuid NOT NULL,
        step_id text NOT NULL,
        path text NOT NULL DEFAULT '',
        attempt integer NOT NULL,
        status text NOT NULL,
        port text,
        input jsonb,
        output jsonb,
        error jsonb,
        logs jsonb NOT NULL DEFAULT '[]'::jsonb,
        output_truncated boolean NOT NULL DEFAULT false,
        started_at timestamptz,
        finished_at timestamptz,
        duration_ms integer,
        CONSTRAINT "UQ_step_runs_checkpoint" UNIQUE (run_id, path, step_id, attempt),
        CONSTRAINT "CHK_step_runs_status" CHECK ("status" IN (${STEP_RUN_STATUSES})),
        CONSTRAINT "CHK_step_runs_attempt" CHECK (attempt >= 1),
        CONSTRAINT "FK_step_runs_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        CONSTRAINT "FK_step_runs_run" FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE
      )`);

    for (const table of ['runs', 'step_runs']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table}
        USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
      await q.query(`
        DO $$ BEGIN
          EXECUTE format('CREATE POLICY cross_tenant ON ${table} TO %I
            USING (current_setting(''app.cross_tenant'', true) = ''on'')
            WITH CHECK (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
        END $$`);
    }
    // Retention reads each tenant's setting.
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY cross_tenant_read ON tenants FOR SELECT TO %I
          USING (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
      END $$`);
    await q.query(`REVOKE DELETE, TRUNCATE ON runs FROM stepline_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON step_runs FROM stepline_app`);

    await this.createFunctions(q);
  }

  private async createFunctions(q: QueryRunner): Promise<void> {
    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
    // A non-superuser may not put a custom variable in a function's SET clause, so each body opens
    // the owner's cross-tenant policy itself and closes it before returning (an error aborts the
    // transaction, which discards the setting anyway).
    const open = `PERFORM set_config('app.cross_tenant', 'on', true);`;
    const close = `PERFORM set_config('app.cross_tenant', '', true);`;

    // The worker's group commit: the checkpoints of every run in flight, of any tenants, in one
    // statement. Idempotent per (run, path, step, attempt): a re-executed write inserts nothing.
    // A row is taken only when its run exists with the tenant it names, so a confused caller can
    // never file a step under another tenant's run. Answers one row per checkpoint whose run
    // matched: `inserted` false when it was already recorded (`seq` is then the recorded row's,
    // or null if a concurrent statement recorded it after this one began).
    await q.query(`
      CREATE FUNCTION checkpoint_step_runs(checkpoints jsonb)
      RETURNS TABLE (run_id uuid, path text, step_id text, attempt integer, seq bigint, inserted boolean)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
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
        -- Inserted rows, then the ones that existed already. No join against ins: a CTE has no
        -- index and the planner picks a nested loop (quadratic in the batch); NOT IN hashes it.
        SELECT i.run_id, i.path, i.step_id, i.attempt, i.seq, true FROM ins i
        UNION ALL
        SELECT DISTINCT ON (g.run_id, g.path, g.step_id, g.attempt)
               g.run_id, g.path, g.step_id, g.attempt, s.seq, false
          FROM given g
          LEFT JOIN step_runs s ON (s.run_id, s.path, s.step_id, s.attempt) = (g.run_id, g.path, g.step_id, g.attempt)
         WHERE (g.run_id, g.path, g.step_id, g.attempt) NOT IN (SELECT run_id, path, step_id, attempt FROM ins);
        ${close}
      END $$`);

    // The sweeper: unfinished runs nothing has touched for `stale_after` (their job may be gone,
    // e.g. Redis lost its data), oldest first. Waiting runs are resumed by their waitpoints instead.
    // The worker's group start: moves a batch of runs (any tenants) to running and answers each
    // with its checkpoints, in one statement — the first thing every run job does. A run is taken
    // only with the tenant its job names, and only while it is queued or running.
    await q.query(`
      CREATE FUNCTION begin_runs(requests jsonb)
      RETURNS TABLE (run jsonb, steps jsonb)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
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
        ${close}
      END $$`);

    // The worker's group finish: terminal statuses of a batch of runs (any tenants) in one
    // statement. A compare-and-set like transitionRun: a run already finished (a cancel that won)
    // is left alone and not answered.
    await q.query(`
      CREATE FUNCTION finish_runs(requests jsonb)
      RETURNS TABLE (run_id uuid)
      ${definer} AS $$
      #variable_conflict use_column
      BEGIN
        ${open}
        RETURN QUERY UPDATE runs r
           SET status = x.status, output = COALESCE(x.output, r.output), error = x.error,
               finished_at = now(), updated_at = now()
          FROM jsonb_to_recordset(requests) AS x(tenant_id uuid, run_id uuid, status text, output jsonb, error jsonb)
         WHERE r.id = x.run_id AND r.tenant_id = x.tenant_id
           AND r.status IN ('queued', 'running', 'waiting') AND x.status IN (${FINISHED})
        RETURNING r.id;
        ${close}
      END $$`);

    await q.query(`
      CREATE FUNCTION runs_to_recover(stale_after interval, max_rows integer)
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

    // The worker's heartbeat for the runs it holds, of any tenants, in one statement: keeps them
    // out of the sweeper's hands while a long step runs. Answers how many unfinished runs it touched.
    await q.query(`
      CREATE FUNCTION touch_runs(run_ids uuid[])
      RETURNS integer
      ${definer} AS $$ DECLARE touched integer; BEGIN
        ${open}
        UPDATE runs SET updated_at = now() WHERE id = ANY (run_ids) AND status IN ('queued', 'running');
        GET DIAGNOSTICS touched = ROW_COUNT;
        ${close}
        RETURN touched;
      END $$`);

    // Retention: deletes up to `batch` finished runs (their step runs go by cascade) created before
    // their tenant's retention (settings.retentionDays, 1–3650, default 30). Small batches take
    // few locks and skip locked rows, so writers are never blocked for long; call it until it
    // answers less than the batch. Unfinished runs are left alone however old.
    await q.query(`
      CREATE FUNCTION prune_expired_runs(batch integer)
      RETURNS integer
      ${definer} AS $$ DECLARE pruned integer; BEGIN
        ${open}
        WITH doomed AS (
          SELECT r.id
            FROM tenants t
            CROSS JOIN LATERAL (
              SELECT x.id FROM runs x
               WHERE x.tenant_id = t.id
                 AND x.status IN (${FINISHED})
                 AND x.created_at < now() - make_interval(days =>
                       CASE WHEN jsonb_typeof(t.settings -> 'retentionDays') = 'number'
                            THEN greatest(1, least(3650, (t.settings ->> 'retentionDays')::numeric))::int
                            ELSE 30 END)
               ORDER BY x.created_at
               LIMIT least(batch, 10000)
               FOR UPDATE SKIP LOCKED
            ) r
           LIMIT least(batch, 10000)
        )
        DELETE FROM runs WHERE id IN (SELECT id FROM doomed);
        GET DIAGNOSTICS pruned = ROW_COUNT;
        ${close}
        RETURN pruned;
      END $$`);

    for (const signature of [
      'checkpoint_step_runs(jsonb)',
      'begin_runs(jsonb)',
      'finish_runs(jsonb)',
      'runs_to_recover(interval, integer)',
      'touch_runs(uuid[])',
      'prune_expired_runs(integer)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO stepline_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION prune_expired_runs(integer)`);
    await q.query(`DROP FUNCTION touch_runs(uuid[])`);
    await q.query(`DROP FUNCTION runs_to_recover(interval, integer)`);
    await q.query(`DROP FUNCTION finish_runs(jsonb)`);
    await q.query(`DROP FUNCTION begin_runs(jsonb)`);
    await q.query(`DROP FUNCTION checkpoint_step_runs(jsonb)`);
    await q.query(`DROP POLICY cross_tenant_read ON tenants`);
    await q.query(`DROP TABLE step_runs`);
    await q.query(`DROP TABLE runs`);
  }
}
