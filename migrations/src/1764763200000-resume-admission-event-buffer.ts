import type { MigrationInterface, QueryRunner } from 'typeorm';

const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const open = `PERFORM set_config('app.cross_tenant', 'on', true);`;
const close = `PERFORM set_config('app.cross_tenant', '', true);`;

/**
 * Two gaps of issue 10.
 *
 * **A resumed run takes a slot again** (docs/adr/0007-fair-admission.md). A counted run that parks
 * (`running → waiting`) gave its slot back by clearing `admission`; its resume did not take one, so
 * a tenant could run more than `maxConcurrentRuns` at once. Now the release trigger marks a parked
 * counted run `admission = 'parked'` (no slot, but counted again when it resumes); a resume takes a
 * slot (`held`) or leaves the run `waiting` with `admission = 'pending'` for the admitter, which
 * moves it `waiting → running` when a slot frees. Runs inserted by other paths stay NULL: not counted.
 *
 * **Recent events are kept for a wait that opens late** (docs/adr/0008-event-buffer.md):
 * `event_buffer` holds, per (tenant, name, key), the newest event published — `key = ''` for an
 * event without a key (a real key is 1–255 characters) — so a `waitForEvent` that opens after a
 * fast reply still gets it. Pruned by the worker in small batches (`prune_event_buffer`, across
 * tenants: SECURITY DEFINER).
 */
export class ResumeAdmissionEventBuffer1764763200000 implements MigrationInterface {
  name = 'ResumeAdmissionEventBuffer1764763200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP CONSTRAINT "CHK_runs_admission"`);
    await q.query(
      `ALTER TABLE runs ADD CONSTRAINT "CHK_runs_admission" CHECK (admission IS NULL OR admission IN ('pending', 'held', 'parked'))`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION runs_release_admission() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.admission = 'held' AND EXISTS (
             SELECT 1 FROM runs p WHERE p.tenant_id = OLD.tenant_id AND p.admission = 'pending') THEN
          PERFORM pg_notify('run_admission', OLD.tenant_id::text);
        END IF;
        -- A counted run that parks keeps being counted: its resume takes a slot again.
        NEW.admission := CASE WHEN NEW.status = 'waiting' THEN 'parked' END;
        RETURN NEW;
      END $$`);

    await q.query(`
      CREATE TABLE event_buffer (
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        key text NOT NULL,
        event_id text NOT NULL,
        payload jsonb,
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_event_buffer" PRIMARY KEY (tenant_id, name, key),
        CONSTRAINT "FK_event_buffer_tenant" FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_event_buffer_published" ON event_buffer (published_at)`);
    await q.query(`ALTER TABLE event_buffer ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE event_buffer FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON event_buffer
      USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`);
    // The owner role (the pruner's SECURITY DEFINER function) sees every tenant's rows only while
    // the function has `app.cross_tenant` on, like runs and waitpoints.
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('CREATE POLICY cross_tenant ON event_buffer TO %I
          USING (current_setting(''app.cross_tenant'', true) = ''on'')
          WITH CHECK (current_setting(''app.cross_tenant'', true) = ''on'')', current_user);
      END $$`);
    await q.query(`
      CREATE FUNCTION prune_event_buffer(older_than interval, max_rows integer)
      RETURNS integer
      ${definer} AS $$
      DECLARE n integer;
      BEGIN
        ${open}
        DELETE FROM event_buffer b WHERE b.ctid IN (
          SELECT ctid FROM event_buffer WHERE published_at < now() - older_than
           LIMIT least(max_rows, 10000) FOR UPDATE SKIP LOCKED);
        GET DIAGNOSTICS n = ROW_COUNT;
        ${close}
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION prune_event_buffer(interval, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION prune_event_buffer(interval, integer) TO stepline_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION prune_event_buffer(interval, integer)`);
    await q.query(`DROP TABLE event_buffer`);
    await q.query(`
      CREATE OR REPLACE FUNCTION runs_release_admission() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.admission = 'held' AND EXISTS (
             SELECT 1 FROM runs p WHERE p.tenant_id = OLD.tenant_id AND p.admission = 'pending') THEN
          PERFORM pg_notify('run_admission', OLD.tenant_id::text);
        END IF;
        NEW.admission := NULL;
        RETURN NEW;
      END $$`);
    // Parked marks and resumes waiting for a slot are not counted by the old scheme.
    await q.query(
      `UPDATE runs SET admission = NULL WHERE admission = 'parked' OR (admission = 'pending' AND status = 'waiting')`,
    );
    await q.query(`ALTER TABLE runs DROP CONSTRAINT "CHK_runs_admission"`);
    await q.query(
      `ALTER TABLE runs ADD CONSTRAINT "CHK_runs_admission" CHECK (admission IS NULL OR admission IN ('pending', 'held'))`,
    );
  }
}
